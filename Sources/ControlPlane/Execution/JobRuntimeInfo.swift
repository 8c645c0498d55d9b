/// What the runtime knows about a running job right now: its graph and per-vertex counters (summed over
/// subtasks). Read by monitoring (metrics, graph endpoints).
public struct JobRuntimeInfo: Sendable, Equatable {
    public struct Vertex: Sendable, Equatable {
        public var id: Int
        public var uid: String
        public var name: String
        public var kind: String
        public var parallelism: Int
        public var recordsIn: Int64
        public var recordsOut: Int64
        public var lateRecordsDropped: Int64
        /// Last output watermark, epoch milliseconds (nil before the first).
        public var watermark: Int64?
    }

    public var jobID: String
    public var version: Int
    public var parallelism: Int
    /// The runner's state: `CREATED`, `RUNNING`, `FINISHED`, `FAILED`, `CANCELED`.
    public var state: String
    /// Epoch milliseconds when this instance started.
    public var startedAt: Int64
    public var graph: JobGraphInfo
    public var vertices: [Vertex]
}
