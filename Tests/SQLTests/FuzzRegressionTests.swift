import Testing
@testable import SQL

/// Inputs found by the libFuzzer target `.ci/fuzz/sql.swift` (`.ci/fuzz/run.sh sql SECONDS`), minimized.
/// Each failed the target's properties (no crash; parse → print → parse gives an equal tree).
struct FuzzRegressionTests {
    /// An unknown type name with parameters prints quoted (`` `TIMESTXAMP`(3) ``); the quoted form did not
    /// accept parameters, so the printed DDL failed to parse.
    @Test func quotedUnknownTypeWithParametersRoundTrips() {
        roundTrip("CREATE TABLE t (a TIMESTXAMP(3))")
        roundTrip("CREATE TABLE t (a `my type`(10, 2) NOT NULL)")
        roundTrip("SELECT CAST(x AS `T`(1)) FROM t")
    }

    /// `4.é` is a field of the literal 4 (a letter after `4.` keeps `4` an integer), but the printer wrote
    /// the quoted field as `` 4.`é` ``, which lexes as the decimal `4.` with an alias.
    @Test func fieldOfANumberLiteralRoundTrips() {
        roundTrip("SELECT a FROM t WHERE x > 4.é")
        roundTrip("SELECT 4.x, 1.5.`y` FROM t")
    }
}
