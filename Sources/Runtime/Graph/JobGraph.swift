/// # Runtime graph-building API (what the planner builds)
///
/// The runtime knows no SQL. A planner compiles a query into a `JobGraph`:
/// - **Vertices** (`JobVertex`): a name and display kind, a parallelism, a stable operator id (`uid`, used to
///   match state on restore), and a body: a `SourceReader` factory or a `StreamOperator` factory. Factories are
///   called once per subtask, on that subtask's thread, with a `SubtaskInfo` (index, parallelism).
/// - **Edges** (`JobEdge`): from vertex → to vertex, into input `input` (0 for single-input operators,
///   0/1 for joins, 0…n for unions), with a `ShipStrategy`: `.forward` (same parallelism, subtask i → i),
///   `.hash(KeySelector)` (Flink key groups: max parallelism 128, Flink's murmur hash), `.rebalance`,
///   `.global` (everything to subtask 0), `.broadcast`.
/// - **Expressions** are closures over `Row` (`Expression`, `Predicate`); keys are column indices
///   (`KeySelector`) — compute derived keys in a `CalcOperator` first.
/// - **Rows**: `Row` (values + `RowKind`). Event time inside rows is `Value.timestamp(micros)`;
///   watermarks and window bounds are **milliseconds** (`Int64`), `Int64.max` = end of input.
///
/// Operators in `Operators/` (Calc, WatermarkAssigner, WindowAggregate, SessionWindowAggregate, GroupAggregate,
/// Join, IntervalJoin, Rank, WindowRank, Deduplicate, Union, CollectSink, SinkOperator) are parameterized by
/// the planner. `JobRunner` executes a graph (each subtask on its own thread, batches over bounded channels);
/// `JobRunner.runToCompletion` runs a bounded graph and returns when every vertex finished.
/// Forward edges between equal parallelisms (single output → single input) are chained into one thread.
///
/// Known gaps (runtime):
/// - Checkpoint barriers/coordinator are not implemented yet; operators already snapshot/restore keyed
///   state by key group (`OperatorSnapshot`), in memory (values are Swift values, not yet serialized).
/// - Topic logs use one segment file per partition (no segment rolling or retention); transactions are
///   staged in memory (a crash aborts them).
/// - The upsert-kafka source emits `+U`/`-D` rows without Flink's ChangelogNormalize (no `-U` before `+U`).
/// - FIRST_VALUE/LAST_VALUE under retraction remove the first/last equal value, not by arrival order.
/// - Key hashing for routing is deterministic but not byte-identical to Flink's BinaryRowData hash
///   (key-group math and murmur finalizer are Flink's).
public struct JobGraph: Sendable {
    public var vertices: [JobVertex] = []
    public var edges: [JobEdge] = []
    public var maxParallelism: Int = KeyGroups.defaultMaxParallelism

    public init() {}

    /// Adds a vertex and returns its id (index into `vertices`).
    @discardableResult
    public mutating func addVertex(name: String, kind: String, parallelism: Int, uid: String? = nil,
                                   body: JobVertex.Body) -> Int {
        let id = vertices.count
        vertices.append(JobVertex(id: id, uid: uid ?? "\(id)-\(kind)", name: name, kind: kind,
                                  parallelism: max(1, parallelism), body: body))
        return id
    }

    @discardableResult
    public mutating func addSource(name: String, kind: String = "Source", parallelism: Int, uid: String? = nil,
                                   _ factory: @escaping JobVertex.SourceFactory) -> Int {
        addVertex(name: name, kind: kind, parallelism: parallelism, uid: uid, body: .source(factory))
    }

    @discardableResult
    public mutating func addOperator(name: String, kind: String, parallelism: Int, uid: String? = nil,
                                     _ factory: @escaping JobVertex.OperatorFactory) -> Int {
        addVertex(name: name, kind: kind, parallelism: parallelism, uid: uid, body: .operator(factory))
    }

    public mutating func connect(_ from: Int, to: Int, input: Int = 0, _ strategy: ShipStrategy = .forward) {
        edges.append(JobEdge(from: from, to: to, input: input, strategy: strategy))
    }

    public func inputs(of vertex: Int) -> [JobEdge] { edges.filter { $0.to == vertex } }
    public func outputs(of vertex: Int) -> [JobEdge] { edges.filter { $0.from == vertex } }

    /// Checks edges point at existing vertices and forward edges join equal parallelisms.
    public func validate() throws {
        for e in edges {
            guard vertices.indices.contains(e.from), vertices.indices.contains(e.to) else {
                throw RuntimeError(code: "invalid_graph", detail: "edge \(e.from) -> \(e.to) references a missing vertex")
            }
            if case .forward = e.strategy, vertices[e.from].parallelism != vertices[e.to].parallelism {
                throw RuntimeError(code: "invalid_graph",
                                   detail: "forward edge \(vertices[e.from].name) -> \(vertices[e.to].name) joins different parallelisms")
            }
        }
        for v in vertices {
            if case .source = v.body, !inputs(of: v.id).isEmpty {
                throw RuntimeError(code: "invalid_graph", detail: "source \(v.name) has inputs")
            }
            if case .operator = v.body, inputs(of: v.id).isEmpty {
                throw RuntimeError(code: "invalid_graph", detail: "operator \(v.name) has no input")
            }
        }
    }
}

public struct JobVertex: Sendable {
    public typealias SourceFactory = @Sendable (SubtaskInfo) throws -> any SourceReader
    public typealias OperatorFactory = @Sendable (SubtaskInfo) throws -> any StreamOperator

    public enum Body: Sendable {
        case source(SourceFactory)
        case `operator`(OperatorFactory)
    }

    public let id: Int
    public var uid: String
    public var name: String
    public var kind: String
    public var parallelism: Int
    public var body: Body
}

public struct JobEdge: Sendable {
    public var from: Int
    public var to: Int
    public var input: Int
    public var strategy: ShipStrategy
}

/// Where a subtask sits in its vertex.
public struct SubtaskInfo: Sendable {
    public var vertexName: String
    public var subtaskIndex: Int
    public var parallelism: Int
    public var maxParallelism: Int

    public init(vertexName: String = "", subtaskIndex: Int, parallelism: Int,
                maxParallelism: Int = KeyGroups.defaultMaxParallelism) {
        self.vertexName = vertexName
        self.subtaskIndex = subtaskIndex
        self.parallelism = parallelism
        self.maxParallelism = maxParallelism
    }

    /// The key groups this subtask owns (Flink's `KeyGroupRangeAssignment`).
    public var keyGroupRange: ClosedRange<Int> {
        KeyGroups.range(maxParallelism: maxParallelism, parallelism: parallelism, subtask: subtaskIndex)
    }
}
