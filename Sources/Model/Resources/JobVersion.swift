/// One immutable version of a job's spec (SQL + config). History is append-only: only `state`,
/// `endReason` and `endedAt` change, when a later version replaces it.
public struct JobVersion: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable, Equatable {
        case active = "ACTIVE"
        case superseded = "SUPERSEDED"
        case rolledBack = "ROLLED_BACK"
        case failed = "FAILED"
    }

    /// Why the version exists.
    public enum Cause: String, Sendable, CaseIterable, Equatable {
        /// Version 1.
        case created = "CREATED"
        /// A PATCH of SQL or config.
        case update = "UPDATE"
        /// `POST …/rollback`.
        case rollback = "ROLLBACK"
        /// Automatic rollback after the previous version failed.
        case rolledBack = "ROLLED_BACK"
    }

    /// How the version's first run restored state from the version before it.
    public struct StateRestore: Sendable, Equatable {
        public enum Mode: String, Sendable, Equatable {
            /// Every stateful operator matched by uid: operator state and source offsets carried over.
            case carriedOver = "CARRIED_OVER"
            /// Stateful operators changed: only source offsets (and sink handles) carried over, fresh state.
            case offsetsOnly = "OFFSETS_ONLY"
            /// Nothing to restore from (started from the sources' startup mode).
            case none = "NONE"
        }

        public var mode: Mode
        public var reason: String
        /// The version whose savepoint/checkpoint was restored.
        public var fromVersion: Int?
        /// Its directory.
        public var path: String?

        public init(mode: Mode, reason: String, fromVersion: Int? = nil, path: String? = nil) {
            self.mode = mode
            self.reason = reason
            self.fromVersion = fromVersion
            self.path = path
        }
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
    public var cause: Cause
    /// The version whose latest savepoint/checkpoint this one starts from while it has none of its own
    /// (the version it replaced); nil for version 1.
    public var restoreFromVersion: Int?
    /// Set by the executor when the version first started.
    public var stateRestore: StateRestore?
    /// Rolling update: milliseconds from the last record the old version wrote to its sinks to the first
    /// record this one wrote (nil until measured).
    public var switchGapMillis: Int64?

    public init(jobID: String, number: Int, sql: String, config: JobConfig, createdAt: Int64, createdBy: String,
                state: State = .active, endReason: String? = nil, endedAt: Int64? = nil, rolledBackFrom: Int? = nil,
                cause: Cause? = nil, restoreFromVersion: Int? = nil, stateRestore: StateRestore? = nil,
                switchGapMillis: Int64? = nil) {
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
        self.cause = cause ?? (number == 1 ? .created : rolledBackFrom != nil ? .rollback : .update)
        self.restoreFromVersion = restoreFromVersion
        self.stateRestore = stateRestore
        self.switchGapMillis = switchGapMillis
    }
}
