import Runtime

/// The executor provides live metrics: every subtask's counters of the job's current runner.
extension RuntimeJobExecutor: JobMetricsSource {
    public func liveMetrics(jobID: String) -> LiveJobMetrics? {
        guard let running = runningJob(jobID: jobID) else { return nil }
        return LiveJobMetrics(report: running.runner.metricsReport(), restarts: 0, runningSince: running.startedAt)
    }
}
