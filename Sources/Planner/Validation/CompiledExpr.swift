import Runtime

/// A validated expression: its Flink type and its evaluator over input rows.
public struct CompiledExpr: Sendable {
    public var type: DataType
    public var eval: Expression
    /// The input column when the expression is a plain column reference (keeps time attributes, keys).
    public var columnIndex: Int?

    public init(type: DataType, columnIndex: Int? = nil, eval: @escaping Expression) {
        self.type = type
        self.eval = eval
        self.columnIndex = columnIndex
    }

    /// The same value converted to `target` when the logical types differ (CASE branches, COALESCE, UNION).
    func coerced(to target: DataType) -> CompiledExpr {
        if type.logical == target.logical || type.logical == .null { return CompiledExpr(type: target, eval: eval) }
        if TypeInference.isCharacter(type.logical) && TypeInference.isCharacter(target.logical) {
            if case let .char(n) = target.logical {
                let f = eval
                return CompiledExpr(type: target) { row in
                    let v = try f(row)
                    if case let .string(s) = v, s.count < n { return .string(s + String(repeating: " ", count: n - s.count)) }
                    return v
                }
            }
            return CompiledExpr(type: target, eval: eval)
        }
        let f = eval, from = type
        return CompiledExpr(type: target) { row in try Cast.cast(try f(row), from: from, to: target) }
    }
}
