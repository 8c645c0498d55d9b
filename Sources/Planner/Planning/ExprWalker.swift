import SQL

/// Visits the sub-expressions of an expression (not into subqueries).
enum ExprWalker {
    static func children(_ e: Expr) -> [Expr] {
        switch e.kind {
        case let .unary(_, x): return [x]
        case let .binary(_, a, b): return [a, b]
        case let .isPredicate(x, _, _): return [x]
        case let .isDistinctFrom(a, b, _): return [a, b]
        case let .between(x, lo, hi, _, _): return [x, lo, hi]
        case let .inList(x, list, _): return [x] + list
        case let .like(x, p, esc, _, _): return [x, p] + (esc.map { [$0] } ?? [])
        case let .call(c): return c.arguments + (c.filter.map { [$0] } ?? [])
        case let .cast(x, _, _): return [x]
        case let .caseWhen(op, whens, other):
            return (op.map { [$0] } ?? []) + whens.flatMap { [$0.condition, $0.result] } + (other.map { [$0] } ?? [])
        case let .array(xs), let .map(xs), let .row(xs, _): return xs
        case let .item(a, b): return [a, b]
        case let .field(x, _): return [x]
        case let .namedArgument(_, x): return [x]
        default: return []
        }
    }

    /// Every sub-expression (pre-order) for which `match` holds, not descending into matches.
    static func collect(_ e: Expr, _ match: (Expr) -> Bool, into out: inout [Expr]) {
        if match(e) {
            if !out.contains(e) { out.append(e) }
            return
        }
        for c in children(e) { collect(c, match, into: &out) }
    }
}
