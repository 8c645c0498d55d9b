import Runtime
import SQL

extension TableDefinition {
    /// Re-creates a table from its stored `CREATE TABLE` text (how a persistent catalog keeps tables).
    public init(ddl: String) throws {
        let statements = try ScriptPlanner.parse(ddl)
        guard statements.count == 1, case let .createTable(ct) = statements[0].statement else {
            throw PlannerError.validation("Not a CREATE TABLE statement")
        }
        try self.init(ct)
    }

    /// Builds a table from `CREATE TABLE`, checking types and the watermark declaration.
    public init(_ ddl: CreateTable) throws {
        name = ddl.name.name
        var cols: [Column] = []
        var physicalScope: [Scope.Column] = []
        for c in ddl.columns {
            switch c.kind {
            case let .physical(t), let .metadata(t, _, _):
                let dt = try TypeMapping.dataType(t)
                cols.append(Column(name: c.name.name, type: dt, computed: nil))
                physicalScope.append(.init(name: c.name.name, type: dt))
            case let .computed(e):
                let type = try ExprCompiler(scope: Scope(physicalScope)).compile(e).type
                cols.append(Column(name: c.name.name, type: type, computed: e))
            }
        }
        columns = cols
        watermark = nil
        if let wm = ddl.watermarks.first {
            guard cols.contains(where: { $0.name == wm.column.name }) else {
                throw PlannerError.at(wm.column.span, "The rowtime attribute field '\(wm.column.name)' is not defined in the table schema")
            }
            var delay: Int64 = 0
            switch wm.expression.kind {
            case .identifier: delay = 0
            case let .binary(.minus, _, r): delay = try QueryPlanner.millis(r)
            default: throw PlannerError.at(wm.expression.span, "Unsupported watermark expression")
            }
            watermark = (wm.column.name, delay)
        }
        primaryKey = ddl.primaryKey?.columns.map(\.name) ?? ddl.columns.filter(\.isPrimaryKey).map(\.name.name)
        var opts: [String: String] = [:]
        for o in ddl.options { opts[o.key] = o.value }
        options = opts
    }
}
