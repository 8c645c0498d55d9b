import Runtime
import SQL

/// Validates a query against a catalog and lowers it into a `JobGraph`: sources, Calc (projection /
/// filter), watermark assigners, window and group aggregations, union; each vertex at `parallelism`
/// (global aggregations at 1) with stable uids derived from their position in the plan.
struct QueryPlanner {
    var catalog: any Catalog
    let parallelism: Int
    var context: PlanContext
    var graph = JobGraph()
    var viewDepth = 0
    /// Top-N limits an outer WHERE puts on row-number columns of the query being planned.
    var rankLimits: [String: Int] = [:]

    init(catalog: any Catalog, parallelism: Int, context: PlanContext = PlanContext()) {
        self.catalog = catalog
        self.context = context
        self.parallelism = max(1, parallelism)
    }

    // MARK: graph helpers

    mutating func addCalc(_ input: Relation, name: String, filter: Predicate? = nil, projections: [Expression]? = nil,
                          scope: Scope) -> Relation {
        let v = graph.addOperator(name: name, kind: "Calc", parallelism: input.parallelism,
                                  uid: "\(graph.vertices.count)-calc") { _ in CalcOperator(filter: filter, projections: projections) }
        graph.connect(input.vertex, to: v, .forward)
        // A filter keeps the rows' key; a projection's key is worked out by its caller.
        return Relation(vertex: v, scope: scope, parallelism: input.parallelism, appendOnly: input.appendOnly,
                        upsertKey: projections == nil ? input.upsertKey : nil)
    }

    // MARK: queries

    mutating func plan(_ q: Query) throws -> Relation {
        guard q.orderBy.isEmpty, q.limit == nil else { throw PlannerError.validation("ORDER BY and LIMIT are not supported in streaming queries") }
        return try plan(q.body)
    }

    mutating func plan(_ body: QueryBody) throws -> Relation {
        switch body {
        case let .select(s): return try plan(s)
        case let .query(q): return try plan(q)
        case let .setOperation(op):
            guard op.kind == .union, op.all else { throw PlannerError.validation("Only UNION ALL is supported") }
            return try union(try plan(op.left), try plan(op.right))
        case let .values(rows):
            return try values(rows)
        }
    }

    mutating func union(_ l: Relation, _ r: Relation) throws -> Relation {
        guard l.scope.columns.count == r.scope.columns.count else {
            throw PlannerError.validation("Set operator cannot combine queries with different numbers of columns")
        }
        var cols: [Scope.Column] = []
        for (a, b) in zip(l.scope.columns, r.scope.columns) {
            guard var t = TypeInference.leastRestrictive([a.type, b.type]) else {
                throw PlannerError.validation("Type mismatch in column '\(a.name)' of UNION ALL")
            }
            t.isRowtime = a.type.isRowtime && b.type.isRowtime
            cols.append(.init(name: a.name, type: t))
        }
        let target = Scope(cols)
        func conform(_ rel: Relation, _ planner: inout QueryPlanner) -> Relation {
            let needs = zip(rel.scope.columns, cols).contains { $0.type.logical != $1.type.logical }
            if !needs { return rel }
            let projections = rel.scope.columns.indices.map { i -> Expression in
                let c = CompiledExpr(type: rel.scope.columns[i].type) { $0.values[i] }
                return c.coerced(to: cols[i].type).eval
            }
            return planner.addCalc(rel, name: "Calc(union cast)", projections: projections, scope: target)
        }
        let a = conform(l, &self), b = conform(r, &self)
        let p = parallelism
        let v = graph.addOperator(name: "Union", kind: "Union", parallelism: p, uid: "\(graph.vertices.count)-union") { _ in UnionOperator() }
        graph.connect(a.vertex, to: v, input: 0, a.parallelism == p ? .forward : .rebalance)
        graph.connect(b.vertex, to: v, input: 1, b.parallelism == p ? .forward : .rebalance)
        return Relation(vertex: v, scope: target, parallelism: p, appendOnly: a.appendOnly && b.appendOnly)
    }

