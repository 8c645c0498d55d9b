import Synchronization

/// Counters of one subtask. Written by the subtask's thread with relaxed atomics (once per batch or
/// poll, not per row), read by the metrics sampler.
public final class SubtaskMetrics: Sendable {
    public let recordsIn = Atomic<Int64>(0)
    public let recordsOut = Atomic<Int64>(0)
    public let lateRecordsDropped = Atomic<Int64>(0)
    /// Current output watermark (ms).
    public let watermark = Atomic<Int64>(Int64.min)
    /// Current input watermark: the minimum over input channels (ms).
    public let inputWatermark = Atomic<Int64>(Int64.min)
    /// Ingestion → sink latency, recorded by sink subtasks once per batch.
    public let latency = LatencyHistogram()
    /// Sink subtasks: when the first and the latest record reached the sink (`LatencyHistogram.nowMicros()`,
    /// 0 = none yet); a rolling update measures its switch gap with them.
    public let firstOutputMicros = Atomic<Int64>(0)
    public let lastOutputMicros = Atomic<Int64>(0)
    private let positions = Mutex<[SourcePartitionPosition]>([])

    public init() {}

    /// A sink subtask wrote records at `now` (once per batch).
    @inline(__always) func noteOutput(_ now: Int64) {
        if firstOutputMicros.load(ordering: .relaxed) == 0 { firstOutputMicros.store(now, ordering: .relaxed) }
        lastOutputMicros.store(now, ordering: .relaxed)
    }

    /// A source declares the topic partitions it reads (replacing earlier ones).
    public func registerPartitions(_ partitions: [SourcePartitionPosition]) {
        positions.withLock { $0 = partitions }
    }

    /// A source reports its next read offset in its `index`-th registered partition.
    public func updatePosition(_ index: Int, offset: Int64) {
        positions.withLock { p in if p.indices.contains(index) { p[index].position = offset } }
    }

    /// A source committed `offset` in its `index`-th registered partition (a checkpoint completed, or
    /// as it reads when the job takes no checkpoints).
    public func updateCommitted(_ index: Int, offset: Int64) {
        positions.withLock { p in if p.indices.contains(index) { p[index].committed = offset } }
    }

    public var snapshot: VertexMetricsSnapshot {
        var s = VertexMetricsSnapshot()
        s.recordsIn = recordsIn.load(ordering: .relaxed)
        s.recordsOut = recordsOut.load(ordering: .relaxed)
        s.lateRecordsDropped = lateRecordsDropped.load(ordering: .relaxed)
        s.watermark = watermark.load(ordering: .relaxed)
        s.inputWatermark = inputWatermark.load(ordering: .relaxed)
        s.latency = latency.counts
        s.partitions = positions.withLock { $0 }.map { p in
            var p = p
            p.endOffset = p.log?.endOffset ?? p.endOffset
            return p
        }
        return s
    }
}

/// Where a source subtask stands in one topic partition: consumer lag = end offset − committed offset
/// (Kafka's consumer-group lag; Flink's Kafka source commits when a checkpoint completes).
public struct SourcePartitionPosition: Sendable, Hashable {
    public var topic: String
    public var partition: Int
    /// Next offset the source reads.
    public var position: Int64
    /// The last committed offset (the next offset a restart from the last completed checkpoint reads).
    public var committed: Int64
    /// The partition's end offset when the snapshot was taken.
    public var endOffset: Int64
    /// The live log (end offsets are read from it at snapshot time).
    let log: PartitionLog?

    /// `committed` defaults to `position` (everything read is committed).
    public init(topic: String, partition: Int, position: Int64, committed: Int64? = nil, endOffset: Int64 = 0,
                log: PartitionLog? = nil) {
        self.topic = topic
        self.partition = partition
        self.position = position
        self.committed = committed ?? position
        self.endOffset = endOffset
        self.log = log
    }

    public var lag: Int64 { max(0, endOffset - committed) }

    public static func == (a: Self, b: Self) -> Bool {
        a.topic == b.topic && a.partition == b.partition && a.position == b.position && a.committed == b.committed
            && a.endOffset == b.endOffset
    }
    public func hash(into h: inout Hasher) { h.combine(topic); h.combine(partition); h.combine(position) }
}
