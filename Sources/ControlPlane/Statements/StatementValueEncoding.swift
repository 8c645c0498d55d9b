import Foundation
import Model
import Planner
import Runtime

/// Result values and column types as sql/v1 writes them (reference §2.6): every scalar a JSON string
/// (`"101"`, `"12.30"`, `"TRUE"`, `"x'7f02'"`, `"2024-01-31 12:34:56.123"`, `"+0 04:00:00.000"`, `"+1-06"`),
/// SQL NULL as `null`, ARRAY/ROW as arrays, MAP as `[[k, v], …]`; types with Flink's LogicalTypeRoot names.
public enum StatementValueEncoding {
    /// `zoneOffsetSeconds` shifts TIMESTAMP_LTZ values into the statement's `sql.local-time-zone`.
    public static func encode(_ v: Value, type: DataType, zone: TimeZone? = nil) -> JSONValue {
        switch v {
        case .null: return .null
        case let .bool(b): return .string(b ? "TRUE" : "FALSE")
        case let .int(i): return .string(String(i))
        case let .double(d):
            if d.isNaN { return .string("NaN") }
            if d.isInfinite { return .string(d > 0 ? "Infinity" : "-Infinity") }
            if case .float = type.logical { return .string(DoubleFormat.java(Double(Float(d)))) }
            return .string(DoubleFormat.java(d))
        case let .decimal(u, s):
            if case let .decimal(_, ts) = type.logical, ts != s {
                return .string(DecimalMath.format(DecimalMath.rescale(u, from: s, to: ts), scale: ts))
            }
            return .string(DecimalMath.format(u, scale: s))
        case let .string(s): return .string(s)
        case let .bytes(b): return .string("x'" + hex(b) + "'")
        case let .date(d): return .string(TimeFormat.formatDate(d))
        case let .time(micros):
            var p = 0
            if case let .time(x) = type.logical { p = x }
            return .string(time(micros, precision: p))
        case let .timestamp(ts):
            switch type.logical {
            case let .timestamp(p): return .string(TimeFormat.formatTimestamp(ts, precision: p))
            case let .timestampLTZ(p):
                let offset = zone.map { Int64($0.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ts) / 1e6))) } ?? 0
                return .string(TimeFormat.formatTimestamp(ts + offset * 1_000_000, precision: p))
            default: return .string(TimeFormat.formatTimestamp(ts, precision: 3))
            }
        case let .interval(ms): return .string(dayTime(ms))
        case let .intervalMonths(m): return .string(yearMonth(m))
        case let .array(items):
            var element = DataType(.null)
            if case let .array(e) = type.logical { element = e }
            return .array(items.map { encode($0, type: element, zone: zone) })
        case let .map(entries):
            var kt = DataType(.null), vt = DataType(.null)
            if case let .map(k, v) = type.logical { kt = k; vt = v }
            return .array(entries.map { .array([encode($0.key, type: kt, zone: zone), encode($0.value, type: vt, zone: zone)]) })
        case let .row(values):
            var fields: [LogicalType.Field] = []
            if case let .row(f) = type.logical { fields = f }
            return .array(values.enumerated().map { i, x in
                encode(x, type: i < fields.count ? fields[i].type : DataType(.null), zone: zone)
            })
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }

    /// `12:34:56` plus `precision` fractional digits.
    static func time(_ micros: Int64, precision: Int) -> String {
        let seconds = micros / 1_000_000
        var s = two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60)
        if precision > 0 {
            let frac = String(micros % 1_000_000)
            let padded = String(repeating: "0", count: 6 - frac.count) + frac
            s += "." + padded.prefix(min(precision, 6))
        }
        return s
    }

    /// `+D HH:MM:SS.mmm` (Flink's INTERVAL DAY TO SECOND text).
    static func dayTime(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : "+"
        let a = ms.magnitude
        let millis = a % 1000, seconds = a / 1000
        let m = String(millis)
        return sign + String(seconds / 86400) + " " + two(Int64(seconds / 3600 % 24)) + ":" + two(Int64(seconds / 60 % 60))
            + ":" + two(Int64(seconds % 60)) + "." + String(repeating: "0", count: 3 - m.count) + m
    }

    /// `+Y-MM` (Flink's INTERVAL YEAR TO MONTH text).
    static func yearMonth(_ months: Int32) -> String {
        let sign = months < 0 ? "-" : "+"
        let a = Int64(months.magnitude)
        return sign + String(a / 12) + "-" + two(a % 12)
    }

    // MARK: types

    /// The sql/v1 `DataType` object of `type`.
    public static func typeJSON(_ type: DataType) -> JSONValue {
        var m: [(key: String, value: JSONValue)] = []
        func put(_ name: String, _ extra: [(String, JSONValue)] = []) {
            m = [("type", .string(name)), ("nullable", .bool(type.nullable))] + extra.map { (key: $0.0, value: $0.1) }
        }
        switch type.logical {
        case .boolean: put("BOOLEAN")
        case .tinyint: put("TINYINT")
        case .smallint: put("SMALLINT")
        case .int: put("INTEGER")
        case .bigint: put("BIGINT")
        case .float: put("FLOAT")
        case .double: put("DOUBLE")
        case let .decimal(p, s): put("DECIMAL", [("precision", .int(Int64(p))), ("scale", .int(Int64(s)))])
        case let .char(n): put("CHAR", [("length", .int(Int64(n)))])
        case let .varchar(n): put("VARCHAR", [("length", .int(Int64(n)))])
        case let .binary(n): put("BINARY", [("length", .int(Int64(n)))])
        case let .varbinary(n): put("VARBINARY", [("length", .int(Int64(n)))])
        case .date: put("DATE")
        case let .time(p): put("TIME_WITHOUT_TIME_ZONE", [("precision", .int(Int64(p)))])
        case let .timestamp(p): put("TIMESTAMP_WITHOUT_TIME_ZONE", [("precision", .int(Int64(p)))])
        case let .timestampLTZ(p): put("TIMESTAMP_WITH_LOCAL_TIME_ZONE", [("precision", .int(Int64(p)))])
        case .intervalDayTime:
            put("INTERVAL_DAY_TIME", [("resolution", .string("SECOND")), ("precision", .int(6)),
                                      ("fractional_precision", .int(3))])
        case .intervalYearMonth: put("INTERVAL_YEAR_MONTH", [("resolution", .string("MONTH")), ("precision", .int(2))])
        case let .array(e): put("ARRAY", [("element_type", typeJSON(e))])
        case let .map(k, v): put("MAP", [("key_type", typeJSON(k)), ("value_type", typeJSON(v))])
        case let .row(fields):
            put("ROW", [("fields", .array(fields.map {
                .object(JSONObject([("name", .string($0.name)), ("field_type", typeJSON($0.type))]))
            }))])
        case .null: put("NULL")
        }
        return .object(JSONObject(m))
    }
}