    mutating func plan(_ s: Select) throws -> Relation {
        guard let from = s.from else {
            // SELECT without FROM: one empty row.
            return try plan(Select(isDistinct: s.isDistinct, items: s.items, from: .subquery(Query(body: .values([[]])), alias: nil, span: s.span),
                                   whereClause: s.whereClause, groupBy: s.groupBy, having: s.having, span: s.span))
        }
        var rel: Relation
        var whereClause = s.whereClause
        let outerLimits = rankLimits
        rankLimits = Self.rankLimits(whereClause)
        defer { rankLimits = outerLimits }
        if case let .join(j) = from, j.kind == .comma {
            rel = try join(j, extraCondition: whereClause)
            whereClause = nil
        } else {
            rel = try plan(from)
        }
        rankLimits = outerLimits
        if let w = whereClause {
            let c = try ExprCompiler(scope: rel.scope, now: context.now).compile(w)
            let f = c.eval
            rel = addCalc(rel, name: "Calc(where)", filter: { Comparison.isTrue(try f($0)) }, scope: rel.scope)
        }
        let aggregates = collectAggregates(s)
        let groupedOutput: (rel: Relation, compiler: ExprCompiler)?
        if !s.groupBy.isEmpty || !aggregates.isEmpty {
            groupedOutput = try aggregate(s, rel, aggregates)
        } else {
            groupedOutput = nil
        }
        var compiler = groupedOutput?.compiler ?? ExprCompiler(scope: rel.scope, now: context.now)
        if let g = groupedOutput { rel = g.rel }
        if let h = s.having {
            let c = try compiler.compile(h)
            let f = c.eval
            rel = addCalc(rel, name: "Calc(having)", filter: { Comparison.isTrue(try f($0)) }, scope: rel.scope)
            compiler.scope = rel.scope
        }
        // Projection.
        var projections: [Expression] = []
        var cols: [Scope.Column] = []
        var rankItem: (item: SelectItem, name: String)?
        for (i, item) in s.items.enumerated() {
            if Self.isRowNumber(item.expr) {
                guard i == s.items.count - 1, groupedOutput == nil else {
                    throw PlannerError.at(item.expr.span, "ROW_NUMBER() must be the last select item of a query without aggregation")
                }
                rankItem = (item, item.alias?.name ?? "EXPR$\(i)")
                continue
            }
            if case let .star(qualifier) = item.expr.kind {
                let q = qualifier.last?.name
                for (j, c) in rel.scope.columns.enumerated() where q == nil || c.qualifier == q {
                    if let pw = rel.pendingWindow, j >= pw.baseCount { continue }
                    projections.append { $0.values[j] }
                    cols.append(.init(name: c.name, type: c.type))
                }
                continue
            }
            if rel.pendingWindow != nil, groupedOutput == nil {
                throw PlannerError.validation("Window table functions without aggregation are not supported yet")
            }
            let c = try compiler.compile(item.expr)
            projections.append(c.eval)
            let name: String
            if let a = item.alias { name = a.name } else if case let .identifier(parts) = item.expr.kind { name = parts.last!.name } else { name = "EXPR$\(i)" }
            cols.append(.init(name: name, type: c.type))
        }
        var out = addCalc(rel, name: "Calc(select)", projections: projections, scope: Scope(cols))
        out.pendingWindow = nil
        if let key = rel.upsertKey, rankItem == nil {
            // The key survives the projection when every key column is selected as is.
            let selected = s.items.map { compiler.slots[$0.expr] }
            let mapped = key.compactMap { k in selected.firstIndex(of: k) }
            if mapped.count == key.count && !key.isEmpty { out.upsertKey = mapped }
        }
        if let r = rankItem { out = try rank(out, r.item, name: r.name) }
        if s.isDistinct { out = distinct(out) }
        return out
    }

