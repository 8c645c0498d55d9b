/// Checkpointing settings of a job (Flink's `execution.checkpointing.*` with its defaults).
public struct CheckpointConfig: Sendable, Equatable {
    /// Milliseconds between periodic checkpoints; 0 = no periodic checkpoints (savepoints still work).
    public var interval: Int64
    public var mode: CheckpointMode
    /// An in-progress checkpoint older than this fails (ms, default 10 min).
    public var timeout: Int64 = 600_000
    /// Minimum time between the end of one checkpoint and the start of the next (ms).
    public var minPause: Int64 = 0
    /// Completed checkpoints kept; older ones' files are deleted.
    public var retained = 3
    /// Where this job's checkpoints go (`chk-<id>`, `savepoint-<id>` folders).
    public var directory: String

    public init(interval: Int64, mode: CheckpointMode = .exactlyOnce, directory: String) {
        self.interval = interval
        self.mode = mode
        self.directory = directory
    }
}
