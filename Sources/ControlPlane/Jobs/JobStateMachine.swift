import Model

/// The job lifecycle: every legal status transition, in one place.
///
/// ```
/// PENDING  → RUNNING (executor started it) | STOPPED (user stop before it ran) | FAILED | COMPLETED | DELETING
/// RUNNING  → STOPPING (user stop) | FAILED | COMPLETED | PENDING (rescheduled: update/restart, lost its CFUs) | DELETING
/// STOPPING → STOPPED | FAILED | DELETING
/// STOPPED  → PENDING (resume) | DELETING
/// FAILED   → PENDING (resume, update, rollback) | DELETING
/// COMPLETED→ PENDING (resume, update, rollback) | DELETING
/// DELETING → (none: the job is removed)
/// ```
/// Staying in the same status is always allowed (idempotent reports).
public enum JobStateMachine {
    public static let transitions: [JobStatus: Set<JobStatus>] = [
        .pending: [.running, .stopped, .failed, .completed, .deleting],
        .running: [.stopping, .failed, .completed, .pending, .deleting],
        .stopping: [.stopped, .failed, .deleting],
        .stopped: [.pending, .deleting],
        .failed: [.pending, .deleting],
        .completed: [.pending, .deleting],
        .deleting: [],
    ]

    public static func canTransition(from: JobStatus, to: JobStatus) -> Bool {
        from == to || transitions[from, default: []].contains(to)
    }

    /// Throws 409 `invalid_state_transition` for an illegal transition.
    public static func check(from: JobStatus, to: JobStatus, jobName: String) throws(APIError) {
        guard canTransition(from: from, to: to) else {
            throw APIError.conflict("Job '\(jobName)' cannot go from \(from.rawValue) to \(to.rawValue).",
                                    code: "invalid_state_transition")
        }
    }

    /// Statuses in which the job wants compute: it holds CFUs when admitted, or waits for them.
    public static func isActive(_ status: JobStatus) -> Bool {
        status == .pending || status == .running || status == .stopping
    }

    /// Statuses from which `resume` restarts the job.
    public static func isResumable(_ status: JobStatus) -> Bool {
        status == .stopped || status == .failed || status == .completed
    }
}