    /// `VALUES (…), (…)`: constant rows, typed by the least restrictive type per column, from one subtask.
    mutating func values(_ rows: [[Expr]]) throws -> Relation {
        let empty = ExprCompiler(scope: Scope([]), now: context.now)
        let compiled = try rows.map { try $0.map { try empty.compile($0) } }
        let width = compiled.first?.count ?? 0
        guard compiled.allSatisfy({ $0.count == width }) else { throw PlannerError.validation("Values must have the same number of columns") }
        var cols: [Scope.Column] = []
        for c in 0..<width {
            guard let t = TypeInference.leastRestrictive(compiled.map { $0[c].type }) else {
                throw PlannerError.validation("Incompatible types in VALUES column \(c + 1)")
            }
            cols.append(.init(name: "EXPR$\(c)", type: t))
        }
        let data = try compiled.map { row in
            Row(try row.enumerated().map { i, e in try e.coerced(to: cols[i].type).eval(Row([])) })
        }
        let p = parallelism
        let v = graph.addSource(name: "Values", kind: "Source", parallelism: p, uid: "\(graph.vertices.count)-values") { info in
            ValuesSource(rows: data, subtask: info.subtaskIndex, parallelism: info.parallelism)
        }
        return Relation(vertex: v, scope: Scope(cols), parallelism: p, appendOnly: true)
    }

    /// SELECT DISTINCT: a group aggregation keyed by every column, without aggregates (an updating result
    /// when its input is updating; append-only input still yields inserts only for new rows, but Flink plans
    /// it as a GroupAggregate, so the result counts as updating).
    mutating func distinct(_ input: Relation) -> Relation {
        let keys = Array(input.scope.columns.indices)
        let retractable = !input.appendOnly
        let ttl = context.stateTTLMillis
        let v = graph.addOperator(name: "GroupAggregate(distinct)", kind: "GroupAggregate", parallelism: parallelism,
                                  uid: "\(graph.vertices.count)-distinct") { _ in
            GroupAggregateOperator(keys: keys, aggregates: [], retractableInput: retractable, stateTTLMillis: ttl)
        }
        graph.connect(input.vertex, to: v, keys.isEmpty ? .global : .hash(KeySelector(keys)))
        var scope = input.scope
        for i in scope.columns.indices { scope.columns[i].type.isRowtime = false }
        return Relation(vertex: v, scope: scope, parallelism: parallelism, appendOnly: false,
                        upsertKey: keys.isEmpty ? nil : keys)
    }

    // MARK: FROM

    mutating func plan(_ t: TableRef) throws -> Relation {
        switch t {
        case let .table(name):
            return try scan(name)
        case let .subquery(q, alias, _):
            var r = try plan(q)
            r.scope.columns = r.scope.columns.enumerated().map { i, c in
                var c = c
                c.qualifier = alias?.name.name
                if let alias, i < alias.columns.count { c.name = alias.columns[i].name }
                return c
            }
            return r
        case let .function(f):
            return try windowTVF(f)
        case let .join(j):
            return try join(j, extraCondition: nil)
        }
    }

    mutating func scan(_ t: TableName) throws -> Relation {
        let name = t.name.name
        let alias = t.alias?.name.name ?? name
        if let view = catalog.view(name) {
            guard viewDepth < 16 else { throw PlannerError.validation("View nesting too deep") }
            viewDepth += 1
            defer { viewDepth -= 1 }
            var r = try plan(view.query)
            r.scope.columns = r.scope.columns.enumerated().map { i, c in
                var c = c
                c.qualifier = alias
                if i < view.columns.count { c.name = view.columns[i] }
                return c
            }
            return r
        }
        guard let def = catalog.table(name) else {
            throw PlannerError.at(t.name.span, "Object '\(t.name.description)' not found")
        }
        return try source(def, alias: alias)
    }

