/// What a source does when it sees checkpoint `id`'s trigger.
public struct CheckpointTrigger: Sendable, Equatable {
    public var id: Int64
    public var isSavepoint = false
    /// Emit the end-of-time watermark before the barrier (stop --drain: every event-time window fires).
    public var drain = false
    /// After the barrier the sources stop reading (stop with savepoint).
    public var stop = false

    public init(id: Int64, isSavepoint: Bool = false, drain: Bool = false, stop: Bool = false) {
        self.id = id
        self.isSavepoint = isSavepoint
        self.drain = drain
        self.stop = stop
    }
}

/// A head subtask (one thread: a source or operator plus the operators chained behind it).
public struct TaskKey: Sendable, Hashable {
    public var vertex: Int
    public var subtask: Int
}

/// One operator subtask's part of a checkpoint: `build` makes the snapshot (on a writer thread).
public struct SnapshotPart: Sendable {
    public var vertexUid: String
    public var vertex: Int
    public var subtask: Int
    public var parallelism: Int
    public var build: @Sendable () throws -> OperatorSnapshot
}

/// Receives what the subtasks of a runner produce for a checkpoint (the coordinator).
public protocol CheckpointAckHandler: AnyObject, Sendable {
    func snapshotTaken(checkpointId: Int64, task: TaskKey, parts: [SnapshotPart])
    func snapshotFailed(checkpointId: Int64, task: TaskKey, error: any Error)
}

/// Checkpointing mode: EXACTLY_ONCE aligns barriers at operators with several input channels;
/// AT_LEAST_ONCE lets records overtake (they are replayed, duplicated, after a restore).
public enum CheckpointMode: String, Sendable, Hashable, CaseIterable {
    case exactlyOnce = "EXACTLY_ONCE"
    case atLeastOnce = "AT_LEAST_ONCE"
}
