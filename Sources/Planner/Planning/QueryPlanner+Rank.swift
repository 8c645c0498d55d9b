import Runtime
import SQL

extension QueryPlanner {
    static func isRowNumber(_ e: Expr) -> Bool {
        if case let .call(c) = e.kind, c.upperName == "ROW_NUMBER", c.over != nil { return true }
        return false
    }

    /// `rn <= N`, `rn < N`, `rn = N` conjuncts of an outer WHERE: the Top-N limits the inner query can use.
    static func rankLimits(_ whereClause: Expr?) -> [String: Int] {
        guard let w = whereClause else { return [:] }
        var out: [String: Int] = [:]
        for c in conjuncts(w) {
            guard case let .binary(op, a, b) = c.kind, case let .identifier(parts) = a.kind,
                  case let .literal(.integer(text)) = b.kind, let n = Int(text) else { continue }
            switch op {
            case .lessEqual, .equals: out[parts.last!.name] = n
            case .less: out[parts.last!.name] = n - 1
            default: break
            }
        }
        return out
    }

    /// `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) AS rn` filtered by the outer query to `rn <= N`:
    /// deduplication (N = 1 ordered by a rowtime), window Top-N (partitioned by window_start/window_end),
    /// or Top-N with retractions. Appends the row number (BIGINT NOT NULL) to `input`'s columns.
    mutating func rank(_ input: Relation, _ item: SelectItem, name: String) throws -> Relation {
        guard case let .call(call) = item.expr.kind, case let .spec(spec)? = call.over else {
            throw PlannerError.at(item.expr.span, "OVER window references are not supported yet")
        }
        guard let limit = rankLimits[name] else {
            throw PlannerError.at(item.expr.span, "ROW_NUMBER() is only supported for Top-N (an outer WHERE \(name) <= N)")
        }
        let compiler = ExprCompiler(scope: input.scope, now: context.now)
        var keys: [Int] = []
        for e in spec.partitionBy {
            guard let i = try compiler.compile(e).columnIndex else { throw PlannerError.at(e.span, "PARTITION BY must name columns") }
            keys.append(i)
        }
        var fields: [SortSpec.Field] = []
        for o in spec.orderBy {
            guard let i = try compiler.compile(o.expr).columnIndex else { throw PlannerError.at(o.expr.span, "ORDER BY must name columns") }
            fields.append(SortSpec.Field(i, ascending: !o.descending, nullsFirst: o.nullsFirst))
        }
        let global = keys.isEmpty
        let p = global ? 1 : parallelism
        let strategy: ShipStrategy = global ? .global : .hash(KeySelector(keys))
        var cols = input.scope.columns
        cols.append(.init(name: name, type: DataType(.bigint, nullable: false)))
        let names = input.scope.columns.map(\.name)
        let sort = SortSpec(fields), k = keys, inputAppendOnly = input.appendOnly
        var appendOnly = false
        let v: Int
        if limit == 1, fields.count == 1, input.scope.columns[fields[0].index].type.isRowtime, input.appendOnly {
            let mode: DeduplicateOperator.Mode = fields[0].ascending ? .firstRowtime(fields[0].index) : .lastRowtime(fields[0].index)
            v = graph.addOperator(name: "Deduplicate", kind: "Deduplicate", parallelism: p, uid: "\(graph.vertices.count)-deduplicate") { _ in
                DeduplicateOperator(keys: k, mode: mode)
            }
            graph.connect(input.vertex, to: v, strategy)
            appendOnly = fields[0].ascending
            var rel = Relation(vertex: v, scope: input.scope, parallelism: p, appendOnly: appendOnly)
            let n = input.scope.columns.count
            var projections: [Expression] = (0..<n).map { i in { @Sendable row in row.values[i] } }
            projections.append { @Sendable _ in .int(1) }
            rel = addCalc(rel, name: "Calc(row number)", projections: projections, scope: Scope(cols))
            return rel
        }
        if let we = names.firstIndex(of: "window_end"), let ws = names.firstIndex(of: "window_start"),
           keys.contains(we), keys.contains(ws), input.appendOnly {
            v = graph.addOperator(name: "WindowRank", kind: "WindowRank", parallelism: p, uid: "\(graph.vertices.count)-window-rank") { _ in
                WindowRankOperator(keys: k, windowEndIndex: we, sort: sort, rankEnd: limit, outputRankNumber: true)
            }
            appendOnly = true
        } else {
            v = graph.addOperator(name: "Rank", kind: "Rank", parallelism: p, uid: "\(graph.vertices.count)-rank") { _ in
                RankOperator(keys: k, sort: sort, rankEnd: limit, outputRankNumber: true, appendOnlyInput: inputAppendOnly)
            }
        }
        graph.connect(input.vertex, to: v, strategy)
        return Relation(vertex: v, scope: Scope(cols), parallelism: p, appendOnly: appendOnly)
    }
}
