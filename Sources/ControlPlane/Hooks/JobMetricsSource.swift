import Runtime

/// Where the control plane reads a running job's live metrics (the job executor provides them). The
/// metrics sampler calls it every few seconds for every RUNNING job; API reads go through the control
/// plane (`jobMetrics`, `jobGraph`, `allJobMetrics`), never to the runtime directly.
public protocol JobMetricsSource: Sendable {
    /// The live metrics of `jobID` while it runs in this process, else nil.
    func liveMetrics(jobID: String) -> LiveJobMetrics?
}

/// One job's live state as its executor knows it.
public struct LiveJobMetrics: Sendable {
    /// The job graph with every subtask's counters.
    public var report: JobMetricsReport
    /// Restarts since the job (version) was started.
    public var restarts: Int
    /// When the current run started (epoch ms), for uptime; nil: the sampler uses when it first saw it.
    public var runningSince: Int64?
    /// Checkpoint statistics (nil until checkpointing reports some).
    public var checkpoints: CheckpointSummary?

    public init(report: JobMetricsReport, restarts: Int = 0, runningSince: Int64? = nil,
                checkpoints: CheckpointSummary? = nil) {
        self.report = report
        self.restarts = restarts
        self.runningSince = runningSince
        self.checkpoints = checkpoints
    }
}

/// A source that knows no job (the default until an executor provides metrics).
public struct NoJobMetrics: JobMetricsSource {
    public init() {}
    public func liveMetrics(jobID: String) -> LiveJobMetrics? { nil }
}
