/// A statement's phase (sql/v1 `status.phase`). `FAILING` is never used: confluent-sql rejects it.
public enum StatementPhase: String, Sendable, CaseIterable, Equatable {
    case pending = "PENDING"
    case running = "RUNNING"
    case completed = "COMPLETED"
    case deleting = "DELETING"
    case failed = "FAILED"
    case stopping = "STOPPING"
    case stopped = "STOPPED"
    case degraded = "DEGRADED"

    /// Clients stop polling at these.
    public var isTerminal: Bool { self == .completed || self == .failed || self == .stopped }

    /// The phase of a statement backed by a job in `status`.
    public init(_ status: JobStatus) {
        switch status {
        case .pending: self = .pending
        case .running: self = .running
        case .stopping: self = .stopping
        case .stopped: self = .stopped
        case .failed: self = .failed
        case .completed: self = .completed
        case .deleting: self = .deleting
        }
    }
}
