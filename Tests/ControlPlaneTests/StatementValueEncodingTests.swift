import ControlPlane
import Foundation
import Model
import Runtime
import Testing

/// Every result value is encoded as reference §2.6 says, and types carry Flink's LogicalTypeRoot names.
@Suite struct StatementValueEncodingTests {
    func enc(_ v: Value, _ t: LogicalType, zone: TimeZone? = nil) -> JSONValue {
        StatementValueEncoding.encode(v, type: DataType(t), zone: zone)
    }

    @Test func scalars() {
        #expect(enc(.null, .int) == .null)
        #expect(enc(.bool(true), .boolean) == .string("TRUE"))
        #expect(enc(.bool(false), .boolean) == .string("FALSE"))
        #expect(enc(.int(101), .int) == .string("101"))
        #expect(enc(.int(-7), .tinyint) == .string("-7"))
        #expect(enc(.int(300), .smallint) == .string("300"))
        #expect(enc(.int(9_007_199_254_740_993), .bigint) == .string("9007199254740993"))
        #expect(enc(.double(1.5), .double) == .string("1.5"))
        #expect(enc(.double(1.5), .float) == .string("1.5"))
        #expect(enc(.double(.nan), .double) == .string("NaN"))
        #expect(enc(.double(.infinity), .double) == .string("Infinity"))
        #expect(enc(.double(-.infinity), .float) == .string("-Infinity"))
        #expect(enc(.decimal(1230, scale: 2), .decimal(precision: 10, scale: 2)) == .string("12.30"))
        #expect(enc(.decimal(123, scale: 1), .decimal(precision: 10, scale: 2)) == .string("12.30"))
        #expect(enc(.decimal(-5, scale: 2), .decimal(precision: 5, scale: 2)) == .string("-0.05"))
        #expect(enc(.string("héllo \"x\""), .string) == .string("héllo \"x\""))
        #expect(enc(.string("ab"), .char(length: 2)) == .string("ab"))
        #expect(enc(.bytes([0x7f, 0x02, 0x03]), .varbinary(length: 10)) == .string("x'7f0203'"))
        #expect(enc(.bytes([]), .binary(length: 1)) == .string("x''"))
    }

    @Test func temporal() {
        #expect(enc(.date(19753), .date) == .string("2024-01-31"))
        let micros: Int64 = ((12 * 3600 + 34 * 60 + 56) * 1_000_000) + 123_456
        #expect(enc(.time(micros), .time(precision: 3)) == .string("12:34:56.123"))
        #expect(enc(.time(micros), .time(precision: 0)) == .string("12:34:56"))
        let ts: Int64 = 1_706_704_496_123_456   // 2024-01-31 12:34:56.123456 UTC
        #expect(enc(.timestamp(ts), .timestamp(precision: 6)) == .string("2024-01-31 12:34:56.123456"))
        #expect(enc(.timestamp(ts), .timestamp(precision: 3)) == .string("2024-01-31 12:34:56.123"))
        #expect(enc(.timestamp(ts), .timestampLTZ(precision: 3)) == .string("2024-01-31 12:34:56.123"))
        #expect(enc(.timestamp(ts), .timestampLTZ(precision: 3), zone: TimeZone(secondsFromGMT: 3600))
                == .string("2024-01-31 13:34:56.123"))
        #expect(enc(.interval(4 * 3_600_000), .intervalDayTime) == .string("+0 04:00:00.000"))
        #expect(enc(.interval(-(86_400_000 + 1)), .intervalDayTime) == .string("-1 00:00:00.001"))
        #expect(enc(.intervalMonths(18), .intervalYearMonth) == .string("+1-06"))
        #expect(enc(.intervalMonths(-3), .intervalYearMonth) == .string("-0-03"))
    }

    @Test func nested() {
        #expect(enc(.array([.int(1), .null]), .array(DataType(.int))) == .array([.string("1"), .null]))
        #expect(enc(.map([Value.MapEntry(key: .string("k"), value: .bool(true))]), .map(key: DataType(.string), value: DataType(.boolean)))
                == .array([.array([.string("k"), .string("TRUE")])]))
        let row = LogicalType.row([.init(name: "a", type: DataType(.int)), .init(name: "b", type: DataType(.date))])
        #expect(enc(.row([.int(2), .date(0)]), row) == .array([.string("2"), .string("1970-01-01")]))
    }

    @Test func typeNamesAreLogicalTypeRoots() {
        func name(_ t: LogicalType) -> String? { StatementValueEncoding.typeJSON(DataType(t))["type"]?.stringValue }
        #expect(name(.int) == "INTEGER")
        #expect(name(.string) == "VARCHAR")
        #expect(name(.timestamp(precision: 3)) == "TIMESTAMP_WITHOUT_TIME_ZONE")
        #expect(name(.timestampLTZ(precision: 3)) == "TIMESTAMP_WITH_LOCAL_TIME_ZONE")
        #expect(name(.time(precision: 0)) == "TIME_WITHOUT_TIME_ZONE")
        #expect(name(.intervalDayTime) == "INTERVAL_DAY_TIME")
        #expect(name(.intervalYearMonth) == "INTERVAL_YEAR_MONTH")
        #expect(name(.bytes) == "VARBINARY")
        let varchar = StatementValueEncoding.typeJSON(DataType(.string, nullable: false))
        #expect(varchar == .object(JSONObject([("type", .string("VARCHAR")), ("nullable", .bool(false)), ("length", .int(2_147_483_647))])))
        let dec = StatementValueEncoding.typeJSON(DataType(.decimal(precision: 10, scale: 2)))
        #expect(dec["precision"] == .int(10) && dec["scale"] == .int(2))
        let map = StatementValueEncoding.typeJSON(DataType(.map(key: DataType(.string), value: DataType(.array(DataType(.int))))))
        #expect(map["key_type"]?["type"] == .string("VARCHAR"))
        #expect(map["value_type"]?["element_type"]?["type"] == .string("INTEGER"))
        let row = StatementValueEncoding.typeJSON(DataType(.row([.init(name: "f", type: DataType(.boolean))])))
        #expect(row["fields"]?.arrayValue?.first?["field_type"]?["type"] == .string("BOOLEAN"))
    }
}
