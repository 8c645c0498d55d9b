import Runtime

/// Flink's (Calcite's + `LogicalTypeMerging`'s) type-inference rules for expressions, literals,
/// widening and aggregates. Pure functions over `DataType`; the validator calls them per node.
public enum TypeInference {
    public static let maxDecimalPrecision = 38
    static let minimumAdjustedScale = 6

    // MARK: literals

    /// `'abc'` is CHAR(3) NOT NULL (the empty string is CHAR(0)).
    public static func stringLiteral(_ s: String) -> DataType {
        DataType(.char(length: s.count), nullable: false)
    }

    /// An integer literal is INT NOT NULL, or BIGINT NOT NULL when it does not fit, or DECIMAL beyond that.
    public static func integerLiteral(_ digits: String) -> DataType {
        if let v = Int64(digits) {
            return DataType(Int32(exactly: v) != nil ? .int : .bigint, nullable: false)
        }
        let p = digits.filter(\.isNumber).count
        return DataType(.decimal(precision: min(p, maxDecimalPrecision), scale: 0), nullable: false)
    }

    /// `1.5` is DECIMAL(2, 1) NOT NULL; `.5` is DECIMAL(1, 1); `1e3` is DOUBLE NOT NULL.
    public static func numericLiteral(_ text: String) -> DataType {
        if text.contains("e") || text.contains("E") { return DataType(.double, nullable: false) }
        guard let dot = text.firstIndex(of: ".") else { return integerLiteral(text) }
        let intPart = text[..<dot].drop(while: { $0 == "0" || $0 == "-" || $0 == "+" })
        let fracPart = text[text.index(after: dot)...]
        let scale = fracPart.count
        let precision = max(intPart.count + scale, scale, 1)
        return DataType(.decimal(precision: precision, scale: scale), nullable: false)
    }

    // MARK: classification

    public static func isNumeric(_ t: LogicalType) -> Bool {
        switch t {
        case .tinyint, .smallint, .int, .bigint, .float, .double, .decimal: return true
        default: return false
        }
    }

    public static func isIntegral(_ t: LogicalType) -> Bool {
        switch t {
        case .tinyint, .smallint, .int, .bigint: return true
        default: return false
        }
    }

    public static func isCharacter(_ t: LogicalType) -> Bool {
        switch t {
        case .char, .varchar: return true
        default: return false
        }
    }

    public static func isTemporal(_ t: LogicalType) -> Bool {
        switch t {
        case .date, .time, .timestamp, .timestampLTZ: return true
        default: return false
        }
    }

    /// The exact-numeric view of an integer type: TINYINT → DECIMAL(3, 0) … BIGINT → DECIMAL(19, 0).
    public static func decimalView(_ t: LogicalType) -> (precision: Int, scale: Int)? {
        switch t {
        case .tinyint: return (3, 0)
        case .smallint: return (5, 0)
        case .int: return (10, 0)
        case .bigint: return (19, 0)
        case let .decimal(p, s): return (p, s)
        default: return nil
        }
    }

    static func numericRank(_ t: LogicalType) -> Int {
        switch t {
        case .tinyint: return 1
        case .smallint: return 2
        case .int: return 3
        case .bigint: return 4
        case .decimal: return 5
        case .float: return 6
        case .double: return 7
        default: return 0
        }
    }

    // MARK: arithmetic

    public enum ArithmeticOperator: String, Sendable {
        case plus = "+", minus = "-", times = "*", divide = "/", mod = "MOD"
    }

