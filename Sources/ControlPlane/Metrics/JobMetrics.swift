import Runtime
import Model

/// A job's metrics as the API shows them: current values, per vertex and subtask, and (for
/// `…/metrics`) the sampled time series.
public struct JobMetrics: Sendable {
    public var job: Job
    /// Epoch ms these values were read.
    public var timestamp: Int64
    /// Since the current run started (0 when not running).
    public var uptimeMillis: Int64
    public var restarts: Int
    /// CFUs the job holds in its pool.
    public var cfu: Int
    /// Records read by the sources / written to the sinks, totals and per second.
    public var recordsIn: Int64 = 0
    public var recordsOut: Int64 = 0
    public var recordsInPerSecond: Double = 0
    public var recordsOutPerSecond: Double = 0
    /// Ingestion → sink latency over the last sampling interval (ms), nil without samples.
    public var latencyP50Millis: Double?
    public var latencyP99Millis: Double?
    public var lateRecordsDropped: Int64 = 0
    public var checkpoints = CheckpointSummary()
    public var consumerLag: [PartitionLag] = []
    public var vertices: [VertexMetricsView] = []
    public var edges: [GraphEdge] = []
    /// Oldest first; empty unless requested.
    public var series: [MetricsPoint] = []

    public var totalConsumerLag: Int64 { consumerLag.reduce(0) { $0 + $1.lag } }
    /// True when the metrics come from a live run (else only the job's state is known).
    public var isLive: Bool { !vertices.isEmpty }
}

/// One vertex of the job graph with its metrics, summed and per subtask.
public struct VertexMetricsView: Sendable {
    public var id: Int
    /// Stable operator id.
    public var uid: String
    public var name: String
    /// Display kind (e.g. `Source`, `Calc`, `WindowAggregate`, `Sink`).
    public var kind: String
    public var parallelism: Int
    public var totals: OperatorCounters
    public var subtasks: [OperatorCounters]
}

/// Counters of a vertex or one subtask.
public struct OperatorCounters: Sendable, Equatable {
    public var recordsIn: Int64 = 0
    public var recordsOut: Int64 = 0
    public var recordsInPerSecond: Double = 0
    public var recordsOutPerSecond: Double = 0
    public var lateRecordsDropped: Int64 = 0
    /// ms; nil until the first watermark.
    public var inputWatermark: Int64?
    public var outputWatermark: Int64?
    /// Recorded at sinks only.
    public var latencyP50Millis: Double?
    public var latencyP99Millis: Double?
    /// Sources: the sum of their partitions' lag.
    public var consumerLag: Int64 = 0

    public init() {}
}

/// An edge of the job graph: `FORWARD`, `HASH`, `REBALANCE`, `GLOBAL` or `BROADCAST`.
/// An edge of the job graph (the runtime's description of it).
public typealias GraphEdge = JobGraphInfo.Edge

/// Consumer lag of one topic partition read by a job's source.
public struct PartitionLag: Sendable, Equatable {
    public var vertex: Int
    public var subtask: Int
    public var topic: String
    public var partition: Int
    public var endOffset: Int64
    /// The source's next read offset.
    public var position: Int64
    /// The offset committed when the last checkpoint completed (as read for jobs without checkpoints).
    public var committed: Int64
    /// Consumer lag: end offset − committed offset.
    public var lag: Int64 { max(0, endOffset - committed) }
}

/// One sample of a job's time series.
public struct MetricsPoint: Sendable, Equatable {
    /// Epoch ms.
    public var timestamp: Int64
    public var recordsIn: Int64
    public var recordsOut: Int64
    public var recordsInPerSecond: Double
    public var recordsOutPerSecond: Double
    public var latencyP50Millis: Double?
    public var latencyP99Millis: Double?
    public var consumerLag: Int64
    public var lateRecordsDropped: Int64
    /// The last completed checkpoint's duration at this time (ms).
    public var checkpointDurationMillis: Int64?
    public var completedCheckpoints: Int
    public var failedCheckpoints: Int
    /// Per vertex (index = vertex id) records out per second.
    public var vertexRecordsOutPerSecond: [Double]
}
