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

/// Confluent's `scaling_status.scaling_state`.
public enum ScalingStatus: String, Sendable, CaseIterable, Equatable {
    case ok = "OK"
    case pendingScaleDown = "PENDING_SCALE_DOWN"
    case pendingScaleUp = "PENDING_SCALE_UP"
    /// Fits the pool's `max_cfu` but not its free CFUs: waits PENDING until CFUs free up.
    case poolExhausted = "POOL_EXHAUSTED"
}

public enum CheckpointMode: String, Sendable, CaseIterable, Equatable {
    case exactlyOnce = "EXACTLY_ONCE"
    case atLeastOnce = "AT_LEAST_ONCE"
}
