import Runtime

/// A job's checkpoint statistics: counts, the latest completed checkpoint, recent history.
public struct CheckpointSummary: Sendable, Equatable {
    public var completed: Int = 0
    public var failed: Int = 0
    public var inProgress: Int = 0
    public var restored: Int = 0
    /// Most recent first.
    public var history: [CheckpointAttempt] = []

    public init(completed: Int = 0, failed: Int = 0, inProgress: Int = 0, restored: Int = 0,
                history: [CheckpointAttempt] = []) {
        self.completed = completed
        self.failed = failed
        self.inProgress = inProgress
        self.restored = restored
        self.history = history
    }

    public var total: Int { completed + failed + inProgress }
    /// completed / (completed + failed), nil before any finished.
    public var successRate: Double? {
        completed + failed == 0 ? nil : Double(completed) / Double(completed + failed)
    }
    public var latestCompleted: CheckpointAttempt? { history.first { $0.status == .completed } }
    public var latestFailed: CheckpointAttempt? { history.first { $0.status == .failed } }
}

/// One checkpoint attempt.
public struct CheckpointAttempt: Sendable, Equatable {
    public enum Status: String, Sendable { case inProgress = "IN_PROGRESS", completed = "COMPLETED", failed = "FAILED" }

    public var id: Int64
    public var status: Status
    public var isSavepoint: Bool
    /// Epoch ms.
    public var triggeredAt: Int64
    /// Epoch ms of the last acknowledgement (completion), nil while in progress.
    public var completedAt: Int64?
    public var sizeBytes: Int64
    public var failureMessage: String?
    public var externalPath: String?

    public init(id: Int64, status: Status, isSavepoint: Bool = false, triggeredAt: Int64, completedAt: Int64? = nil,
                sizeBytes: Int64 = 0, failureMessage: String? = nil, externalPath: String? = nil) {
        self.id = id
        self.status = status
        self.isSavepoint = isSavepoint
        self.triggeredAt = triggeredAt
        self.completedAt = completedAt
        self.sizeBytes = sizeBytes
        self.failureMessage = failureMessage
        self.externalPath = externalPath
    }

    public var durationMillis: Int64? { completedAt.map { $0 - triggeredAt } }
}

extension CheckpointSummary {
    /// The summary of a checkpoint coordinator's statistics (what an executor running jobs with
    /// checkpointing passes in `LiveJobMetrics.checkpoints`).
    public init(_ stats: Runtime.CheckpointStatistics) {
        self.init(completed: stats.counts.completed, failed: stats.counts.failed, inProgress: stats.counts.inProgress,
                  restored: stats.counts.restored, history: stats.history.map(CheckpointAttempt.init))
    }
}

extension CheckpointAttempt {
    public init(_ r: Runtime.CheckpointRecord) {
        let status: Status = switch r.status {
        case .inProgress: .inProgress
        case .completed: .completed
        case .failed: .failed
        }
        self.init(id: r.id, status: status, isSavepoint: r.isSavepoint, triggeredAt: r.triggerTimestamp,
                  completedAt: r.status == .inProgress ? nil : r.latestAckTimestamp, sizeBytes: r.stateSize,
                  failureMessage: r.failureMessage, externalPath: r.path.isEmpty ? nil : "file:" + r.path)
    }
}
