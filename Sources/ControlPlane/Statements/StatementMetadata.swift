import Model
import Planner
import Runtime
import SQL

/// The result sets of `SHOW …` and `DESCRIBE` over an environment's catalog (Flink's column names).
enum StatementMetadata {
    static let string = DataType(.string, nullable: false)

    static func result(_ kind: String, _ columns: [(String, DataType)], _ rows: [[Value]]) -> StatementOutcome {
        let schema = columns.map { StatementColumn(name: $0.0, type: StatementValueEncoding.typeJSON($0.1)) }
        return .completed(StatementTraits(sqlKind: kind, isBounded: true, isAppendOnly: true, schema: schema),
                          rows: rows, types: columns.map(\.1))
    }

    static func list(_ kind: String, _ column: String, _ names: [String]) -> StatementOutcome {
        result(kind, [(column, string)], names.map { [.string($0)] })
    }

    static let functions = ["ABS", "AVG", "CAST", "CEIL", "CHAR_LENGTH", "COALESCE", "CONCAT", "CONCAT_WS", "COUNT",
                            "CUMULATE", "CURRENT_DATE", "CURRENT_TIMESTAMP", "DATE_FORMAT", "EXTRACT", "FLOOR", "HOP",
                            "IF", "LOWER", "MAX", "MIN", "MOD", "NOW", "POWER", "REGEXP_REPLACE", "ROUND", "SESSION",
                            "SPLIT_INDEX", "SQRT", "SUBSTRING", "SUM", "TO_TIMESTAMP", "TRIM", "TUMBLE", "UPPER"]

    static func show(_ show: Show, statement s: FlinkStatement, catalog: EnvironmentCatalog, jobs: [Job]) throws -> StatementOutcome {
        switch show {
        case .tables: return list("SHOW_TABLES", "table name", catalog.tableNames)
        case .views: return list("SHOW_VIEWS", "view name", catalog.viewNames)
        case .databases: return list("SHOW_DATABASES", "database name", [catalog.databaseName])
        case .catalogs: return list("SHOW_CATALOGS", "catalog name", [catalog.catalogName])
        case .functions: return list("SHOW_FUNCTIONS", "function name", functions)
        case .modules: return list("SHOW_MODULES", "module name", ["core"])
        case .currentCatalog:
            return list("SHOW_CURRENT_CATALOG", "current catalog name", [s.properties["sql.current-catalog"] ?? catalog.catalogName])
        case .currentDatabase:
            return list("SHOW_CURRENT_DATABASE", "current database name", [s.properties["sql.current-database"] ?? catalog.databaseName])
        case .jobs:
            return result("SHOW_JOBS", [("job id", string), ("job name", string), ("status", string),
                                        ("start time", DataType(.timestampLTZ(precision: 3), nullable: false))],
                          jobs.map { [.string($0.id), .string($0.name), .string($0.status.rawValue), .timestamp($0.createdAt * 1000)] })
        case let .createTable(name), let .createView(name):
            let isView: Bool = if case .createView = show { true } else { false }
            guard let ddl = catalog.ddl[name.name], (isView ? catalog.view(name.name) != nil : catalog.table(name.name) != nil) else {
                throw PlannerError.at(name.span, "Could not execute SHOW CREATE \(isView ? "VIEW" : "TABLE"). "
                                          + "\(isView ? "View" : "Table") with identifier '\(catalog.catalogName).\(catalog.databaseName).\(name.name)' does not exist.")
            }
            var text = ddl
            if let st = try? ScriptPlanner.parse(ddl).first?.statement { text = SQLPrinter.printQuoted(st) }
            return result(isView ? "SHOW_CREATE_VIEW" : "SHOW_CREATE_TABLE", [("result", string)], [[.string(text)]])
        }
    }

    /// `DESCRIBE t`: `name, type, null, key, extras, watermark` per column.
    static func describe(_ name: ObjectName, catalog: EnvironmentCatalog) throws -> StatementOutcome {
        let columns: [(String, DataType)] = [("name", string), ("type", string), ("null", DataType(.boolean, nullable: false)),
                                             ("key", DataType(.string)), ("extras", DataType(.string)),
                                             ("watermark", DataType(.string))]
        if let t = catalog.table(name.name) {
            let rows: [[Value]] = t.columns.map { c in
                let key: Value = t.primaryKey.contains(c.name) ? .string("PRI(" + t.primaryKey.joined(separator: ", ") + ")") : .null
                let extras: Value = c.computed.map { .string("AS " + SQLPrinter.print($0)) } ?? .null
                var watermark: Value = .null
                if let wm = t.watermark, wm.column == c.name {
                    watermark = .string(wm.delayMillis == 0 ? "`\(c.name)`" : "`\(c.name)` - INTERVAL '\(Double(wm.delayMillis) / 1000)' SECOND")
                }
                var type = c.type
                type.nullable = true
                return [.string(type.description), .bool(c.type.nullable), key, extras, watermark].with(name: c.name)
            }
            return result("DESCRIBE", columns, rows)
        }
        if let v = catalog.view(name.name) {
            var planner = QueryPlannerProbe(catalog: catalog)
            let cols = try planner.columns(of: v)
            return result("DESCRIBE", columns, cols.map { c in
                var type = c.type
                type.nullable = true
                return [.string(c.name), .string(type.description), .bool(c.type.nullable), .null, .null, .null]
            })
        }
        throw PlannerError.at(name.span, "Tables or views with the identifier '\(catalog.catalogName).\(catalog.databaseName).\(name.name)' doesn't exist.")
    }
}

private extension Array where Element == Value {
    func with(name: String) -> [Value] { [.string(name)] + self }
}

/// The output columns of a view (planned with its query).
struct QueryPlannerProbe {
    let catalog: any Catalog

    mutating func columns(of v: ViewDefinition) throws -> [(name: String, type: DataType)] {
        let planned = try ScriptPlanner.plan(script: SQLPrinter.print(v.query), parallelism: 1, catalog: catalog)
        return planned.columns.enumerated().map { i, c in (i < v.columns.count ? v.columns[i] : c.name, c.type) }
    }
}