    /// The result type of `l op r` for numeric operands, or nil when the operands are not numeric.
    public static func arithmetic(_ op: ArithmeticOperator, _ l: DataType, _ r: DataType) -> DataType? {
        let nullable = l.nullable || r.nullable
        guard isNumeric(l.logical), isNumeric(r.logical) else { return nil }
        if op == .mod {
            // MOD keeps the right operand's type for integers (Calcite): MOD(INT, INT) = INT.
            if isIntegral(l.logical), isIntegral(r.logical) { return DataType(r.logical, nullable: nullable) }
        }
        let rank = max(numericRank(l.logical), numericRank(r.logical))
        if rank >= 6 { return DataType(rank == 7 || numericRank(l.logical) == 7 || numericRank(r.logical) == 7 ? .double : .float, nullable: nullable) }
        if rank <= 4 {
            let wider = numericRank(l.logical) >= numericRank(r.logical) ? l.logical : r.logical
            return DataType(wider, nullable: nullable)
        }
        let a = decimalView(l.logical)!, b = decimalView(r.logical)!
        let (p, s): (Int, Int)
        switch op {
        case .plus, .minus:
            s = max(a.scale, b.scale)
            p = max(a.precision - a.scale, b.precision - b.scale) + s + 1
        case .times:
            s = a.scale + b.scale
            p = a.precision + b.precision + 1
        case .divide:
            s = max(minimumAdjustedScale, a.scale + b.precision + 1)
            p = a.precision - a.scale + b.scale + s
        case .mod:
            s = max(a.scale, b.scale)
            p = min(a.precision - a.scale, b.precision - b.scale) + s
        }
        return DataType(adjustedDecimal(p, s), nullable: nullable)
    }

    /// Flink's `adjustPrecisionScale`: keep the integer digits, give up scale down to 6 when over 38.
    public static func adjustedDecimal(_ precision: Int, _ scale: Int) -> LogicalType {
        if precision <= maxDecimalPrecision { return .decimal(precision: precision, scale: scale) }
        let digits = precision - scale
        let minScale = min(scale, minimumAdjustedScale)
        let newScale = max(maxDecimalPrecision - digits, minScale)
        return .decimal(precision: maxDecimalPrecision, scale: newScale)
    }

    /// ROUND(x, r): DOUBLE stays DOUBLE; DECIMAL(p, s) becomes DECIMAL(1 + p - s + r, r) when r < s.
    public static func round(_ t: DataType, digits r: Int) -> DataType {
        guard case let .decimal(p, s) = t.logical else { return t }
        if r >= s { return t }
        if r < 0 { return DataType(.decimal(precision: min(maxDecimalPrecision, 1 + p - s), scale: 0), nullable: t.nullable) }
        return DataType(.decimal(precision: 1 + p - s + r, scale: r), nullable: t.nullable)
    }

    /// FLOOR/CEIL of a DECIMAL(p, s) is DECIMAL(p, 0) (as Flink 2.3 reports it); other numerics keep their type.
    public static func floorCeil(_ t: DataType) -> DataType {
        guard case let .decimal(p, _) = t.logical else { return t }
        return DataType(.decimal(precision: p, scale: 0), nullable: t.nullable)
    }

    // MARK: widening

    /// The least restrictive type of several (UNION ALL columns, CASE branches, COALESCE, IN lists):
    /// numerics widen (INT + BIGINT → BIGINT, exact + DOUBLE → DOUBLE, decimals keep the integer digits
    /// and the scale of both); CHAR(n) of one length stays CHAR(n), of different lengths becomes
    /// VARCHAR(longest); any VARCHAR makes VARCHAR(max length); timestamps take the larger precision.
    /// Nullable if any input is. NULL-typed inputs are ignored. nil when the types have no common type.
    public static func leastRestrictive(_ types: [DataType]) -> DataType? {
        let nullable = types.contains { $0.nullable }
        let known = types.filter { $0.logical != .null }
        guard var acc = known.first?.logical else { return DataType(.null, nullable: true) }
        for t in known.dropFirst() {
            guard let merged = merge(acc, t.logical) else { return nil }
            acc = merged
        }
        return DataType(acc, nullable: nullable)
    }

    static func merge(_ a: LogicalType, _ b: LogicalType) -> LogicalType? {
        if a == b { return a }
        switch (a, b) {
        case let (.char(x), .char(y)):
            return .varchar(length: max(x, y))
        case let (.char(x), .varchar(y)), let (.varchar(y), .char(x)), let (.varchar(x), .varchar(y)):
            return .varchar(length: max(x, y))
        case let (.timestamp(x), .timestamp(y)):
            return .timestamp(precision: max(x, y))
        case let (.timestampLTZ(x), .timestampLTZ(y)):
            return .timestampLTZ(precision: max(x, y))
        case (.boolean, .boolean), (.date, .date):
            return a
        default:
            break
        }
        guard isNumeric(a), isNumeric(b) else { return nil }
        let ra = numericRank(a), rb = numericRank(b)
        if ra >= 6 || rb >= 6 { return (ra == 7 || rb == 7) ? .double : .float }
        if ra <= 4 && rb <= 4 { return ra >= rb ? a : b }
        let x = decimalView(a)!, y = decimalView(b)!
        let s = max(x.scale, y.scale)
        let digits = max(x.precision - x.scale, y.precision - y.scale)
        return .decimal(precision: min(digits + s, maxDecimalPrecision), scale: s)
    }

