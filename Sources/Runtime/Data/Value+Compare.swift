extension Value {
    /// SQL ordering of two non-NULL values of compatible types (NULL sorts first). Numbers compare across
    /// INT/DECIMAL/DOUBLE; strings compare by code point.
    public static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case let (.int(x), .int(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.double(x), .double(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.decimal(x, sx), .decimal(y, sy)):
            if sx == sy { return x < y ? -1 : (x > y ? 1 : 0) }
            let (ax, ay) = Decimals.align(x, sx, y, sy)
            return ax < ay ? -1 : (ax > ay ? 1 : 0)
        case let (.string(x), .string(y)):
            if x == y { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case let (.bool(x), .bool(y)): return x == y ? 0 : (x ? 1 : -1)
        case let (.timestamp(x), .timestamp(y)), let (.time(x), .time(y)), let (.interval(x), .interval(y)):
            return x < y ? -1 : (x > y ? 1 : 0)
        case let (.date(x), .date(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.intervalMonths(x), .intervalMonths(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.bytes(x), .bytes(y)):
            if x == y { return 0 }
            return x.lexicographicallyPrecedes(y) ? -1 : 1
        default:
            if let x = a.asDouble, let y = b.asDouble { return x < y ? -1 : (x > y ? 1 : 0) }
            return 0
        }
    }

    /// Numeric value as a double (INT, DECIMAL, DOUBLE), else nil.
    public var asDouble: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .decimal(u, s): return Double(u) / Decimals.pow10Double(s)
        default: return nil
        }
    }
}

/// Fixed-point helpers for `.decimal(unscaled, scale)`.
public enum Decimals {
    public static func pow10(_ n: Int) -> Int128 {
        var r: Int128 = 1
        for _ in 0..<max(0, n) { r &*= 10 }
        return r
    }

    public static func pow10Double(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<max(0, n) { r *= 10 }
        return r
    }

    static func align(_ x: Int128, _ sx: Int, _ y: Int128, _ sy: Int) -> (Int128, Int128) {
        sx < sy ? (x &* pow10(sy - sx), y) : (x, y &* pow10(sx - sy))
    }

    /// Rescales an unscaled value from scale `from` to `to`, rounding HALF_UP (away from zero) like
    /// Java's BigDecimal.
    public static func rescale(_ u: Int128, from: Int, to: Int) -> Int128 {
        if to >= from { return u &* pow10(to - from) }
        return divideHalfUp(u, pow10(from - to))
    }

    /// Integer division rounding half away from zero.
    public static func divideHalfUp(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b
        let r = a % b
        let twice = (r < 0 ? -r : r) * 2
        if twice >= (b < 0 ? -b : b) { return (a < 0) != (b < 0) ? q - 1 : q + 1 }
        return q
    }

    /// Whether `u` fits in `precision` digits.
    public static func fits(_ u: Int128, precision: Int) -> Bool {
        precision >= 38 || (u < pow10(precision) && u > -pow10(precision))
    }
}
