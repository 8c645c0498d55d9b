/// A source subtask. The runner calls `poll` repeatedly on the subtask's thread; each call emits up to a
/// batch of rows to `output` (and, for sources that track event time per split, watermarks).
public protocol SourceReader: AnyObject {
    func open(_ context: OperatorContext) throws
    func poll(output: Output) throws -> SourceStatus
    func snapshotState() throws -> OperatorSnapshot
    /// The snapshot for checkpoint `checkpointId` (default: `snapshotState()`); a source that commits
    /// what a checkpoint covers when it completes remembers it here.
    func snapshotState(checkpointId: Int64) throws -> OperatorSnapshot
    func restoreState(_ snapshot: OperatorSnapshot) throws
    /// Checkpoint `checkpointId` (and every earlier one) completed: a Kafka source commits its offsets.
    func notifyCheckpointComplete(_ checkpointId: Int64) throws
    /// True when new input wakes the subtask (through `OperatorContext.wakeup`): it may then sleep longer
    /// while idle. Others are polled at most `ExecutionConfig.maxIdleSleepMicros` apart.
    var wakesOnData: Bool { get }
    func close()
}

public enum SourceStatus: Sendable, Equatable {
    /// More data may be available right away.
    case more
    /// Nothing available now (unbounded source); the runner flushes and waits a little.
    case idle
    /// Bounded input exhausted.
    case finished
}

extension SourceReader {
    public func open(_ context: OperatorContext) throws {}
    public func snapshotState() throws -> OperatorSnapshot { OperatorSnapshot() }
    public func snapshotState(checkpointId: Int64) throws -> OperatorSnapshot { try snapshotState() }
    public func restoreState(_ snapshot: OperatorSnapshot) throws {}
    public func notifyCheckpointComplete(_ checkpointId: Int64) throws {}
    public func close() {}
    public var wakesOnData: Bool { false }
}

/// Assigns the splits `0..<count` round-robin to subtasks, like Flink's enumerators for files/partitions.
public func assignedSplits(count: Int, subtask: Int, parallelism: Int) -> [Int] {
    stride(from: subtask, to: count, by: max(1, parallelism)).map { $0 }
}
