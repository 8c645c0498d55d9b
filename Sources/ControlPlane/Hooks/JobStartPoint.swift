/// Where the next start of a job (a resume, a new version, a restart) takes its state from, when the control
/// plane decides it instead of the executor's default (a version's own latest checkpoint or savepoint).
/// CMF applications' `upgradeMode` and `startFromSavepoint` set it.
public enum JobStartPoint: Sendable, Equatable {
    /// Empty state; sources start per their startup modes (`upgradeMode: stateless`).
    case fresh
    /// A savepoint or checkpoint directory (`file:` prefix allowed).
    case savepoint(String)
    /// The newest completed checkpoint or savepoint of the job, whichever version wrote it
    /// (`upgradeMode: last-state`).
    case lastState
    /// The newest savepoint of the job, whichever version wrote it (a stop's or a triggered one), else the
    /// newest checkpoint (`upgradeMode: savepoint`).
    case latestSavepoint
}
