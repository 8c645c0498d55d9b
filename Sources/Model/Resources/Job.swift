/// A deployable job (id `job-…`): its identity, lifecycle, and the current version's SQL and config.
public struct Job: Sendable, Equatable {
    public var id: String
    public var name: String
    public var environmentID: String
    public var organizationID: String
    /// Number of the current (ACTIVE) version, starting at 1.
    public var currentVersion: Int
    /// SQL of the current version.
    public var sql: String
    /// Config of the current version (includes `computePoolID` and `labels`).
    public var config: JobConfig
    public var status: JobStatus
    public var scalingStatus: ScalingStatus
    /// Why the job failed (FAILED), else nil.
    public var failureMessage: String?
    /// CFUs the job holds in its pool: its parallelism while admitted (starting or running), else 0.
    public var heldCFU: Int
    /// API key id of the creator (the version creator is in `JobVersion.createdBy`).
    public var createdBy: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var resourceVersion: Int64
    /// While a rolling update or rollback switches versions: `SAVEPOINTING`, `STARTING` or `ROLLING_BACK`
    /// (the job stays RUNNING); nil otherwise.
    public var updatePhase: String?
    /// Per source topic, where the job stopped: `partition:0,offset:23;partition:1,offset:65` (Confluent's
    /// `latest_offsets`), set when it stops with a savepoint.
    public var latestOffsets: [String: String] = [:]
    public var latestOffsetsAt: Int64?
    /// The current version's state restore (CARRIED_OVER / OFFSETS_ONLY / NONE and why).
    public var stateRestore: JobVersion.StateRestore?
    /// The current version's measured switch gap (rolling update), milliseconds.
    public var switchGapMillis: Int64?

    public var computePoolID: String { config.computePoolID }
    public var labels: [String: String] { config.labels }
    public var parallelism: Int { config.parallelism }

    public init(id: String, name: String, environmentID: String, organizationID: String, currentVersion: Int,
                sql: String, config: JobConfig, status: JobStatus, scalingStatus: ScalingStatus,
                failureMessage: String? = nil, heldCFU: Int = 0, createdBy: String, createdAt: Int64, updatedAt: Int64,
                resourceVersion: Int64 = 1) {
        self.id = id
        self.name = name
        self.environmentID = environmentID
        self.organizationID = organizationID
        self.currentVersion = currentVersion
        self.sql = sql
        self.config = config
        self.status = status
        self.scalingStatus = scalingStatus
        self.failureMessage = failureMessage
        self.heldCFU = heldCFU
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resourceVersion = resourceVersion
    }
}