    mutating func source(_ table: TableDefinition, alias: String) throws -> Relation {
        var def = table
        if !context.kafkaTableDefaults.isEmpty, ["kafka", "upsert-kafka"].contains(def.options["connector"] ?? "kafka") {
            for (k, v) in context.kafkaTableDefaults where def.options[k] == nil { def.options[k] = v }
        }
        let physical = def.columns.filter { $0.computed == nil }
        let schema = RowSchema(physical.map { .init($0.name, $0.type) })
        let p = parallelism
        let physicalScopeForWatermark = Scope(physical.map { .init(name: $0.name, type: $0.type) })
        var sourceWatermark: WatermarkSpec?
        if let wm = def.watermark, let col = def.columns.first(where: { $0.name == wm.column }) {
            // Per-split (Kafka partition) watermarks are generated inside the source, as Flink does.
            let rowtime: Expression
            if let comp = col.computed {
                rowtime = try ExprCompiler(scope: physicalScopeForWatermark, now: context.now).compile(comp).eval
            } else {
                let i = physical.firstIndex { $0.name == col.name }!
                rowtime = { $0.values[i] }
            }
            sourceWatermark = WatermarkSpec(rowtime: rowtime, delayMillis: wm.delayMillis,
                                            idleTimeoutMillis: def.options["scan.watermark.idle-timeout"].flatMap(Self.durationMillis))
        }
        let (src, watermarkInSource) = try addSourceVertex(def, schema: schema, watermark: sourceWatermark)
        let physicalScope = Scope(physical.map { .init(name: $0.name, qualifier: alias, type: $0.type) })
        var rel = Relation(vertex: src, scope: physicalScope, parallelism: p, appendOnly: true)
        var cols: [Scope.Column] = []
        for c in def.columns {
            var type = c.type
            if let comp = c.computed { type = try ExprCompiler(scope: physicalScope, now: context.now).compile(comp).type }
            if def.watermark?.column == c.name { type.isRowtime = true }
            cols.append(.init(name: c.name, qualifier: alias, type: type))
        }
        if def.columns.contains(where: { $0.computed != nil }) {
            let projections = try def.columns.map { c -> Expression in
                if let comp = c.computed { return try ExprCompiler(scope: physicalScope, now: context.now).compile(comp).eval }
                let i = physical.firstIndex { $0.name == c.name }!
                return { $0.values[i] }
            }
            rel = addCalc(rel, name: "Calc(computed columns)", projections: projections, scope: Scope(cols))
        }
        rel.scope = Scope(cols)
        if !watermarkInSource, let wm = def.watermark, let idx = cols.firstIndex(where: { $0.name == wm.column }) {
            let v = graph.addOperator(name: "WatermarkAssigner(\(wm.column))", kind: "WatermarkAssigner", parallelism: p,
                                      uid: "\(graph.vertices.count)-watermark") { _ in WatermarkAssigner(rowtimeIndex: idx, delayMillis: wm.delayMillis) }
            graph.connect(rel.vertex, to: v, .forward)
            rel.vertex = v
        }
        return rel
    }

    /// `'5 s'`, `'10 min'`, `'1000'` (ms) → milliseconds.
    static func durationMillis(_ text: String) -> Int64? {
        let t = text.trimmingWhitespace()
        let digits = t.prefix { $0.isNumber }
        guard let n = Int64(digits) else { return nil }
        switch String(t.dropFirst(digits.count)).trimmingWhitespace().lowercased() {
        case "", "ms", "milli", "millis", "milliseconds": return n
        case "s", "sec", "second", "seconds": return n * 1000
        case "min", "minute", "minutes": return n * 60_000
        case "h", "hour", "hours": return n * 3_600_000
        default: return nil
        }
    }

