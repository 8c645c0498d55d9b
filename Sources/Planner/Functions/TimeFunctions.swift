import Runtime

/// Time functions over `.timestamp` (µs since epoch, UTC session zone) and `.date` (days).
public enum TimeFunctions {
    public enum Unit: String, Sendable, CaseIterable {
        case millennium = "MILLENNIUM", century = "CENTURY", decade = "DECADE"
        case year = "YEAR", quarter = "QUARTER", month = "MONTH", week = "WEEK", day = "DAY"
        case hour = "HOUR", minute = "MINUTE", second = "SECOND", millisecond = "MILLISECOND"
        case microsecond = "MICROSECOND", dow = "DOW", doy = "DOY"

        var fixedMicros: Int64? {
            switch self {
            case .week: return 7 * TimeFormat.microsPerDay
            case .day: return TimeFormat.microsPerDay
            case .hour: return 3_600_000_000
            case .minute: return 60_000_000
            case .second: return 1_000_000
            case .millisecond: return 1000
            case .microsecond: return 1
            default: return nil
            }
        }
    }

    static func micros(_ v: Value) -> Int64? {
        switch v {
        case let .timestamp(t): return t
        case let .date(d): return Int64(d) * TimeFormat.microsPerDay
        default: return nil
        }
    }

    /// EXTRACT(unit FROM t) → BIGINT.
    public static func extract(_ unit: Unit, _ v: Value) -> Value {
        guard let ts = micros(v) else { return .null }
        let p = TimeFormat.parts(micros: ts)
        let r: Int
        switch unit {
        case .year: r = p.year
        case .quarter: r = (p.month - 1) / 3 + 1
        case .month: r = p.month
        case .day: r = p.day
        case .hour: r = p.hour
        case .minute: r = p.minute
        case .second: r = p.second
        case .millisecond: r = p.second * 1000 + p.micros / 1000
        case .microsecond: r = p.second * 1_000_000 + p.micros
        case .dow: r = Int((TimeFormat.floorDiv(ts, TimeFormat.microsPerDay) % 7 + 7 + 4) % 7) + 1  // Sunday = 1
        case .doy: r = Int(TimeFormat.days(year: p.year, month: p.month, day: p.day) - TimeFormat.days(year: p.year, month: 1, day: 1)) + 1
        case .week:
            let day = TimeFormat.days(year: p.year, month: p.month, day: p.day)
            let dowMon0 = Int((day % 7 + 7 + 3) % 7)
            let thursday = day - Int64(dowMon0) + 3
            let ty = TimeFormat.civil(thursday).year
            r = Int((thursday - TimeFormat.days(year: ty, month: 1, day: 1)) / 7) + 1
        case .decade: r = p.year / 10
        case .century: r = (p.year + 99) / 100
        case .millennium: r = (p.year + 999) / 1000
        }
        return .int(Int64(r))
    }

    /// FLOOR/CEIL(t TO unit), for TIMESTAMP and DATE values.
    public static func floorCeil(_ v: Value, _ unit: Unit, up: Bool) -> Value {
        guard let ts = micros(v) else { return .null }
        var r: Int64
        if let size = unit.fixedMicros, unit != .week {
            r = TimeFormat.floorDiv(ts, size) * size
            if up && r != ts { r += size }
        } else {
            let p = TimeFormat.parts(micros: ts)
            var y = p.year, m = p.month
            switch unit {
            case .year: m = 1
            case .quarter: m = (m - 1) / 3 * 3 + 1
            case .month: break
            case .decade: y = y / 10 * 10; m = 1
            case .century: y = (y - 1) / 100 * 100 + 1; m = 1
            case .millennium: y = (y - 1) / 1000 * 1000 + 1; m = 1
            case .week:
                let day = TimeFormat.floorDiv(ts, TimeFormat.microsPerDay)
                let sunday = day - (day % 7 + 7 + 4) % 7
                r = sunday * TimeFormat.microsPerDay
                if up && r != ts { r += 7 * TimeFormat.microsPerDay }
                return rewrap(r, like: v)
            default: break
            }
            r = TimeFormat.days(year: y, month: m, day: 1) * TimeFormat.microsPerDay
            if up && r != ts {
                let step: Int
                switch unit {
                case .year: step = 12
                case .quarter: step = 3
                case .decade: step = 120
                case .century: step = 1200
                case .millennium: step = 12000
                default: step = 1
                }
                r = addMonths(r, step)
            }
        }
        return rewrap(r, like: v)
    }

    static func rewrap(_ ts: Int64, like v: Value) -> Value {
        if case .date = v { return .date(Int32(TimeFormat.floorDiv(ts, TimeFormat.microsPerDay))) }
        return .timestamp(ts)
    }

    /// Adds months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 29/28).
    public static func addMonths(_ ts: Int64, _ months: Int) -> Int64 {
        var p = TimeFormat.parts(micros: ts)
        let total = p.year * 12 + (p.month - 1) + months
        p.year = Int(TimeFormat.floorDiv(Int64(total), 12))
        p.month = total - p.year * 12 + 1
        p.day = min(p.day, TimeFormat.daysInMonth(p.year, p.month))
        return TimeFormat.micros(p)
    }

