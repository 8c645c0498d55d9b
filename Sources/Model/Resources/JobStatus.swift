/// A job's lifecycle phase (Confluent's statement phases). Legal transitions live in
/// `ControlPlane/Jobs/JobStateMachine.swift`.
public enum JobStatus: String, Sendable, CaseIterable, Equatable {
    case pending = "PENDING"
    case running = "RUNNING"
    case stopping = "STOPPING"
    case stopped = "STOPPED"
    case failed = "FAILED"
    case completed = "COMPLETED"
    case deleting = "DELETING"

    /// No further progress without a user action (resume, update, delete).
    public var isTerminal: Bool {
        switch self {
        case .stopped, .failed, .completed: true
        case .pending, .running, .stopping, .deleting: false
        }
    }
}
