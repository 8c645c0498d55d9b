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
    /// `auto_rollback` and `rollback_probation` (ms) of the new version.
    public var autoRollback: Bool?
    public var rollbackProbation: Int64?

    public init(sql: String? = nil, parallelism: Int? = nil, checkpointInterval: Int64? = nil,
                checkpointMode: String? = nil, computePoolID: String? = nil, labels: [String: String]? = nil,
                resourceVersion: String? = nil, autoRollback: Bool? = nil, rollbackProbation: Int64? = nil) {
        self.autoRollback = autoRollback
        self.rollbackProbation = rollbackProbation
        self.sql = sql
        self.parallelism = parallelism
        self.checkpointInterval = checkpointInterval
        self.checkpointMode = checkpointMode
        self.computePoolID = computePoolID
        self.labels = labels
        self.resourceVersion = resourceVersion
    }
}