    /// Whether two operands can be compared (`=`, `<`, …) — numerics with numerics, strings with
    /// strings, like temporal types, booleans.
    public static func comparable(_ a: DataType, _ b: DataType) -> Bool {
        if a.logical == .null || b.logical == .null { return true }
        if isNumeric(a.logical) && isNumeric(b.logical) { return true }
        if isCharacter(a.logical) && isCharacter(b.logical) { return true }
        return merge(a.logical, b.logical) != nil
    }

    // MARK: aggregates

    public enum AggregateKind: String, Sendable, CaseIterable {
        case count = "COUNT", sum = "SUM", sum0 = "$SUM0", avg = "AVG", min = "MIN", max = "MAX"
        case firstValue = "FIRST_VALUE", lastValue = "LAST_VALUE"
    }

    /// The result type of an aggregate over one argument type (nil argument = `COUNT(*)`), or the
    /// validation message Flink gives when the argument type is not accepted.
    public static func aggregate(_ kind: AggregateKind, _ arg: DataType?) -> Result<DataType, TypeError> {
        switch kind {
        case .count:
            return .success(DataType(.bigint, nullable: false))
        case .sum, .sum0:
            guard let arg, isNumeric(arg.logical) else { return .failure(mismatch(kind, arg, "NUMERIC")) }
            let nullable = kind == .sum
            if case let .decimal(_, s) = arg.logical {
                return .success(DataType(.decimal(precision: maxDecimalPrecision, scale: s), nullable: nullable))
            }
            return .success(DataType(arg.logical, nullable: nullable))
        case .avg:
            guard let arg, isNumeric(arg.logical) else { return .failure(mismatch(kind, arg, "NUMERIC")) }
            if case let .decimal(_, s) = arg.logical {
                return .success(DataType(.decimal(precision: maxDecimalPrecision, scale: max(minimumAdjustedScale, s)), nullable: true))
            }
            return .success(DataType(arg.logical, nullable: true))
        case .min, .max, .firstValue, .lastValue:
            guard let arg else { return .failure(mismatch(kind, nil, "ANY")) }
            return .success(DataType(arg.logical, nullable: true))
        }
    }

    /// A type error as Calcite phrases it: `Cannot apply 'SUM' to arguments of type 'SUM(<VARCHAR(2147483647)>)'.
    /// Supported form(s): 'SUM(<NUMERIC>)'`.
    public struct TypeError: Error, Sendable, Hashable {
        public var message: String
    }

    static func mismatch(_ kind: AggregateKind, _ arg: DataType?, _ form: String) -> TypeError {
        let argText = arg.map { calciteSpelling($0.logical) } ?? ""
        return TypeError(message: "Cannot apply '\(kind.rawValue)' to arguments of type '\(kind.rawValue)(<\(argText)>)'. Supported form(s): '\(kind.rawValue)(<\(form)>)'")
    }

    /// Calcite's spelling of a type in messages (STRING is `VARCHAR(2147483647)`).
    public static func calciteSpelling(_ t: LogicalType) -> String {
        switch t {
        case let .varchar(n): return "VARCHAR(\(n))"
        case let .varbinary(n): return "VARBINARY(\(n))"
        case .int: return "INTEGER"
        default: return DataType(t).description
        }
    }

    // MARK: time

    /// Window columns (`window_start`, `window_end`, `TUMBLE_START`, …) are TIMESTAMP(3) NOT NULL;
    /// `window_time` / `*_ROWTIME` keep the event-time marker.
    public static let windowBound = DataType(.timestamp(precision: 3), nullable: false)
    public static let windowRowtime = DataType(.timestamp(precision: 3), nullable: false, isRowtime: true)
}
