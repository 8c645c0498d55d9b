import Synchronization

/// Counters of one vertex, summed over its subtasks.
public final class VertexMetrics: Sendable {
    public let recordsIn = Atomic<Int64>(0)
    public let recordsOut = Atomic<Int64>(0)
    public let lateRecordsDropped = Atomic<Int64>(0)
    /// Current output watermark (min over subtasks is not tracked; last written by any subtask).
    public let watermark = Atomic<Int64>(Int64.min)

    public init() {}

    public var snapshot: VertexMetricsSnapshot {
        VertexMetricsSnapshot(recordsIn: recordsIn.load(ordering: .relaxed),
                              recordsOut: recordsOut.load(ordering: .relaxed),
                              lateRecordsDropped: lateRecordsDropped.load(ordering: .relaxed),
                              watermark: watermark.load(ordering: .relaxed))
    }
}

public struct VertexMetricsSnapshot: Sendable, Hashable {
    public var recordsIn: Int64
    public var recordsOut: Int64
    public var lateRecordsDropped: Int64
    public var watermark: Int64
}
