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
}

/// The executor used until the runtime exists: does nothing, so admitted jobs stay PENDING.
public struct NoopJobExecutor: JobExecutor {
    public init() {}
    public func start(job: Job, version: JobVersion) {}
    public func stop(job: Job) {}
}
