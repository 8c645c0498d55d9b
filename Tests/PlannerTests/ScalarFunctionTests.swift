import Planner
import Runtime
import Testing

struct ScalarFunctionTests {
    let int = DataType(.int)

    @Test func intOverflowWraps() throws {
        #expect(try Arithmetic.apply(.plus, .int(2_147_483_647), .int(1), type: int) == .int(-2_147_483_648))
    }

    @Test func intDivisionTruncatesTowardZero() throws {
        #expect(try Arithmetic.apply(.divide, .int(7), .int(2), type: int) == .int(3))
        #expect(try Arithmetic.apply(.divide, .int(-7), .int(2), type: int) == .int(-3))
        #expect(try Arithmetic.apply(.mod, .int(-7), .int(2), type: int) == .int(-1))
    }

    @Test func nullPropagates() throws {
        #expect(try Arithmetic.apply(.plus, .null, .int(1), type: int) == .null)
        #expect(StringFunctions.concat([.string("a"), .null]) == .null)
        #expect(StringFunctions.concatWs(.string("-"), [.string("a"), .null, .string("b")]) == .string("a-b"))
    }

    @Test func decimalArithmeticRoundsHalfUp() throws {
        let d = Value.decimal(1235, scale: 2)  // 12.35
        let t = DataType(.decimal(precision: 21, scale: 13))
        #expect(try Arithmetic.apply(.divide, d, .int(4), type: t) == .decimal(30_875_000_000_000, scale: 13))
        #expect(try Arithmetic.apply(.times, d, .int(2), type: DataType(.decimal(precision: 21, scale: 2))) == .decimal(2470, scale: 2))
        // AVG-style division: 6.68 / 3 at scale 6 = 2.226667
        #expect(try Arithmetic.apply(.divide, .decimal(668, scale: 2), .int(3), type: DataType(.decimal(precision: 38, scale: 6))) == .decimal(2_226_667, scale: 6))
    }

    @Test func roundHalfAwayFromZero() {
        #expect(Arithmetic.round(.double(2.5), digits: 0, type: DataType(.double)) == .double(3))
        #expect(Arithmetic.round(.double(-2.5), digits: 0, type: DataType(.double)) == .double(-3))
        #expect(Arithmetic.round(.double(25), digits: -1, type: DataType(.double)) == .double(30))
        #expect(Arithmetic.round(.decimal(1235, scale: 2), digits: 1, type: DataType(.decimal(precision: 10, scale: 1))) == .decimal(124, scale: 1))
        #expect(Arithmetic.round(.decimal(-1235, scale: 2), digits: 1, type: DataType(.decimal(precision: 10, scale: 1))) == .decimal(-124, scale: 1))
    }

    @Test func floorAndCeilOfDecimals() {
        #expect(Arithmetic.floor(.decimal(-50, scale: 2), type: DataType(.decimal(precision: 10, scale: 0))) == .decimal(-1, scale: 0))
        #expect(Arithmetic.ceil(.decimal(-50, scale: 2), type: DataType(.decimal(precision: 10, scale: 0))) == .decimal(0, scale: 0))
    }

    @Test func castDoubleOrDecimalToIntTruncates() throws {
        #expect(try Cast.cast(.double(-2.7), from: DataType(.double), to: int) == .int(-2))
        #expect(try Cast.cast(.decimal(1235, scale: 2), from: DataType(.decimal(precision: 10, scale: 2)), to: int) == .int(12))
        #expect(try Cast.cast(.string("42"), from: DataType(.string), to: int) == .int(42))
    }

    @Test func castFailureIsARuntimeErrorButTryCastIsNull() {
        #expect(throws: PlannerError.self) { try Cast.cast(.string("x"), from: DataType(.string), to: DataType(.int)) }
        #expect(Cast.tryCast(.string("x"), from: DataType(.string), to: DataType(.int)) == .null)
    }

    @Test func castDoubleToStringAsJava() throws {
        #expect(try Cast.cast(.double(147), from: DataType(.double), to: DataType(.string)) == .string("147.0"))
        #expect(try Cast.cast(.double(1e7), from: DataType(.double), to: DataType(.string)) == .string("1.0E7"))
        #expect(try Cast.cast(.double(0.0001), from: DataType(.double), to: DataType(.string)) == .string("1.0E-4"))
        #expect(try Cast.cast(.double(2.6), from: DataType(.double), to: DataType(.decimal(precision: 10, scale: 1))) == .decimal(26, scale: 1))
    }

    @Test func threeValuedLogic() {
        #expect(Comparison.apply(.eq, .null, .null) == .null)
        #expect(Comparison.and(.null, .bool(false)) == .bool(false))
        #expect(Comparison.or(.null, .bool(true)) == .bool(true))
        #expect(Comparison.isIn(.int(3), [.int(1), .null]) == .null)
        #expect(Comparison.apply(.lt, .int(1), .decimal(150, scale: 2)) == .bool(true))
    }

    @Test func stringFunctions() {
        #expect(StringFunctions.substring(.string("Lovelace"), .int(2), .int(3)) == .string("ove"))
        #expect(StringFunctions.substring(.string("ab-12"), .int(3), nil) == .string("-12"))
        #expect(StringFunctions.pad(.string("ab-12"), .int(3), .string("*"), left: true) == .string("ab-"))
        #expect(StringFunctions.pad(.string("1"), .int(4), .string("0"), left: true) == .string("0001"))
        #expect(StringFunctions.initcap(.string("ada lovelace")) == .string("Ada Lovelace"))
        #expect(StringFunctions.position(.string("-"), .string("ab-12")) == .int(3))
        #expect(StringFunctions.trim(.string("  x "), side: .leading) == .string("x "))
        #expect(StringFunctions.like(.string("abc"), .string("a%c")) == .bool(true))
        #expect(StringFunctions.like(.string("abc"), .string("a_")) == .bool(false))
    }

    @Test func timeFunctions() throws {
        let ts = TimeFormat.parseTimestamp("2024-02-28 23:59:59.999")!
        #expect(TimeFunctions.dateFormat(.timestamp(ts), .string("yyyy-MM-dd HH:mm:ss")) == .string("2024-02-28 23:59:59"))
        #expect(TimeFunctions.extract(.day, .timestamp(ts)) == .int(28))
        #expect(TimeFunctions.floorCeil(.timestamp(ts), .hour, up: true) == .timestamp(TimeFormat.parseTimestamp("2024-02-29 00:00:00")!))
        let d = try Cast.cast(.timestamp(ts), from: DataType(.timestamp(precision: 3)), to: DataType(.date))
        #expect(d == .date(TimeFormat.parseDate("2024-02-28")!))
        #expect(TimeFunctions.plusInterval(.date(TimeFormat.parseDate("2024-01-31")!), .intervalMonths(1)) == .date(TimeFormat.parseDate("2024-02-29")!))
        #expect(TimeFunctions.timestampDiff(.minute, .timestamp(TimeFormat.parseTimestamp("2024-02-28")!), .timestamp(ts)) == .int(1439))
        #expect(TimeFunctions.toTimestamp(.string("2024-01-01 10:00:00.123"), format: .string("yyyy-MM-dd HH:mm:ss.SSS"))
                == .timestamp(TimeFormat.parseTimestamp("2024-01-01 10:00:00.123")!))
    }
}
