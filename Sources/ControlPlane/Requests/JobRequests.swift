/// `POST /flink/v1/environments/{env}/jobs`. Omitted fields get the defaults (parallelism 1,
/// checkpoint_interval 300000, EXACTLY_ONCE, the environment's default pool, no labels), written explicitly
/// into version 1.
public struct CreateJobRequest: Sendable, Equatable {
    public var name: String?
    public var sql: String?
    public var parallelism: Int?
    /// `checkpoint_interval`, milliseconds.
    public var checkpointInterval: Int64?
    /// `checkpoint_mode` as sent (validated: EXACTLY_ONCE | AT_LEAST_ONCE).
    public var checkpointMode: String?
    public var computePoolID: String?
    public var labels: [String: String]?
    /// Create without starting (status STOPPED), like a statement created with `spec.stopped: true`.
    public var stopped: Bool

    public init(name: String?, sql: String?, parallelism: Int? = nil, checkpointInterval: Int64? = nil,
                checkpointMode: String? = nil, computePoolID: String? = nil, labels: [String: String]? = nil,
                stopped: Bool = false) {
        self.name = name
        self.sql = sql
        self.parallelism = parallelism
        self.checkpointInterval = checkpointInterval
        self.checkpointMode = checkpointMode
        self.computePoolID = computePoolID
        self.labels = labels
        self.stopped = stopped
    }
}

/// `PATCH /flink/v1/environments/{env}/jobs/{job}`: nil fields keep the current version's value; any
/// change appends a new version. (A PATCH with no change returns the job unchanged.)
public struct UpdateJobRequest: Sendable, Equatable {
    public var sql: String?
    public var parallelism: Int?
    public var checkpointInterval: Int64?
    public var checkpointMode: String?
    public var computePoolID: String?
    /// Replaces the labels when given.
    public var labels: [String: String]?
    /// When given and not the current `metadata.resource_version` → 409.
    public var resourceVersion: String?

    public init(sql: String? = nil, parallelism: Int? = nil, checkpointInterval: Int64? = nil,
                checkpointMode: String? = nil, computePoolID: String? = nil, labels: [String: String]? = nil,
                resourceVersion: String? = nil) {
        self.sql = sql
        self.parallelism = parallelism
        self.checkpointInterval = checkpointInterval
        self.checkpointMode = checkpointMode
        self.computePoolID = computePoolID
        self.labels = labels
        self.resourceVersion = resourceVersion
    }
}

/// `POST /iam/v2/api-keys`.
public struct CreateApiKeyRequest: Sendable, Equatable {
    public var owner: String?
    public var description: String?

    public init(owner: String? = nil, description: String? = nil) {
        self.owner = owner
        self.description = description
    }
}