    mutating func addSourceVertex(_ def: TableDefinition, schema: RowSchema, watermark: WatermarkSpec?) throws -> (Int, Bool) {
        let connector = def.options["connector"] ?? "kafka"
        let uid = "\(graph.vertices.count)-source-\(def.name)"
        switch connector {
        case "filesystem":
            guard let path = def.options["path"] else { throw PlannerError.validation("Missing required options are:\n\npath") }
            let format = try FileSource.format(options: def.options, schema: schema)
            let v = graph.addSource(name: "TableSourceScan(\(def.name))", parallelism: parallelism, uid: uid) { info in
                try FileSource(path: path, format: format, subtask: info.subtaskIndex, parallelism: info.parallelism)
            }
            return (v, false)
        case "kafka", "upsert-kafka":
            let topic = def.options["topic"] ?? def.name
            let formatName = def.options["value.format"] ?? def.options["format"] ?? "json"
            let kind = try KafkaFormat.kind(named: formatName)
            var options = KafkaSource.Options(topic: topic, width: schema.count,
                                              value: KafkaFormat(kind: kind, schema: schema, positions: Array(0..<schema.count),
                                                                 ignoreParseErrors: def.options["json.ignore-parse-errors"] == "true"))
            options.bounded = context.boundedKafkaSources || def.options["scan.bounded.mode"] == "latest-offset"
            options.upsert = connector == "upsert-kafka"
            switch def.options["scan.startup.mode"] ?? "earliest-offset" {
            case "latest-offset": options.startup = .latest
            case "group-offsets": options.startup = .groupOffsets(group: def.options["properties.group.id"] ?? def.name, fallbackEarliest: true)
            case "timestamp": options.startup = .timestamp(Int64(def.options["scan.startup.timestamp-millis"] ?? "0") ?? 0)
            default: options.startup = .earliest
            }
            if case let .groupOffsets(group, _) = options.startup { options.group = group }
            else { options.group = def.options["properties.group.id"] }
            options.watermark = watermark
            let store = context.topicStore
            let opts = options
            let v = graph.addSource(name: "TableSourceScan(\(def.name))", parallelism: parallelism, uid: uid) { info in
                guard let store else { throw RuntimeError(code: "no_cluster", detail: "No Kafka cluster for topic \(topic)") }
                return KafkaSource(store: store, options: opts, subtask: info.subtaskIndex, parallelism: info.parallelism)
            }
            return (v, watermark != nil)
        case "datagen":
            let options = def.options
            // Checks the generator options now (a bad kind or a sequence without start/end fails validation).
            do {
                _ = try DatagenSource(schema: schema, options: options, subtask: 0, parallelism: parallelism)
            } catch let e as RuntimeError {
                throw PlannerError.validation(e.detail)
            }
            let v = graph.addSource(name: "TableSourceScan(\(def.name))", parallelism: parallelism, uid: uid) { info in
                try DatagenSource(schema: schema, options: options, subtask: info.subtaskIndex, parallelism: info.parallelism)
            }
            return (v, false)
        default:
            throw PlannerError.validation("Could not find any factory for identifier '\(connector)' that implements 'org.apache.flink.table.factories.DynamicTableFactory' in the classpath.")
        }
    }

    static func millis(_ e: Expr) throws -> Int64 {
        guard case let .literal(.interval(i)) = e.kind, case let (.interval(ms), _) = try ExprCompiler.interval(i, e.span) else {
            throw PlannerError.at(e.span, "Expected a day-time interval literal")
        }
        return ms
    }

    mutating func windowTVF(_ f: TableFunction) throws -> Relation {
        guard case let .call(call) = f.call.kind else { throw PlannerError.validation("Unsupported table function") }
        let name = call.upperName
        var args = call.arguments.map { a -> Expr in if case let .namedArgument(_, v) = a.kind { return v }; return a }
        guard args.count >= 3, case let .tableArgument(tableName) = args[0].kind, case let .descriptor(cols) = args[1].kind, let col = cols.first else {
            throw PlannerError.at(f.span, "Unsupported table function \(call.name.description)")
        }
        var rel = try scan(TableName(name: tableName, span: tableName.span))
        let timeIndex = try rel.scope.resolve([col], span: col.span)
        guard rel.scope.columns[timeIndex].type.isRowtime else {
            throw PlannerError.at(col.span, "The window function \(name)(TABLE table_name, DESCRIPTOR(timecol), datetime interval) requires the timecol to be a time attribute type, but is TIMESTAMP(3).")
        }
        args.removeFirst(2)
        let spec: Runtime.WindowSpec
        switch name {
        case "TUMBLE": spec = .tumble(size: try Self.millis(args[0]), offset: args.count > 1 ? try Self.millis(args[1]) : Int64(0))
        case "HOP": spec = .hop(size: try Self.millis(args[1]), slide: try Self.millis(args[0]), offset: args.count > 2 ? try Self.millis(args[2]) : Int64(0))
        case "CUMULATE": spec = .cumulate(maxSize: try Self.millis(args[1]), step: try Self.millis(args[0]), offset: args.count > 2 ? try Self.millis(args[2]) : Int64(0))
        default: throw PlannerError.at(f.span, "Unsupported table function \(name)")
        }
        let base = rel.scope.columns.count
        let q = f.alias?.name.name ?? rel.scope.columns.first?.qualifier
        rel.scope.columns.append(.init(name: "window_start", qualifier: q, type: TypeInference.windowBound))
        rel.scope.columns.append(.init(name: "window_end", qualifier: q, type: TypeInference.windowBound))
        rel.scope.columns.append(.init(name: "window_time", qualifier: q, type: TypeInference.windowRowtime))
        rel.pendingWindow = .init(spec: spec, timeIndex: timeIndex, baseCount: base)
        return rel
    }
}
