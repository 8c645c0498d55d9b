import Model

/// Validates a job's SQL before anything is stored (create, update, rollback). The planner integration
/// provides the real one; it throws `APIError` 400 (code e.g. `invalid_sql`, `source.pointer` `/sql`, the
/// detail naming line and column).
public protocol SQLValidating: Sendable {
    func validate(sql: String, environmentID: String, config: JobConfig) throws(APIError)
}

/// Accepts any SQL (the default until the planner is wired).
public struct AcceptAllSQL: SQLValidating {
    public init() {}
    public func validate(sql: String, environmentID: String, config: JobConfig) throws(APIError) {}
}
