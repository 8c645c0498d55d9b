import Runtime
import SQL

extension QueryPlanner {
    static func isAggregateCall(_ e: Expr) -> Bool {
        if case let .call(c) = e.kind, c.over == nil, ExprCompiler.aggregateNames.contains(c.upperName) { return true }
        return false
    }

    static let windowGroupFunctions: Set<String> = ["TUMBLE", "HOP", "SESSION"]

    func collectAggregates(_ s: Select) -> [Expr] {
        var out: [Expr] = []
        for item in s.items { ExprWalker.collect(item.expr, Self.isAggregateCall, into: &out) }
        if let h = s.having { ExprWalker.collect(h, Self.isAggregateCall, into: &out) }
        return out
    }

    /// Plans GROUP BY (plain, legacy group window, or window TVF) and returns the aggregate's relation
    /// (columns: keys…, aggregates…, [window_start, window_end, window_time]) and a compiler that maps
    /// group keys, aggregate calls and window properties onto it.
    mutating func aggregate(_ s: Select, _ input: Relation, _ aggregates: [Expr]) throws -> (rel: Relation, compiler: ExprCompiler) {
        var rel = input
        var windowSpec: Runtime.WindowSpec?
        var windowTime: Int?
        var legacyName: String?
        var keyExprs: [Expr] = []
        let windowColumnNames: Set<String> = ["window_start", "window_end", "window_time"]
        for g in s.groupBy {
            if case let .call(c) = g.kind, Self.windowGroupFunctions.contains(c.upperName) {
                guard c.arguments.count >= 2 else { throw PlannerError.at(g.span, "Invalid group window") }
                let t = try ExprCompiler(scope: rel.scope, now: context.now).compile(c.arguments[0])
                guard let ti = t.columnIndex, t.type.isRowtime else {
                    throw PlannerError.at(c.arguments[0].span, "Window can only be defined on a time attribute column, but is type of TIMESTAMP(3)")
                }
                windowTime = ti
                legacyName = c.upperName
                switch c.upperName {
                case "TUMBLE": windowSpec = .tumble(size: try Self.millis(c.arguments[1]))
                case "HOP": windowSpec = .hop(size: try Self.millis(c.arguments[2]), slide: try Self.millis(c.arguments[1]))
                default: windowSpec = .session(gap: try Self.millis(c.arguments[1]))
                }
                continue
            }
            if let pw = rel.pendingWindow, case let .identifier(parts) = g.kind, windowColumnNames.contains(parts.last!.name) {
                windowSpec = pw.spec
                windowTime = pw.timeIndex
                continue
            }
            keyExprs.append(g)
        }
        if rel.pendingWindow != nil && windowSpec == nil {
            throw PlannerError.validation("A window table function must be grouped by window_start and window_end")
        }
        let inputCompiler = ExprCompiler(scope: rel.scope, now: context.now)
        let limit = rel.pendingWindow?.baseCount ?? rel.scope.columns.count
        func checkVirtual(_ c: CompiledExpr, _ e: Expr) throws {
            if let i = c.columnIndex, i >= limit { throw PlannerError.at(e.span, "Window columns can only be used as group keys") }
        }
        var pre: [Expression] = []
        var keyCols: [Scope.Column] = []
        for k in keyExprs {
            let c = try inputCompiler.compile(k)
            try checkVirtual(c, k)
            pre.append(c.eval)
            var name = "EXPR$\(keyCols.count)"
            if case let .identifier(parts) = k.kind { name = parts.last!.name }
            keyCols.append(.init(name: name, type: c.type.withoutRowtime))
        }
        var calls: [AggregateCall] = []
        var aggCols: [Scope.Column] = []
        for a in aggregates {
            guard case let .call(call) = a.kind else { continue }
            let name = call.upperName
            var kind = TypeInference.AggregateKind(rawValue: name)!
            var argType: DataType?
            var argIndex: Int?
            let isStar = call.arguments.isEmpty || { if case .star = call.arguments[0].kind { return true }; return false }()
            if !isStar {
                let c = try inputCompiler.compile(call.arguments[0])
                try checkVirtual(c, call.arguments[0])
                argIndex = pre.count
                pre.append(c.eval)
                argType = c.type.withoutRowtime
            } else if kind != .count {
                throw PlannerError.at(a.span, "Invalid use of '*' in \(name)")
            }
            let result: DataType
            switch TypeInference.aggregate(kind, argType) {
            case let .success(t): result = t
            case let .failure(err): throw PlannerError.at(a.span, err.message)
            }
            if kind == .count && isStar { kind = .count }
            let runtimeKind: AggregateCall.Kind
            switch kind {
            case .count: runtimeKind = isStar ? .countStar : .count
            case .sum: runtimeKind = .sum
            case .sum0: runtimeKind = .sum0
            case .avg: runtimeKind = .avg
            case .min: runtimeKind = .min
            case .max: runtimeKind = .max
            case .firstValue: runtimeKind = .firstValue
            case .lastValue: runtimeKind = .lastValue
            }
            var filterIndex: Int?
            if let f = call.filter {
                let c = try inputCompiler.compile(f)
                guard c.type.logical == .boolean else { throw PlannerError.at(f.span, "FILTER expression must be of type BOOLEAN") }
                filterIndex = pre.count
                let fe = c.eval
                pre.append { .bool(Comparison.isTrue(try fe($0))) }
            }
            calls.append(AggregateCall(runtimeKind, argument: argIndex, distinct: call.isDistinct,
                                       inputType: argType ?? DataType(.bigint), resultType: result, filter: filterIndex))
            aggCols.append(.init(name: "EXPR$\(keyCols.count + aggCols.count)", type: result))
        }
        var timeIndexInPre: Int?
        if let wt = windowTime {
            timeIndexInPre = pre.count
            pre.append { $0.values[wt] }
        }
        let preScope = Scope(keyCols + aggCols)  // names for the graph only
        rel = addCalc(rel, name: "Calc(group input)", projections: pre, scope: preScope)
        let k = keyCols.count
        let keys = Array(0..<k)
        let global = k == 0
        let p = global ? 1 : parallelism
        let strategy: ShipStrategy = global ? .global : .hash(KeySelector(keys))
        let callsCopy = calls
        let v: Int
        let appendOnly: Bool
        if let spec = windowSpec, let ti = timeIndexInPre {
            guard rel.appendOnly else { throw PlannerError.validation("Window aggregations over updating input are not supported") }
            if case let .session(gap) = spec {
                v = graph.addOperator(name: "SessionWindowAggregate", kind: "SessionWindowAggregate", parallelism: p,
                                      uid: "\(graph.vertices.count)-session-window-agg") { _ in
                    SessionWindowOperator(keys: keys, timeIndex: ti, gap: gap, aggregates: callsCopy)
                }
            } else {
                v = graph.addOperator(name: "WindowAggregate", kind: "WindowAggregate", parallelism: p,
                                      uid: "\(graph.vertices.count)-window-agg") { _ in
                    WindowAggregateOperator(keys: keys, timeIndex: ti, window: spec, aggregates: callsCopy)
                }
            }
            appendOnly = true
        } else {
            let retractable = !rel.appendOnly
            let ttl = context.stateTTLMillis
            v = graph.addOperator(name: "GroupAggregate", kind: "GroupAggregate", parallelism: p,
                                  uid: "\(graph.vertices.count)-group-agg") { _ in
                GroupAggregateOperator(keys: keys, aggregates: callsCopy, retractableInput: retractable, stateTTLMillis: ttl)
            }
            appendOnly = false
        }
        graph.connect(rel.vertex, to: v, strategy)
        var outCols = keyCols + aggCols
        var slots: [Expr: Int] = [:]
        for (i, e) in keyExprs.enumerated() { slots[e] = i }
        for (j, e) in aggregates.enumerated() { slots[e] = k + j }
        if windowSpec != nil {
            let base = outCols.count
            outCols.append(.init(name: "window_start", type: TypeInference.windowBound))
            outCols.append(.init(name: "window_end", type: TypeInference.windowBound))
            // The legacy *_ROWTIME property is nullable in Flink's schema; the TVF's window_time is NOT NULL.
            outCols.append(.init(name: "window_time", type: legacyName == nil ? TypeInference.windowRowtime : TypeInference.windowRowtime.withNullable(true)))
            if let legacy = legacyName {
                var props: [Expr] = []
                let suffixes = ["_START": 0, "_END": 1, "_ROWTIME": 2]
                let match: (Expr) -> Bool = { e in
                    if case let .call(c) = e.kind, c.upperName.hasPrefix(legacy) { return suffixes[String(c.upperName.dropFirst(legacy.count))] != nil }
                    return false
                }
                for item in s.items { ExprWalker.collect(item.expr, match, into: &props) }
                if let h = s.having { ExprWalker.collect(h, match, into: &props) }
                for e in props {
                    if case let .call(c) = e.kind, let off = suffixes[String(c.upperName.dropFirst(legacy.count))] { slots[e] = base + off }
                }
            } else {
                slots[Expr(.identifier([Identifier("window_start")]))] = base
                slots[Expr(.identifier([Identifier("window_end")]))] = base + 1
                slots[Expr(.identifier([Identifier("window_time")]))] = base + 2
            }
        }
        var out = Relation(vertex: v, scope: Scope(outCols), parallelism: p, appendOnly: appendOnly)
        if !appendOnly && k > 0 { out.upsertKey = Array(0..<k) }
        return (out, ExprCompiler(scope: out.scope, slots: slots, grouped: true, now: context.now))
    }
}