    /// `t + interval` / `t - interval` for TIMESTAMP and DATE with day-time or year-month intervals.
    public static func plusInterval(_ v: Value, _ interval: Value, negate: Bool = false) -> Value {
        guard let ts = micros(v) else { return .null }
        let r: Int64
        switch interval {
        case let .interval(ms): r = ts + (negate ? -ms : ms) * 1000
        case let .intervalMonths(m): r = addMonths(ts, Int(negate ? -m : m))
        default: return .null
        }
        return rewrap(r, like: v)
    }

    /// TIMESTAMPADD(unit, n, t).
    public static func timestampAdd(_ unit: Unit, _ n: Value, _ v: Value) -> Value {
        guard case let .int(k) = n, let ts = micros(v) else { return .null }
        let r: Int64
        switch unit {
        case .year: r = addMonths(ts, Int(k) * 12)
        case .quarter: r = addMonths(ts, Int(k) * 3)
        case .month: r = addMonths(ts, Int(k))
        default: r = ts + k * (unit.fixedMicros ?? 0)
        }
        return rewrap(r, like: v)
    }

    /// TIMESTAMPDIFF(unit, a, b): whole units from a to b (truncated toward zero) → INT.
    public static func timestampDiff(_ unit: Unit, _ a: Value, _ b: Value) -> Value {
        guard let x = micros(a), let y = micros(b) else { return .null }
        let r: Int64
        switch unit {
        case .year, .quarter, .month:
            let pa = TimeFormat.parts(micros: x), pb = TimeFormat.parts(micros: y)
            var months = (pb.year - pa.year) * 12 + (pb.month - pa.month)
            let restA = x - TimeFormat.days(year: pa.year, month: pa.month, day: 1) * TimeFormat.microsPerDay
            let restB = y - TimeFormat.days(year: pb.year, month: pb.month, day: 1) * TimeFormat.microsPerDay
            if months > 0 && restB < restA { months -= 1 }
            if months < 0 && restB > restA { months += 1 }
            r = Int64(unit == .year ? months / 12 : (unit == .quarter ? months / 3 : months))
        default:
            r = (y - x) / (unit.fixedMicros ?? 1)
        }
        return .int(Int64(Int32(truncatingIfNeeded: r)))
    }

    /// TO_TIMESTAMP(s [, fmt]) — NULL when the text does not parse (as Flink).
    public static func toTimestamp(_ s: Value, format: Value? = nil) -> Value {
        guard case let .string(text) = s else { return .null }
        if let format {
            guard case let .string(f) = format else { return .null }
            return TimeFormat.parse(text, pattern: f).map { .timestamp(Cast.truncate($0, precision: 3)) } ?? .null
        }
        return TimeFormat.parseTimestamp(text).map { .timestamp(Cast.truncate($0, precision: 3)) } ?? .null
    }

    /// TO_DATE(s [, fmt]).
    public static func toDate(_ s: Value, format: Value? = nil) -> Value {
        guard case let .string(text) = s else { return .null }
        let ts: Int64?
        if let format, case let .string(f) = format { ts = TimeFormat.parse(text, pattern: f) } else { ts = TimeFormat.parseTimestamp(text) }
        return ts.map { .date(Int32(TimeFormat.floorDiv($0, TimeFormat.microsPerDay))) } ?? .null
    }

    /// DATE_FORMAT(ts, pattern) → STRING.
    public static func dateFormat(_ v: Value, _ pattern: Value) -> Value {
        guard case let .string(p) = pattern else { return .null }
        if case let .string(s) = v {
            guard let ts = TimeFormat.parseTimestamp(s) else { return .null }
            return .string(TimeFormat.format(ts, pattern: p))
        }
        guard let ts = micros(v) else { return .null }
        return .string(TimeFormat.format(ts, pattern: p))
    }

    /// UNIX_TIMESTAMP(s [, fmt]) → seconds; FROM_UNIXTIME(sec [, fmt]) → text.
    public static func unixTimestamp(_ s: Value, format: Value? = nil) -> Value {
        guard case let .string(text) = s else { return .null }
        let f: String
        if let format, case let .string(x) = format { f = x } else { f = "yyyy-MM-dd HH:mm:ss" }
        guard let ts = TimeFormat.parse(text, pattern: f) else { return .int(Int64.min) }
        return .int(TimeFormat.floorDiv(ts, TimeFormat.microsPerSecond))
    }

    public static func fromUnixtime(_ seconds: Value, format: Value? = nil) -> Value {
        guard case let .int(s) = seconds else { return .null }
        let f: String
        if let format, case let .string(x) = format { f = x } else { f = "yyyy-MM-dd HH:mm:ss" }
        return .string(TimeFormat.format(s * TimeFormat.microsPerSecond, pattern: f))
    }
}
