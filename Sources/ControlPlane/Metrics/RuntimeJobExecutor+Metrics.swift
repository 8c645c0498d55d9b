import Runtime

/// The executor provides live metrics: every subtask's counters of the job's current runner attempt, its
/// restarts, and its checkpoint coordinator's statistics.
extension RuntimeJobExecutor: JobMetricsSource {
    public func liveMetrics(jobID: String) -> LiveJobMetrics? {
        guard let running = runningJob(jobID: jobID), let runner = running.runner else { return nil }
        let supervised = running.supervised
        return LiveJobMetrics(report: runner.metricsReport(), restarts: supervised.restarts, runningSince: running.startedAt,
                              checkpoints: supervised.coordinator.map { CheckpointSummary($0.statistics(historySize: 20)) })
    }
}
