/// A job's configuration as recorded in each version; defaults are always written explicitly.
public struct JobConfig: Sendable, Equatable {
    public static let defaultParallelism = 1
    public static let defaultCheckpointIntervalMillis: Int64 = 300_000
    public static let minCheckpointIntervalMillis: Int64 = 1_000
    public static let defaultCheckpointMode = CheckpointMode.exactlyOnce

    public var parallelism: Int
    /// `checkpoint_interval`, milliseconds (≥ 1000).
    public var checkpointIntervalMillis: Int64
    public var checkpointMode: CheckpointMode
    public var computePoolID: String
    public var labels: [String: String]
    /// `auto_rollback`: an updated version that fails to start or fails within its probation window is
    /// rolled back to the previous version automatically (default true).
    public var autoRollback: Bool
    /// `rollback_probation`, milliseconds: how long after a rolling update a failure rolls back; nil = the
    /// server's default (`--rollback-probation`, 60 s).
    public var rollbackProbationMillis: Int64?

    public init(parallelism: Int = JobConfig.defaultParallelism,
                checkpointIntervalMillis: Int64 = JobConfig.defaultCheckpointIntervalMillis,
                checkpointMode: CheckpointMode = JobConfig.defaultCheckpointMode,
                computePoolID: String, labels: [String: String] = [:], autoRollback: Bool = true,
                rollbackProbationMillis: Int64? = nil) {
        self.parallelism = parallelism
        self.checkpointIntervalMillis = checkpointIntervalMillis
        self.checkpointMode = checkpointMode
        self.computePoolID = computePoolID
        self.labels = labels
        self.autoRollback = autoRollback
        self.rollbackProbationMillis = rollbackProbationMillis
    }

    /// The config as ordered key/value strings (labels as `labels.<key>`), used by compare.
    public var flattened: [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = [
            ("parallelism", String(parallelism)),
            ("checkpoint_interval", String(checkpointIntervalMillis)),
            ("checkpoint_mode", checkpointMode.rawValue),
            ("compute_pool_id", computePoolID),
            ("auto_rollback", String(autoRollback)),
        ]
        if let p = rollbackProbationMillis { entries.append(("rollback_probation", String(p))) }
        for key in labels.keys.sorted() { entries.append(("labels.\(key)", labels[key]!)) }
        return entries
    }
}
