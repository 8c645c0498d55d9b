import Model

/// Validates a job's SQL before anything is stored (create, update, rollback) and for the dry run
/// (`POST …/jobs/validate`). The default is the planner's (`PlannerSQLValidator`); invalid SQL is an
/// `APIError` 400 (code `sql_parse_error` / `sql_validation_error`, `source.pointer` `/sql`, with line and
/// column).
public protocol SQLValidating: Sendable {
    /// Throws the first error of the script.
    func validate(sql: String, environmentID: String, config: JobConfig) throws(APIError)
    /// The full report (statements, schema, graph, or the errors).
    func report(sql: String, environmentID: String, config: JobConfig) -> SQLValidationReport
}

extension SQLValidating {
    /// A report from `validate` alone (validators that only accept or reject).
    public func report(sql: String, environmentID: String, config: JobConfig) -> SQLValidationReport {
        do {
            try validate(sql: sql, environmentID: environmentID, config: config)
            return SQLValidationReport()
        } catch {
            return SQLValidationReport(errors: [error])
        }
    }
}

/// Accepts any SQL (tests that exercise the control plane without the planner).
public struct AcceptAllSQL: SQLValidating {
    public init() {}
    public func validate(sql: String, environmentID: String, config: JobConfig) throws(APIError) {}
}
