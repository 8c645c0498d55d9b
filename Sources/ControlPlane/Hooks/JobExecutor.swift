import Model

/// What actually runs jobs (the runtime integration implements it). ControlPlane calls it after the
/// corresponding change is committed, outside its locks; the executor reports progress back through
/// `ControlPlane.reportJobStatus(jobID:status:failure:)` (from any thread, any time later, or from inside
/// these calls).
public protocol JobExecutor: Sendable {
    /// Start `job` at `version` (or move a running job to `version`: a rolling update). The job has been
    /// admitted to its pool (it holds `version.config.parallelism` CFUs).
    func start(job: Job, version: JobVersion)
    /// Stop the job (user stop, delete, environment/pool delete, or it lost its CFUs). When it is stopped,
    /// report `.stopped` (not needed after a delete: the job is already gone).
    func stop(job: Job)
    /// The job was deleted (alone, or with its environment): end it without keeping anything to resume
    /// from, and report nothing. Default: `stop(job:)`.
    func delete(job: Job)
    /// Stop with `drain`: like Flink's `stop --drain`, the sources emit the end-of-time watermark so every
    /// event-time window fires (and its output is committed) before the final savepoint. Executors that
    /// cannot drain stop normally.
    func stop(job: Job, drain: Bool)
    /// The job's checkpoint statistics (its current version); nil when the executor keeps none.
    func checkpoints(job: Job) -> JobCheckpointStats?
    /// The job's checkpointing configuration as it runs (or would run).
    func checkpointConfig(job: Job) -> JobCheckpointConfig?
    /// Starts a savepoint of the running job; returns the operation (IN_PROGRESS).
    func triggerSavepoint(job: Job) throws(APIError) -> SavepointOperation
    /// The savepoint operations of the job, newest first.
    func savepoints(job: Job) -> [SavepointOperation]
    /// The next `start` of the job begins at `point` (nil: the executor's default again). Used once.
    func setNextStart(jobID: String, _ point: JobStartPoint?)
    /// The job was deleted (after `stop` when it ran): remove the checkpoints and savepoints of its
    /// versions 1…`versions`.
    func discardState(job: Job, versions: Int)
}

extension JobExecutor {
    public func delete(job: Job) { stop(job: job) }
    public func stop(job: Job, drain: Bool) { stop(job: job) }
    public func checkpoints(job: Job) -> JobCheckpointStats? { nil }
    public func checkpointConfig(job: Job) -> JobCheckpointConfig? { nil }
    public func triggerSavepoint(job: Job) throws(APIError) -> SavepointOperation {
        throw APIError(status: 409, code: "not_running", title: "Conflict", detail: "Job \(job.name) is not running in this executor.")
    }
    public func savepoints(job: Job) -> [SavepointOperation] { [] }
    public func setNextStart(jobID: String, _ point: JobStartPoint?) {}
    public func discardState(job: Job, versions: Int) {}
}

/// The executor used until the runtime exists: does nothing, so admitted jobs stay PENDING.
public struct NoopJobExecutor: JobExecutor {
    public init() {}
    public func start(job: Job, version: JobVersion) {}
    public func stop(job: Job) {}
}
