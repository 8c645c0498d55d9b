import Model
import Planner
import Runtime

/// The planner as the control plane's SQL validator: parses, validates and plans the script at the job's
/// parallelism (nothing runs, nothing is created). Tables come from the script itself over the
/// environment's catalog (`catalog(environmentID)`, empty until standalone DDL persists tables).
public struct PlannerSQLValidator: SQLValidating {
    public let catalog: @Sendable (String) -> any Catalog

    public init(catalog: @escaping @Sendable (String) -> any Catalog = { _ in InMemoryCatalog() }) {
        self.catalog = catalog
    }

    public func validate(sql: String, environmentID: String, config: JobConfig) throws(APIError) {
        if let error = report(sql: sql, environmentID: environmentID, config: config).errors.first { throw error }
    }

    public func report(sql: String, environmentID: String, config: JobConfig) -> SQLValidationReport {
        let result = JobPlanner.validate(script: sql, parallelism: config.parallelism, catalog: catalog(environmentID))
        if let error = result.error { return SQLValidationReport(errors: [Self.apiError(error)]) }
        let runsQuery = result.graph != nil
        return SQLValidationReport(
            statements: result.statements.map { .init(kind: $0.kind, table: $0.table, line: $0.line) },
            schema: result.schema.map { .init(name: $0.name, type: $0.type) },
            changelogMode: runsQuery ? result.changelogMode : nil,
            graph: result.graph)
    }

    static let maxDetailLength = 2048

    /// A planner error as the API reports it: 400 with Flink's message, pointer `/sql`, line and column.
    public static func apiError(_ error: PlannerError) -> APIError {
        var detail = error.message
        switch error.phase {
        case .parse:
            if !detail.hasPrefix("SQL parse failed") { detail = "SQL parse failed. " + detail }
        case .validation, .runtime:
            if !detail.hasPrefix("SQL validation failed") { detail = "SQL validation failed. " + detail }
        }
        if detail.utf8.count > maxDetailLength {
            // A huge token (a stray blob of text) is echoed in the message: keep its head and the position.
            detail = String(detail.prefix(maxDetailLength / 2)) + " … " + String(detail.suffix(maxDetailLength / 4))
        }
        let title = error.phase == .parse ? "SQL Parse Error" : "SQL Validation Error"
        return APIError(status: 400, code: error.code, title: title, detail: detail, source: .pointer("/sql"),
                        resolution: "Fix the SQL and submit it again; POST …/jobs/validate checks it without deploying.",
                        line: error.line, column: error.column)
    }
}
