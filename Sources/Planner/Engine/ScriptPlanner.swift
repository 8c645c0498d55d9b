import Runtime
import SQL

/// The planner's entry point for scripts: parse → catalog changes (DDL) → validate and plan the query or
/// the INSERTs (one graph for a statement set).
public enum ScriptPlanner {
    /// A planned script: the job graph (with a collect sink for a trailing SELECT), the result schema of the
    /// SELECT (or of the last INSERT's query), and each statement's kind.
    public struct Planned: Sendable {
        public var graph: JobGraph
        public var columns: [Scope.Column]
        public var collect: CollectResult?
        public var statements: [StatementInfo]
        public var appendOnly: Bool
        /// Tables and views the script declared (they belong to the job).
        public var declaredTables: [String]
        /// The catalog changes of the script, for standalone statements that persist them in the
        /// environment's catalog: created tables and views with their DDL text, dropped names.
        public var createdTables: [(definition: TableDefinition, ddl: String)] = []
        public var createdViews: [(definition: ViewDefinition, ddl: String)] = []
        public var dropped: [String] = []
        /// `SET 'key' = 'value'` options of the script, in order (later ones win), e.g. `restart-strategy.type`.
        public var options: [String: String] = [:]
        /// The upsert key of a trailing SELECT's updating result (column indices), else nil (Confluent's
        /// `upsert_columns`).
        public var upsertColumns: [Int]? = nil
    }

    public struct StatementInfo: Sendable, Hashable {
        /// `CREATE_TABLE`, `CREATE_VIEW`, `SELECT`, `INSERT`, `STATEMENT_SET`, `DROP`, `SET`, …
        public var kind: String
        /// The table created or written to.
        public var table: String?
        public var line: Int
    }

    public static func parse(_ script: String) throws(PlannerError) -> [ParsedStatement] {
        do {
            return try SQLParser.parseScript(script)
        } catch {
            throw PlannerError(.parse, error.summary, line: error.line, column: error.column)
        }
    }

