import Runtime
import SQL

extension QueryPlanner {
    static func conjuncts(_ e: Expr) -> [Expr] {
        if case let .binary(.and, a, b) = e.kind { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// Plans `left JOIN right ON cond` (and `FROM a, b WHERE cond`): equi-conjuncts become the hash keys
    /// of a regular join, or of an interval join when a conjunct bounds one side's rowtime by the other's
    /// (`l.ts BETWEEN r.ts - INTERVAL … AND r.ts + INTERVAL …`); the rest is the join's condition.
    mutating func join(_ j: Join, extraCondition: Expr?) throws -> Relation {
        guard j.kind == .inner || j.kind == .left || j.kind == .comma, !j.natural else {
            throw PlannerError.at(j.span, "\(j.kind.rawValue) is not supported yet")
        }
        let l = try plan(j.left), r = try plan(j.right)
        let nl = l.scope.columns.count, nr = r.scope.columns.count
        var rightCols = r.scope.columns
        if j.kind == .left { for i in rightCols.indices { rightCols[i].type.nullable = true } }
        let combined = Scope(l.scope.columns + rightCols)
        var conds: [Expr] = []
        if case let .on(e) = j.condition { conds += Self.conjuncts(e) }
        if case .using = j.condition { throw PlannerError.at(j.span, "JOIN … USING is not supported yet") }
        if let extra = extraCondition { conds += Self.conjuncts(extra) }
        let compiler = ExprCompiler(scope: combined, now: context.now)
        var leftKeys: [Int] = [], rightKeys: [Int] = []
        var rest: [Expr] = []
        var interval: (leftTime: Int, rightTime: Int, lower: Int64, upper: Int64)?
        for c in conds {
            if case let .binary(.equals, a, b) = c.kind {
                let ca = try compiler.compile(a), cb = try compiler.compile(b)
                if let x = ca.columnIndex, let y = cb.columnIndex {
                    if x < nl && y >= nl { leftKeys.append(x); rightKeys.append(y - nl); continue }
                    if y < nl && x >= nl { leftKeys.append(y); rightKeys.append(x - nl); continue }
                }
            }
            if interval == nil, case let .between(x, lo, hi, false, false) = c.kind,
               let bound = try intervalBound(x, lo, hi, compiler, nl) {
                interval = bound
                continue
            }
            rest.append(c)
        }
        var predicate: Predicate?
        if !rest.isEmpty {
            let fs = try rest.map { try compiler.compile($0).eval }
            predicate = { row in try fs.allSatisfy { Comparison.isTrue(try $0(row)) } }
        }
        let global = leftKeys.isEmpty
        let p = global ? 1 : parallelism
        let type: JoinOperator.JoinType = j.kind == .left ? .left : .inner
        let lk = leftKeys, rk = rightKeys, cond = predicate
        let v: Int
        var outCols = combined.columns
        let appendOnly: Bool
        if let iv = interval {
            guard l.appendOnly && r.appendOnly else { throw PlannerError.validation("Interval joins need append-only inputs") }
            v = graph.addOperator(name: "IntervalJoin", kind: "IntervalJoin", parallelism: p, uid: "\(graph.vertices.count)-interval-join") { _ in
                IntervalJoinOperator(type: type, leftKeys: lk, rightKeys: rk, leftTime: iv.leftTime, rightTime: iv.rightTime,
                                     lowerBound: iv.lower, upperBound: iv.upper, rightArity: nr, condition: cond)
            }
            appendOnly = true
        } else {
            // A regular join's output carries no time attributes.
            for i in outCols.indices { outCols[i].type.isRowtime = false }
            let ttl = context.stateTTLMillis
            v = graph.addOperator(name: "Join", kind: "Join", parallelism: p, uid: "\(graph.vertices.count)-join") { _ in
                JoinOperator(type: type, leftKeys: lk, rightKeys: rk, leftArity: nl, rightArity: nr, condition: cond,
                             stateTTLMillis: ttl)
            }
            appendOnly = type == .inner && l.appendOnly && r.appendOnly
        }
        graph.connect(l.vertex, to: v, input: 0, global ? .global : .hash(KeySelector(leftKeys)))
        graph.connect(r.vertex, to: v, input: 1, global ? .global : .hash(KeySelector(rightKeys)))
        return Relation(vertex: v, scope: Scope(outCols), parallelism: p, appendOnly: appendOnly)
    }

    /// `l.t BETWEEN r.t + a AND r.t + b` (either side first) → bounds for the interval join, in ms.
    func intervalBound(_ x: Expr, _ lo: Expr, _ hi: Expr, _ compiler: ExprCompiler, _ nl: Int)
        throws -> (leftTime: Int, rightTime: Int, lower: Int64, upper: Int64)? {
        func timeOffset(_ e: Expr) throws -> (Int, Int64)? {
            switch e.kind {
            case .identifier:
                let c = try compiler.compile(e)
                guard let i = c.columnIndex, c.type.isRowtime else { return nil }
                return (i, 0)
            case let .binary(op, a, b) where op == .plus || op == .minus:
                guard let (i, o) = try timeOffset(a), case .literal(.interval) = b.kind else { return nil }
                let ms = try Self.millis(b)
                return (i, o + (op == .plus ? ms : -ms))
            default:
                return nil
            }
        }
        guard let (xi, xo) = try timeOffset(x), xo == 0, let (li, lo) = try timeOffset(lo), let (hi2, ho) = try timeOffset(hi),
              li == hi2 else { return nil }
        if xi < nl && li >= nl { return (xi, li - nl, lo, ho) }
        if xi >= nl && li < nl {
            // r.t BETWEEN l.t + lo AND l.t + hi  ⇔  l.t BETWEEN r.t - hi AND r.t - lo
            return (li, xi - nl, -ho, -lo)
        }
        return nil
    }
}
