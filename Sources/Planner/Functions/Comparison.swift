import Runtime

/// Comparisons and logic with SQL's three-valued semantics: any comparison with NULL is NULL (unknown).
public enum Comparison {
    /// Orders two non-null values of comparable types (numerics across representations); nil if either is NULL.
    public static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case let (.int(x), .int(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.string(x), .string(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        case let (.date(x), .date(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.timestamp(x), .timestamp(y)), let (.time(x), .time(y)), let (.interval(x), .interval(y)):
            return x < y ? -1 : (x > y ? 1 : 0)
        case let (.date(x), .timestamp(y)): return compare(.timestamp(Int64(x) * TimeFormat.microsPerDay), .timestamp(y))
        case let (.timestamp(x), .date(y)): return compare(.timestamp(x), .timestamp(Int64(y) * TimeFormat.microsPerDay))
        case (.double, _), (_, .double):
            guard let x = Arithmetic.asDouble(a), let y = Arithmetic.asDouble(b) else { return nil }
            return x < y ? -1 : (x > y ? 1 : 0)
        default:
            guard let (x, sx) = Arithmetic.asDecimal(a), let (y, sy) = Arithmetic.asDecimal(b) else { return nil }
            let m = max(sx, sy)
            let xa = DecimalMath.rescale(x, from: sx, to: m), ya = DecimalMath.rescale(y, from: sy, to: m)
            return xa < ya ? -1 : (xa > ya ? 1 : 0)
        }
    }

    public enum Operator: String, Sendable {
        case eq = "=", ne = "<>", lt = "<", le = "<=", gt = ">", ge = ">="
    }

    public static func apply(_ op: Operator, _ a: Value, _ b: Value) -> Value {
        guard let c = compare(a, b) else { return .null }
        switch op {
        case .eq: return .bool(c == 0)
        case .ne: return .bool(c != 0)
        case .lt: return .bool(c < 0)
        case .le: return .bool(c <= 0)
        case .gt: return .bool(c > 0)
        case .ge: return .bool(c >= 0)
        }
    }

    public static func and(_ a: Value, _ b: Value) -> Value {
        if case .bool(false) = a { return .bool(false) }
        if case .bool(false) = b { return .bool(false) }
        if a.isNull || b.isNull { return .null }
        return .bool(true)
    }

    public static func or(_ a: Value, _ b: Value) -> Value {
        if case .bool(true) = a { return .bool(true) }
        if case .bool(true) = b { return .bool(true) }
        if a.isNull || b.isNull { return .null }
        return .bool(false)
    }

    public static func not(_ a: Value) -> Value {
        if case let .bool(x) = a { return .bool(!x) }
        return .null
    }

    /// `x IN (list)`: true on a match, NULL if no match but x or an element is NULL, else false.
    public static func isIn(_ x: Value, _ list: [Value]) -> Value {
        if x.isNull { return .null }
        var sawNull = false
        for e in list {
            guard let c = compare(x, e) else { sawNull = true; continue }
            if c == 0 { return .bool(true) }
        }
        return sawNull ? .null : .bool(false)
    }

    /// `x BETWEEN lo AND hi` = `x >= lo AND x <= hi`.
    public static func between(_ x: Value, _ lo: Value, _ hi: Value) -> Value {
        and(apply(.ge, x, lo), apply(.le, x, hi))
    }

    /// Whether a predicate result keeps a row (only TRUE does).
    @inlinable public static func isTrue(_ v: Value) -> Bool {
        if case .bool(true) = v { return true }
        return false
    }
}
