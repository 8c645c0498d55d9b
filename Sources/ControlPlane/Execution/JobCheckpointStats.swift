/// A job's checkpointing statistics as Flink's `GET /jobs/{jid}/checkpoints` reports them (the API layer
/// encodes them with Flink's field names).
public struct JobCheckpointStats: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var restored = 0, total = 0, inProgress = 0, completed = 0, failed = 0
    }

    public struct Checkpoint: Sendable, Equatable {
        /// `IN_PROGRESS`, `COMPLETED`, `FAILED`.
        public var status: String
        public var id: Int64
        public var isSavepoint: Bool
        public var triggerTimestamp: Int64
        public var latestAckTimestamp: Int64
        public var stateSize: Int64
        public var endToEndDuration: Int64
        public var numSubtasks: Int
        public var numAcknowledgedSubtasks: Int
        public var externalPath: String
        public var discarded: Bool
        public var restoredFrom: Int64?
        public var failureMessage: String?
    }

    public struct Restore: Sendable, Equatable {
        public var id: Int64
        public var restoreTimestamp: Int64
        public var isSavepoint: Bool
        public var externalPath: String
    }

    public var counts = Counts()
    public var latestCompleted: Checkpoint?
    public var latestSavepoint: Checkpoint?
    public var latestFailed: Checkpoint?
    public var latestRestored: Restore?
    public var history: [Checkpoint] = []
    public init() {}
}

/// Flink's `GET /jobs/{jid}/checkpoints/config` (CheckpointConfigInfo) plus the restart strategy.
public struct JobCheckpointConfig: Sendable, Equatable {
    /// `exactly_once` / `at_least_once` (Flink serializes the mode lower-case).
    public var mode: String
    public var interval: Int64
    public var timeout: Int64
    public var minPause: Int64
    public var maxConcurrent: Int
    public var retained: Int
    public var checkpointStorage: String
    public var restartStrategy: String
}

/// An asynchronous savepoint operation (`POST …/savepoints` → 202 with a request id, then pollable).
public struct SavepointOperation: Sendable, Equatable {
    public var requestID: String
    /// `IN_PROGRESS`, `COMPLETED` or `FAILED`.
    public var status: String
    public var checkpointID: Int64?
    public var location: String?
    public var failureCause: String?
    public var triggerTimestamp: Int64
}
