import Foundation
import Runtime

/// Numeric functions over `Value` with Flink semantics. `type` is the result type the validator
/// inferred (`TypeInference.arithmetic`); NULL in, NULL out.
public enum Arithmetic {
    /// Wraps an Int64 to the width of an integer type (INT overflow wraps, like Java).
    @inlinable public static func wrap(_ v: Int64, _ t: LogicalType) -> Int64 {
        switch t {
        case .tinyint: return Int64(Int8(truncatingIfNeeded: v))
        case .smallint: return Int64(Int16(truncatingIfNeeded: v))
        case .int: return Int64(Int32(truncatingIfNeeded: v))
        default: return v
        }
    }

    public static func asDouble(_ v: Value) -> Double? {
        switch v {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .decimal(u, s): return DecimalMath.toDouble(u, scale: s)
        default: return nil
        }
    }

    /// The value as unscaled decimal at its own scale.
    public static func asDecimal(_ v: Value) -> (Int128, Int)? {
        switch v {
        case let .int(i): return (Int128(i), 0)
        case let .decimal(u, s): return (u, s)
        case let .double(d): return DecimalMath.fromDouble(d, scale: 18).map { ($0, 18) }
        default: return nil
        }
    }

    public static func apply(_ op: TypeInference.ArithmeticOperator, _ a: Value, _ b: Value, type: DataType) throws -> Value {
        if a.isNull || b.isNull { return .null }
        switch type.logical {
        case .tinyint, .smallint, .int, .bigint:
            guard case let .int(x) = a, case let .int(y) = b else { return .null }
            let r: Int64
            switch op {
            case .plus: r = x &+ y
            case .minus: r = x &- y
            case .times: r = x &* y
            case .divide:
                if y == 0 { throw PlannerError.runtime("java.lang.ArithmeticException: / by zero") }
                r = y == -1 ? 0 &- x : x / y
            case .mod:
                if y == 0 { throw PlannerError.runtime("java.lang.ArithmeticException: / by zero") }
                r = y == -1 ? 0 : x % y
            }
            return .int(wrap(r, type.logical))
        case .float, .double:
            guard let x = asDouble(a), let y = asDouble(b) else { return .null }
            switch op {
            case .plus: return .double(x + y)
            case .minus: return .double(x - y)
            case .times: return .double(x * y)
            case .divide: return .double(x / y)
            case .mod: return .double(fmod(x, y))
            }
        case let .decimal(p, s):
            guard let (x, sx) = asDecimal(a), let (y, sy) = asDecimal(b) else { return .null }
            var r: Int128
            switch op {
            case .plus, .minus:
                let m = max(sx, sy)
                let xa = DecimalMath.rescale(x, from: sx, to: m), ya = DecimalMath.rescale(y, from: sy, to: m)
                r = DecimalMath.rescale(op == .plus ? xa + ya : xa - ya, from: m, to: s)
            case .times:
                let (prod, overflow) = x.multipliedReportingOverflow(by: y)
                if overflow { return .null }
                r = DecimalMath.rescale(prod, from: sx + sy, to: s)
            case .divide:
                if y == 0 { throw PlannerError.runtime("java.lang.ArithmeticException: Division by zero") }
                // x/10^sx ÷ y/10^sy at scale s: x·10^(s+sy−sx) / y, HALF_UP
                let shift = s + sy - sx
                let num = shift >= 0 ? x &* DecimalMath.pow10(shift) : x
                let den = shift >= 0 ? y : y &* DecimalMath.pow10(-shift)
                r = DecimalMath.divideHalfUp(num, den)
            case .mod:
                if y == 0 { throw PlannerError.runtime("java.lang.ArithmeticException: Division by zero") }
                let m = max(sx, sy)
                let xa = DecimalMath.rescale(x, from: sx, to: m), ya = DecimalMath.rescale(y, from: sy, to: m)
                r = DecimalMath.rescale(xa % ya, from: m, to: s)
            }
            return DecimalMath.fits(r, precision: p) ? .decimal(r, scale: s) : .null
        default:
            return .null
        }
    }

