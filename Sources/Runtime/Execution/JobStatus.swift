/// Lifecycle of a running graph: CREATED → RUNNING → FINISHED | FAILED | CANCELED.
public enum JobStatus: String, Sendable, Hashable {
    case created = "CREATED"
    case running = "RUNNING"
    case finished = "FINISHED"
    case failed = "FAILED"
    case canceled = "CANCELED"

    public var isTerminal: Bool { self == .finished || self == .failed || self == .canceled }
}

/// Execution settings of a runner.
public struct ExecutionConfig: Sendable {
    /// Rows per batch on a channel.
    public var batchSize: Int = 1024
    /// Batches a receiving subtask buffers per input channel before senders block (backpressure).
    public var channelCapacity: Int = 4
    /// How long a source subtask sleeps when it has nothing to read (microseconds).
    public var idleSleepMicros: UInt32 = 1000
    /// The longest sleep of a source that stayed idle (the sleep grows from `idleSleepMicros` after a
    /// few empty polls): bounds both the idle CPU cost and the delay before new data is seen.
    public var maxIdleSleepMicros: UInt32 = 20_000
    /// The same for a source that new input wakes at once (`SourceReader.wakesOnData`): then the sleep only
    /// bounds the idle CPU cost (a hundred idle Kafka-source jobs polled every 20 ms cost 13 % of a core).
    public var maxWakeableIdleSleepMicros: UInt32 = 250_000
    public var clock: any RuntimeClock = SystemClock()
    /// Runs forward-connected vertices of equal parallelism in one thread (Flink's operator chaining).
    public var chaining = true
    /// Barrier handling at operators with several input channels (only matters when checkpoints run).
    public var checkpointMode: CheckpointMode = .exactlyOnce

    public init() {}
}
