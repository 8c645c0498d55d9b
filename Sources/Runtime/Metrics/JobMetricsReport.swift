/// What a running job's counters look like at one moment: the graph and, per vertex, every subtask's
/// snapshot (the metrics sampler turns consecutive reports into rates and latency percentiles).
public struct JobMetricsReport: Sendable {
    public var graph: JobGraphDescription
    /// Index = vertex id; inner index = subtask.
    public var subtasks: [[VertexMetricsSnapshot]]
    /// `LatencyHistogram.nowMicros()` when taken.
    public var takenAtMicros: Int64

    public init(graph: JobGraphDescription, subtasks: [[VertexMetricsSnapshot]],
                takenAtMicros: Int64 = LatencyHistogram.nowMicros()) {
        self.graph = graph
        self.subtasks = subtasks
        self.takenAtMicros = takenAtMicros
    }

    /// Vertex `id`'s subtasks summed.
    public func vertex(_ id: Int) -> VertexMetricsSnapshot { VertexMetricsSnapshot(summing: subtasks[id]) }
}

extension JobRunner {
    /// The graph with every subtask's current counters.
    public func metricsReport() -> JobMetricsReport {
        JobMetricsReport(graph: graph.graphDescription, subtasks: metrics.map { $0.subtasks.map(\.snapshot) })
    }
}
