/// One immutable version of a job's spec (SQL + config). History is append-only: only `state`,
/// `endReason` and `endedAt` change, when a later version replaces it.
public struct JobVersion: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable, Equatable {
        case active = "ACTIVE"
        case superseded = "SUPERSEDED"
        case rolledBack = "ROLLED_BACK"
        case failed = "FAILED"
    }

    public var jobID: String
    /// 1, 2, 3… without gaps.
    public var number: Int
    public var sql: String
    public var config: JobConfig
    public var createdAt: Int64
    /// API key id of the principal that created this version.
    public var createdBy: String
    public var state: State
    /// Why this version stopped being active ("superseded by version 3", "rolled back to version 1", …).
    public var endReason: String?
    public var endedAt: Int64?
    /// For a rollback version: the version whose spec it copies.
    public var rolledBackFrom: Int?

    public init(jobID: String, number: Int, sql: String, config: JobConfig, createdAt: Int64, createdBy: String,
                state: State = .active, endReason: String? = nil, endedAt: Int64? = nil, rolledBackFrom: Int? = nil) {
        self.jobID = jobID
        self.number = number
        self.sql = sql
        self.config = config
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.state = state
        self.endReason = endReason
        self.endedAt = endedAt
        self.rolledBackFrom = rolledBackFrom
    }
}