    public static func plan(script: String, parallelism: Int, catalog: any Catalog,
                            context: PlanContext = PlanContext()) throws -> Planned {
        let statements = try parse(script)
        var session = SessionCatalog(base: catalog)
        var infos: [StatementInfo] = []
        var declared: [String] = []
        var planner: QueryPlanner?
        var columns: [Scope.Column] = []
        var collect: CollectResult?
        var appendOnly = true
        var createdTables: [(definition: TableDefinition, ddl: String)] = []
        var createdViews: [(definition: ViewDefinition, ddl: String)] = []
        var dropped: [String] = []
        var options: [String: String] = [:]
        var upsertColumns: [Int]?
        var context = context
        // Stable uids: the DDL seen so far plus each statement's text shape its operators' uids.
        var ddlShape = ""
        var tableCounts: [String: Int] = [:]
        func assignUids(_ p: inout QueryPlanner, from start: Int, _ statement: Statement) {
            StableOperatorUids.assign(&p.graph, range: start..<p.graph.vertices.count,
                                      shape: ddlShape + "\n" + StableOperatorUids.shape(statement), tableCounts: &tableCounts)
        }
        func queryPlanner() -> QueryPlanner {
            if var p = planner { p.catalog = session; p.context = context; return p }
            return QueryPlanner(catalog: session, parallelism: parallelism, context: context)
        }
        for st in statements {
            let line = st.span.start.line
            switch st.statement {
            case let .createTable(ct):
                infos.append(StatementInfo(kind: "CREATE_TABLE", table: ct.name.name, line: line))
                if session.table(ct.name.name) != nil || session.view(ct.name.name) != nil {
                    if ct.ifNotExists { continue }
                    if session.local.tables[ct.name.name] != nil || session.local.views[ct.name.name] != nil {
                        throw PlannerError.at(ct.name.span, "Table `\(ct.name.name)` already exists")
                    }
                }
                let def = try TableDefinition(ct)
                session.local.tables[ct.name.name] = def
                ddlShape += StableOperatorUids.shape(st.statement) + ";\n"
                declared.append(ct.name.name)
                createdTables.append((def, st.text))
            case let .createView(cv):
                infos.append(StatementInfo(kind: "CREATE_VIEW", table: cv.name.name, line: line))
                if cv.ifNotExists && session.view(cv.name.name) != nil { continue }
                // Validate the view's query now, as Flink does on CREATE VIEW.
                var check = QueryPlanner(catalog: session, parallelism: parallelism, context: context)
                _ = try check.plan(cv.query)
                let view = ViewDefinition(name: cv.name.name, columns: cv.columns.map(\.name), query: cv.query)
                session.local.views[cv.name.name] = view
                ddlShape += StableOperatorUids.shape(st.statement) + ";\n"
                declared.append(cv.name.name)
                createdViews.append((view, st.text))
            case let .query(q):
                infos.append(StatementInfo(kind: "SELECT", table: nil, line: line))
                var p = queryPlanner()
                let start = p.graph.vertices.count
                let rel = try p.plan(q)
                let result = CollectResult(limit: context.collectLimit, whenFull: context.collectWhenFull)
                let sink = p.graph.addOperator(name: "Sink(collect)", kind: "Sink", parallelism: rel.parallelism,
                                               uid: "\(p.graph.vertices.count)-sink-collect") { _ in CollectSink(result) }
                p.graph.connect(rel.vertex, to: sink, .forward)
                assignUids(&p, from: start, st.statement)
                planner = p
                columns = rel.scope.columns
                collect = result
                appendOnly = appendOnly && rel.appendOnly
                upsertColumns = rel.appendOnly ? nil : rel.upsertKey
            case let .insert(ins):
                infos.append(StatementInfo(kind: "INSERT", table: ins.table.name, line: line))
                var p = queryPlanner()
                let start = p.graph.vertices.count
                let rel = try p.insert(ins)
                assignUids(&p, from: start, st.statement)
                planner = p
                columns = rel.scope.columns
                appendOnly = appendOnly && rel.appendOnly
            case let .statementSet(inserts):
                infos.append(StatementInfo(kind: "STATEMENT_SET", table: nil, line: line))
                var p = queryPlanner()
                for ins in inserts {
                    let start = p.graph.vertices.count
                    let rel = try p.insert(ins)
                    assignUids(&p, from: start, .insert(ins))
                    columns = rel.scope.columns
                    appendOnly = appendOnly && rel.appendOnly
                }
                planner = p
            case .set, .reset, .use:
                if case let .set(key?, value?) = st.statement {
                    options[key] = value
                    try SessionOptions.apply(key, value, to: &context, span: st.span)
                }
                if case let .reset(key) = st.statement {
                    if let key { options[key] = nil } else { options = [:] }
                    SessionOptions.reset(key, in: &context)
                }
                infos.append(StatementInfo(kind: "SET", table: nil, line: line))
            case let .drop(d):
                infos.append(StatementInfo(kind: "DROP_" + d.kind.rawValue, table: d.name.name, line: line))
                let name = d.name.name
                dropped.append(name)
                if session.local.tables.removeValue(forKey: name) == nil && session.local.views.removeValue(forKey: name) == nil
                    && !d.ifExists && session.table(name) == nil && session.view(name) == nil {
                    throw PlannerError.at(d.name.span, "Table with identifier '\(name)' does not exist.")
                }
            case .show, .describe, .explain, .alterTable:
                infos.append(StatementInfo(kind: "METADATA", table: nil, line: line))
            }
        }
        return Planned(graph: planner?.graph ?? JobGraph(), columns: columns, collect: collect, statements: infos,
                       appendOnly: appendOnly, declaredTables: declared, createdTables: createdTables,
                       createdViews: createdViews, dropped: dropped, options: options, upsertColumns: upsertColumns)
    }
}
