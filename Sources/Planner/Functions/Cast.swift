import Runtime

/// CAST between scalar types as Flink does it. A failed cast throws a runtime error (Flink fails the
/// job); `tryCast` yields NULL instead.
public enum Cast {
    public static func tryCast(_ v: Value, from: DataType, to: DataType) -> Value {
        (try? cast(v, from: from, to: to)) ?? .null
    }

    public static func cast(_ v: Value, from: DataType, to: DataType) throws -> Value {
        if v.isNull { return .null }
        switch to.logical {
        case .tinyint, .smallint, .int, .bigint:
            return try toInteger(v, from: from, to: to.logical)
        case .float, .double:
            switch v {
            case let .int(i): return .double(Double(i))
            case .double: return v
            case let .decimal(u, s): return .double(DecimalMath.toDouble(u, scale: s))
            case let .string(s):
                guard let d = Double(s.trimmingWhitespace()) else { throw failure(s, to) }
                return .double(d)
            case let .bool(b): return .double(b ? 1 : 0)
            default: throw failure(v, to)
            }
        case let .decimal(p, s):
            let u: Int128?
            switch v {
            case let .int(i): u = Int128(i) * DecimalMath.pow10(s)
            case let .double(d): u = DecimalMath.fromDouble(d, scale: s)
            case let .decimal(x, xs): u = DecimalMath.rescale(x, from: xs, to: s)
            case let .string(str):
                guard let parsed = DecimalMath.parse(str, scale: s) else { throw failure(str, to) }
                u = parsed
            case let .bool(b): u = b ? DecimalMath.pow10(s) : 0
            default: throw failure(v, to)
            }
            guard let u, DecimalMath.fits(u, precision: p) else { return .null }
            return .decimal(u, scale: s)
        case .boolean:
            switch v {
            case .bool: return v
            case let .int(i): return .bool(i != 0)
            case let .string(s):
                switch s.trimmingWhitespace().lowercased() {
                case "true", "t", "yes", "y", "1": return .bool(true)
                case "false", "f", "no", "n", "0": return .bool(false)
                default: throw failure(s, to)
                }
            default: throw failure(v, to)
            }
        case let .char(n), let .varchar(n):
            let s = toText(v, type: from)
            if case .char = to.logical, s.count < n { return .string(s + String(repeating: " ", count: n - s.count)) }
            return .string(s.count > n ? String(s.prefix(n)) : s)
        case .date:
            switch v {
            case .date: return v
            case let .timestamp(ts): return .date(Int32(TimeFormat.floorDiv(ts, TimeFormat.microsPerDay)))
            case let .string(s):
                guard let d = TimeFormat.parseDate(s) else { throw failure(s, to) }
                return .date(d)
            default: throw failure(v, to)
            }
        case let .timestamp(p), let .timestampLTZ(p):
            switch v {
            case let .timestamp(ts): return .timestamp(truncate(ts, precision: p))
            case let .date(d): return .timestamp(Int64(d) * TimeFormat.microsPerDay)
            case let .string(s):
                guard let ts = TimeFormat.parseTimestamp(s) else { throw failure(s, to) }
                return .timestamp(truncate(ts, precision: p))
            default: throw failure(v, to)
            }
        case .time:
            switch v {
            case .time: return v
            case let .timestamp(ts): return .time(ts - TimeFormat.floorDiv(ts, TimeFormat.microsPerDay) * TimeFormat.microsPerDay)
            default: throw failure(v, to)
            }
        case .binary, .varbinary:
            if case let .string(s) = v { return .bytes(Array(s.utf8)) }
            if case .bytes = v { return v }
            throw failure(v, to)
        default:
            return v
        }
    }

    /// TIMESTAMP(p) keeps p fractional digits (truncating).
    public static func truncate(_ ts: Int64, precision p: Int) -> Int64 {
        if p >= 6 { return ts }
        let unit = Int64(DecimalMath.pow10(6 - p))
        return TimeFormat.floorDiv(ts, unit) * unit
    }

    static func toInteger(_ v: Value, from: DataType, to: LogicalType) throws -> Value {
        switch v {
        case let .int(i): return .int(Arithmetic.wrap(i, to))
        case let .double(d):
            // Java's (long) cast truncates toward zero and saturates; then narrowed.
            guard d.isFinite else { return .int(0) }
            let t = d.rounded(.towardZero)
            let l: Int64 = t >= 9.2e18 ? Int64.max : (t <= -9.2e18 ? Int64.min : Int64(t))
            return .int(Arithmetic.wrap(l, to))
        case let .decimal(u, s):
            let q = u / DecimalMath.pow10(s)
            return .int(Arithmetic.wrap(Int64(truncatingIfNeeded: q), to))
        case let .bool(b): return .int(b ? 1 : 0)
        case let .string(s):
            let t = s.trimmingWhitespace()
            guard let i = Int64(t) else { throw failure(s, DataType(to)) }
            let fits: Bool
            switch to {
            case .tinyint: fits = Int8(exactly: i) != nil
            case .smallint: fits = Int16(exactly: i) != nil
            case .int: fits = Int32(exactly: i) != nil
            default: fits = true
            }
            guard fits else { throw failure(s, DataType(to)) }
            return .int(i)
        default: throw failure(v, DataType(to))
        }
    }

    /// The text of a value as CAST(… AS STRING) prints it.
    public static func toText(_ v: Value, type: DataType) -> String {
        switch v {
        case .null: return "NULL"
        case let .bool(b): return b ? "TRUE" : "FALSE"
        case let .int(i): return String(i)
        case let .double(d):
            if case .float = type.logical { return DoubleFormat.java(Double(Float(d))) }
            return DoubleFormat.java(d)
        case let .decimal(u, s): return DecimalMath.format(u, scale: s)
        case let .string(s): return s
        case let .bytes(b): return String(decoding: b, as: UTF8.self)
        case let .date(d): return TimeFormat.formatDate(d)
        case let .time(t):
            let s = TimeFormat.formatTimestamp(t, precision: 0)
            return String(s.suffix(8))
        case let .timestamp(ts):
            if case let .timestamp(p) = type.logical { return TimeFormat.formatTimestamp(ts, precision: p) }
            if case let .timestampLTZ(p) = type.logical { return TimeFormat.formatTimestamp(ts, precision: p) }
            return TimeFormat.formatTimestamp(ts, precision: 3)
        case let .interval(ms): return String(ms)
        case let .intervalMonths(m): return String(m)
        case let .array(a): return "[" + a.map { toText($0, type: DataType(.null)) }.joined(separator: ", ") + "]"
        case let .map(m): return "{" + m.map { toText($0.key, type: DataType(.null)) + "=" + toText($0.value, type: DataType(.null)) }.joined(separator: ", ") + "}"
        case let .row(r): return "(" + r.map { toText($0, type: DataType(.null)) }.joined(separator: ", ") + ")"
        }
    }

    static func failure(_ v: Value, _ to: DataType) -> PlannerError {
        failure(toText(v, type: DataType(.null)), to)
    }

    static func failure(_ text: String, _ to: DataType) -> PlannerError {
        .runtime("Could not cast '\(text)' to type \(DataType(to.logical))")
    }
}