    public static func negate(_ a: Value, type: DataType) -> Value {
        switch a {
        case let .int(i): return .int(wrap(0 &- i, type.logical))
        case let .double(d): return .double(-d)
        case let .decimal(u, s): return .decimal(-u, scale: s)
        case let .interval(ms): return .interval(-ms)
        case let .intervalMonths(m): return .intervalMonths(-m)
        default: return .null
        }
    }

    public static func abs(_ a: Value, type: DataType) -> Value {
        switch a {
        case let .int(i): return .int(wrap(i < 0 ? 0 &- i : i, type.logical))
        case let .double(d): return .double(Swift.abs(d))
        case let .decimal(u, s): return .decimal(u < 0 ? -u : u, scale: s)
        default: return .null
        }
    }

    /// POWER is always DOUBLE.
    public static func power(_ a: Value, _ b: Value) -> Value {
        guard let x = asDouble(a), let y = asDouble(b) else { return .null }
        return .double(Foundation.pow(x, y))
    }

    /// ROUND half away from zero, for DOUBLE (like Flink's BigDecimal HALF_UP on the double's value),
    /// integers and DECIMAL; `type` is `TypeInference.round`.
    public static func round(_ a: Value, digits r: Int, type: DataType) -> Value {
        switch a {
        case .null: return .null
        case let .int(i):
            if r >= 0 { return a }
            let f = Int64(DecimalMath.pow10(-r))
            return .int(wrap(Int64(DecimalMath.divideHalfUp(Int128(i), Int128(f))) * f, type.logical))
        case let .double(d):
            guard d.isFinite else { return a }
            if r >= 0 {
                guard let u = DecimalMath.fromDouble(d, scale: r) else { return a }
                return .double(DecimalMath.toDouble(u, scale: r))
            }
            guard let u = DecimalMath.fromDouble(d, scale: 0) , Swift.abs(d) < 1e30 else { return a }
            let exact = DecimalMath.fromDouble(d, scale: 17).map { DecimalMath.divideHalfUp($0, DecimalMath.pow10(17 - r)) }
            let q = exact ?? DecimalMath.divideHalfUp(u, DecimalMath.pow10(-r))
            return .double(Double(q * DecimalMath.pow10(-r)))
        case let .decimal(u, s):
            let ts: Int
            if case let .decimal(_, rs) = type.logical { ts = rs } else { ts = max(r, 0) }
            if r >= s { return .decimal(DecimalMath.rescale(u, from: s, to: ts), scale: ts) }
            let rounded = DecimalMath.rescale(u, from: s, to: r)  // may be negative r
            if r >= 0 { return .decimal(DecimalMath.rescale(rounded, from: r, to: ts), scale: ts) }
            return .decimal(rounded * DecimalMath.pow10(-r), scale: 0)
        default: return .null
        }
    }

    public static func floor(_ a: Value, type: DataType) -> Value { floorCeil(a, up: false) }
    public static func ceil(_ a: Value, type: DataType) -> Value { floorCeil(a, up: true) }

    static func floorCeil(_ a: Value, up: Bool) -> Value {
        switch a {
        case let .double(d): return .double(up ? d.rounded(.up) : d.rounded(.down))
        case let .decimal(u, s):
            let f = DecimalMath.pow10(s)
            var q = u / f
            let rem = u % f
            if rem != 0 {
                if up && u > 0 { q += 1 }
                if !up && u < 0 { q -= 1 }
            }
            return .decimal(q, scale: 0)
        default: return a
        }
    }

    /// Unary functions on DOUBLE: SQRT, LN, LOG10, EXP.
    public static func unaryDouble(_ name: String, _ a: Value) -> Value {
        guard let x = asDouble(a) else { return .null }
        switch name {
        case "SQRT": return .double(x.squareRoot())
        case "LN": return .double(Foundation.log(x))
        case "LOG10": return .double(Foundation.log10(x))
        case "LOG2": return .double(Foundation.log2(x))
        case "EXP": return .double(Foundation.exp(x))
        default: return .null
        }
    }
}
