import Runtime
import SQL

/// The planner's entry point for scripts: parse → catalog changes (DDL) → validate and plan the query.
public enum ScriptPlanner {
    /// A planned script: the job graph (with a collect sink for a trailing SELECT), the result schema and
    /// the statements' kinds.
    public struct Planned: Sendable {
        public var graph: JobGraph
        public var columns: [Scope.Column]
        public var collect: CollectResult?
        public var statementKinds: [String]
        public var appendOnly: Bool
    }

    public static func parse(_ script: String) throws(PlannerError) -> [ParsedStatement] {
        do {
            return try SQLParser.parseScript(script)
        } catch {
            throw PlannerError(.parse, error.summary, line: error.line, column: error.column)
        }
    }

    public static func plan(script: String, parallelism: Int, catalog: any Catalog) throws -> Planned {
        let statements = try parse(script)
        var session = SessionCatalog(base: catalog)
        var kinds: [String] = []
        var result: Planned?
        for st in statements {
            switch st.statement {
            case let .createTable(ct):
                kinds.append("CREATE_TABLE")
                if ct.ifNotExists && session.table(ct.name.name) != nil { continue }
                session.local.tables[ct.name.name] = try TableDefinition(ct)
            case let .createView(cv):
                kinds.append("CREATE_VIEW")
                session.local.views[cv.name.name] = ViewDefinition(name: cv.name.name, columns: cv.columns.map(\.name), query: cv.query)
            case let .query(q):
                kinds.append("SELECT")
                var planner = QueryPlanner(catalog: session, parallelism: parallelism)
                let rel = try planner.plan(q)
                let collect = CollectResult()
                let sink = planner.graph.addOperator(name: "Sink(collect)", kind: "Sink", parallelism: rel.parallelism,
                                                     uid: "\(planner.graph.vertices.count)-sink-collect") { _ in CollectSink(collect) }
                planner.graph.connect(rel.vertex, to: sink, .forward)
                result = Planned(graph: planner.graph, columns: rel.scope.columns, collect: collect, statementKinds: [],
                                 appendOnly: rel.appendOnly)
            default:
                throw PlannerError.validation("Unsupported statement in a script")
            }
        }
        var planned = result ?? Planned(graph: JobGraph(), columns: [], collect: nil, statementKinds: [], appendOnly: true)
        planned.statementKinds = kinds
        return planned
    }
}
