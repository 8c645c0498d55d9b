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

/// The result of comparing two versions: a unified diff of the SQL and the config keys that differ.
public struct JobVersionComparison: Sendable, Equatable {
    public struct ConfigChange: Sendable, Equatable {
        public var key: String
        /// nil when the key is absent in that version (labels).
        public var from: String?
        public var to: String?

        public init(key: String, from: String?, to: String?) {
            self.key = key
            self.from = from
            self.to = to
        }
    }

    public var jobID: String
    public var fromVersion: Int
    public var toVersion: Int
    /// Unified diff (`--- v1`, `+++ v2`, `@@ … @@` hunks); empty when the SQL is identical.
    public var sqlDiff: String
    public var configChanges: [ConfigChange]

    public init(jobID: String, fromVersion: Int, toVersion: Int, sqlDiff: String, configChanges: [ConfigChange]) {
        self.jobID = jobID
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.sqlDiff = sqlDiff
        self.configChanges = configChanges
    }
}
