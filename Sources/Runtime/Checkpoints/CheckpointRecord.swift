/// What is recorded (in SQLite) about one checkpoint or savepoint of a job.
public struct CheckpointRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case inProgress = "IN_PROGRESS", completed = "COMPLETED", failed = "FAILED" }

    /// One head subtask's acknowledgement.
    public struct Ack: Sendable, Equatable {
        public var vertex: Int
        public var subtask: Int
        public var size: Int64
        public var timestamp: Int64
        public init(vertex: Int, subtask: Int, size: Int64, timestamp: Int64) {
            self.vertex = vertex; self.subtask = subtask; self.size = size; self.timestamp = timestamp
        }
    }

    public var job: String
    public var id: Int64
    public var isSavepoint: Bool
    public var status: Status
    public var triggerTimestamp: Int64
    /// Time of the last acknowledgement (completion) or of the failure.
    public var latestAckTimestamp: Int64
    public var stateSize: Int64
    public var numSubtasks: Int
    public var acks: [Ack]
    /// Directory of the checkpoint (`…/chk-<id>` or `…/savepoint-<id>`).
    public var path: String
    /// The checkpoint this run of the job was restored from (nil: fresh start).
    public var restoredFrom: Int64?
    public var failureMessage: String?
    /// Files deleted (no longer retained).
    public var discarded: Bool

    public init(job: String, id: Int64, isSavepoint: Bool, status: Status, triggerTimestamp: Int64,
                latestAckTimestamp: Int64, stateSize: Int64 = 0, numSubtasks: Int, acks: [Ack] = [], path: String,
                restoredFrom: Int64? = nil, failureMessage: String? = nil, discarded: Bool = false) {
        self.job = job; self.id = id; self.isSavepoint = isSavepoint; self.status = status
        self.triggerTimestamp = triggerTimestamp; self.latestAckTimestamp = latestAckTimestamp
        self.stateSize = stateSize; self.numSubtasks = numSubtasks; self.acks = acks; self.path = path
        self.restoredFrom = restoredFrom; self.failureMessage = failureMessage; self.discarded = discarded
    }

    public var duration: Int64 { max(0, latestAckTimestamp - triggerTimestamp) }
}

/// A restore of a job from a checkpoint or savepoint.
public struct RestoreRecord: Sendable, Equatable {
    public var job: String
    public var checkpointId: Int64
    public var restoreTimestamp: Int64
    public var isSavepoint: Bool
    public var path: String
    public init(job: String, checkpointId: Int64, restoreTimestamp: Int64, isSavepoint: Bool, path: String) {
        self.job = job; self.checkpointId = checkpointId; self.restoreTimestamp = restoreTimestamp
        self.isSavepoint = isSavepoint; self.path = path
    }
}
