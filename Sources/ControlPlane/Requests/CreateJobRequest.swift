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
    /// `auto_rollback` (default true) and `rollback_probation` (ms; default: the server's).
    public var autoRollback: Bool?
    public var rollbackProbation: Int64?

    public init(name: String?, sql: String?, parallelism: Int? = nil, checkpointInterval: Int64? = nil,
                checkpointMode: String? = nil, computePoolID: String? = nil, labels: [String: String]? = nil,
                stopped: Bool = false, autoRollback: Bool? = nil, rollbackProbation: Int64? = nil) {
        self.autoRollback = autoRollback
        self.rollbackProbation = rollbackProbation
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
