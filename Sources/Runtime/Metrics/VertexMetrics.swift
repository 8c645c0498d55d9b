import Synchronization

/// Counters of one vertex: one `SubtaskMetrics` per subtask (each written only by its subtask's thread,
/// read by the metrics sampler). The vertex view sums the counters.
public final class VertexMetrics: Sendable {
    public let subtasks: [SubtaskMetrics]

    public init(parallelism: Int = 1) {
        subtasks = (0..<max(1, parallelism)).map { _ in SubtaskMetrics() }
    }

    /// The subtask's counters (the first one for an out-of-range index).
    public func subtask(_ index: Int) -> SubtaskMetrics {
        subtasks.indices.contains(index) ? subtasks[index] : subtasks[0]
    }

    /// Sums over subtasks; watermarks are the minimum over subtasks that have one (Flink's vertex view).
    public var snapshot: VertexMetricsSnapshot { VertexMetricsSnapshot(summing: subtasks.map(\.snapshot)) }
}

/// A point-in-time copy of one subtask's (or, summed, one vertex's) counters.
public struct VertexMetricsSnapshot: Sendable, Hashable {
    public var recordsIn: Int64 = 0
    public var recordsOut: Int64 = 0
    public var lateRecordsDropped: Int64 = 0
    /// Output watermark (ms; `Int64.min` = none yet).
    public var watermark: Int64 = Int64.min
    /// Input watermark: the minimum over the input channels (ms; `Int64.min` = none yet).
    public var inputWatermark: Int64 = Int64.min
    /// End-to-end latency samples recorded at this vertex (sinks only).
    public var latency: LatencyHistogram.Counts = .init()
    /// Read positions of the topic partitions a source subtask owns.
    public var partitions: [SourcePartitionPosition] = []

    public init() {}

    public init(summing parts: [VertexMetricsSnapshot]) {
        var wm: Int64?
        var inWm: Int64?
        for p in parts {
            recordsIn += p.recordsIn
            recordsOut += p.recordsOut
            lateRecordsDropped += p.lateRecordsDropped
            if p.watermark != Int64.min { wm = min(wm ?? Int64.max, p.watermark) }
            if p.inputWatermark != Int64.min { inWm = min(inWm ?? Int64.max, p.inputWatermark) }
            latency.add(p.latency)
            partitions += p.partitions
        }
        watermark = wm ?? Int64.min
        inputWatermark = inWm ?? Int64.min
    }
}
