import Dispatch
import Foundation
import Synchronization

/// Runs a `JobGraph`: every vertex as `parallelism` subtasks, each on its own thread; records move in
/// batches over bounded channels; watermarks are tracked per channel and the minimum over all input
/// channels drives each operator. The first error in any subtask fails the job and stops every subtask.
public final class JobRunner: Sendable {
    public let graph: JobGraph
    public let config: ExecutionConfig
    /// Counters per vertex (index = vertex id).
    public let metrics: [VertexMetrics]

    private struct State {
        var status: JobStatus = .created
        var failure: RuntimeError?
        var queues: [BlockingQueue<ChannelMessage>] = []
    }
    private let state = Mutex(State())
    private let canceled = Atomic<Bool>(false)
    private let group = DispatchGroup()

    /// State to start from (a completed checkpoint or savepoint), nil for a fresh start.
    public let restore: RestoredCheckpoint?

    public init(graph: JobGraph, config: ExecutionConfig = ExecutionConfig(), restore: RestoredCheckpoint? = nil) {
        self.graph = graph
        self.config = config
        self.restore = restore
        metrics = graph.vertices.map { VertexMetrics(parallelism: $0.parallelism) }
    }

    // MARK: checkpoints

    /// The latest checkpoint sources were asked to take (0: none).
    let triggeredCheckpoint = Atomic<Int64>(0)
    /// The latest checkpoint that completed (subtasks tell their operators).
    let completedCheckpoint = Atomic<Int64>(0)
    private struct CheckpointPlumbing {
        var handler: (any CheckpointAckHandler)?
        var triggers: [Int64: CheckpointTrigger] = [:]
        var heads: [TaskKey] = []
        var notified: [TaskKey: Int64] = [:]
    }
    private let plumbing = Mutex(CheckpointPlumbing())
    /// The source subtasks' idle-sleep wake-ups: a checkpoint trigger or completion and a cancel wake them.
    private let sourceWakeups = Mutex<[IdleWakeup]>([])

    func registerSource(_ wakeup: IdleWakeup) { sourceWakeups.withLock { $0.append(wakeup) } }

    private func wakeSources() {
        for wakeup in sourceWakeups.withLock({ $0 }) { wakeup.wake() }
    }

    /// Who receives the subtasks' snapshots (set before `start`).
    public func setCheckpointHandler(_ handler: any CheckpointAckHandler) {
        plumbing.withLock { $0.handler = handler }
    }

    var checkpointHandler: (any CheckpointAckHandler)? { plumbing.withLock { $0.handler } }

    /// The head subtasks (threads) that acknowledge each checkpoint.
    public var headTasks: [TaskKey] { plumbing.withLock { $0.heads } }

    /// True while every subtask is running (a checkpoint can be taken).
    public var allTasksRunning: Bool {
        status == .running && remaining.load(ordering: .acquiring) == plumbing.withLock { $0.heads.count }
    }

    /// Asks every source to take checkpoint `trigger.id` (ids increase).
    public func triggerCheckpoint(_ trigger: CheckpointTrigger) {
        plumbing.withLock { $0.triggers[trigger.id] = trigger }
        triggeredCheckpoint.store(trigger.id, ordering: .releasing)
        wakeSources()
    }

    func trigger(_ id: Int64) -> CheckpointTrigger {
        plumbing.withLock { $0.triggers[id] } ?? CheckpointTrigger(id: id)
    }

    /// Tells every subtask that checkpoint `id` completed (sinks commit).
    public func notifyCheckpointComplete(_ id: Int64) {
        var cur = completedCheckpoint.load(ordering: .acquiring)
        while cur < id {
            let (done, now) = completedCheckpoint.compareExchange(expected: cur, desired: id, ordering: .acquiringAndReleasing)
            if done { break }
            cur = now
        }
        let queues = state.withLock { $0.queues }
        for q in queues { q.pushUrgent(.wake) }
        wakeSources()
    }

    func noteNotified(_ task: TaskKey, _ id: Int64) { plumbing.withLock { $0.notified[task] = id } }

    /// True when every head subtask has handled the completion of checkpoint `id` (or ended).
    public func allNotified(of id: Int64) -> Bool {
        if status.isTerminal { return true }
        return plumbing.withLock { p in p.heads.allSatisfy { (p.notified[$0] ?? 0) >= id } }
    }

    public var status: JobStatus { state.withLock { $0.status } }
    public var failure: RuntimeError? { state.withLock { $0.failure } }

    /// Runs a bounded graph to the end; throws the job's failure.
    public static func runToCompletion(_ graph: JobGraph, config: ExecutionConfig = ExecutionConfig()) throws {
        let runner = JobRunner(graph: graph, config: config)
        try runner.start()
        let status = runner.awaitTermination()
        if status == .failed, let f = runner.failure { throw f }
        if status == .canceled { throw RuntimeError(code: "canceled", detail: "Job was canceled.") }
    }

    /// Starts every subtask. Returns immediately.
    public func start() throws {
        try graph.validate()
        let plan = ChannelPlan(graph: graph)
        let chainedInto = config.chaining ? Self.chains(graph) : [Int?](repeating: nil, count: graph.vertices.count)
        var queues: [[BlockingQueue<ChannelMessage>?]] = []
        var all: [BlockingQueue<ChannelMessage>] = []
        for v in graph.vertices {
            var row: [BlockingQueue<ChannelMessage>?] = []
            for s in 0..<v.parallelism {
                if case .operator = v.body, chainedInto[v.id] == nil {
                    let n = plan.channels[v.id][s].count
                    let q = BlockingQueue<ChannelMessage>(capacity: max(4, n * config.channelCapacity))
                    row.append(q)
                    all.append(q)
                } else {
                    row.append(nil)
                }
            }
            queues.append(row)
        }
        let ok = state.withLock { s -> Bool in
            guard s.status == .created else { return false }
            s.status = .running
            s.queues = all
            return true
        }
        guard ok else { throw RuntimeError(code: "invalid_state", detail: "Job was already started.") }

        let heads = graph.vertices.filter { chainedInto[$0.id] == nil }
        plumbing.withLock { p in
            p.heads = heads.flatMap { v in (0..<v.parallelism).map { TaskKey(vertex: v.id, subtask: $0) } }
        }
        remaining.store(heads.reduce(0) { $0 + $1.parallelism }, ordering: .releasing)
        for v in heads {
            // The vertices chained behind this head, in order.
            var chain: [JobVertex] = []
            var cur = v.id
            while let next = chainedInto.firstIndex(where: { $0 == cur }) {
                chain.append(graph.vertices[next])
                cur = next
            }
            for s in 0..<v.parallelism {
                let writers = makeWriters(vertex: v.id, subtask: s, plan: plan, queues: queues)
                let chainWriters = chain.map { makeWriters(vertex: $0.id, subtask: s, plan: plan, queues: queues) }
                let info = SubtaskInfo(vertexName: v.name, subtaskIndex: s, parallelism: v.parallelism,
                                       maxParallelism: graph.maxParallelism)
                let task = SubtaskTask(runner: self, vertex: v, info: info, writers: writers,
                                       queue: queues[v.id][s], channels: plan.channels[v.id][s],
                                       inputCount: plan.inputCount[v.id],
                                       chain: zip(chain, chainWriters).map { ($0, $1) })
                group.enter()
                let thread = Thread { [self] in
                    task.run()
                    subtaskEnded()
                }
                thread.name = "\(v.name) (\(s + 1)/\(v.parallelism))"
                thread.stackSize = 4 << 20
                thread.start()
            }
        }
    }

    private func makeWriters(vertex: Int, subtask: Int, plan: ChannelPlan,
                             queues: [[BlockingQueue<ChannelMessage>?]]) -> [EdgeWriter] {
        var writers: [EdgeWriter] = []
        for (ei, e) in graph.edges.enumerated() where e.from == vertex {
            if queues[e.to][0] == nil, case .operator = graph.vertices[e.to].body { continue }  // chained
            let p = graph.vertices[e.to].parallelism
            var targets: [EdgeWriter.Target] = []
            let router: EdgeWriter.Router
            switch e.strategy {
            case .forward:
                targets = [.init(queue: queues[e.to][subtask]!, channel: plan.channelIndex[ei][subtask][subtask]!)]
                router = .single
            case .global:
                targets = [.init(queue: queues[e.to][0]!, channel: plan.channelIndex[ei][0][subtask]!)]
                router = .single
            case .rebalance, .broadcast, .hash:
                for r in 0..<p {
                    targets.append(.init(queue: queues[e.to][r]!, channel: plan.channelIndex[ei][r][subtask]!))
                }
                switch e.strategy {
                case let .hash(k): router = .hash(k, maxParallelism: graph.maxParallelism)
                case .broadcast: router = .broadcast
                default: router = p == 1 ? .single : .rebalance
                }
            }
            writers.append(EdgeWriter(targets: targets, router: router, batchSize: config.batchSize))
        }
        return writers
    }

    /// For each vertex, the vertex it is chained behind (runs in the same thread, no channel): a forward
    /// edge between equal parallelisms where the upstream has only this output and the downstream only
    /// this input.
    static func chains(_ graph: JobGraph) -> [Int?] {
        graph.vertices.map { v -> Int? in
            guard case .operator = v.body else { return nil }
            let ins = graph.inputs(of: v.id)
            guard ins.count == 1, case .forward = ins[0].strategy, ins[0].input == 0 else { return nil }
            let up = graph.vertices[ins[0].from]
            guard up.parallelism == v.parallelism, graph.outputs(of: up.id).count == 1 else { return nil }
            return up.id
        }
    }

    /// Blocks until every subtask has ended; returns the final status.
    @discardableResult
    public func awaitTermination() -> JobStatus {
        group.wait()
        return status
    }

    /// Waits up to `seconds`; returns the status at that point.
    public func awaitTermination(seconds: Double) -> JobStatus {
        _ = group.wait(timeout: .now() + seconds)
        return status
    }

    public func cancel() {
        let queues = state.withLock { s -> [BlockingQueue<ChannelMessage>] in
            if !s.status.isTerminal { s.status = .canceled }
            return s.queues
        }
        canceled.store(true, ordering: .releasing)
        for q in queues { q.close() }
        wakeSources()
    }

    var isCanceled: Bool { canceled.load(ordering: .acquiring) }

    func fail(_ info: SubtaskInfo, _ error: any Error) {
        let cause = (error as? RuntimeError)?.detail ?? "\(error)"
        let err = RuntimeError(code: "job_failed",
                               detail: "\(cause) (in task \(info.vertexName) (\(info.subtaskIndex + 1)/\(info.parallelism)))")
        let queues = state.withLock { s -> [BlockingQueue<ChannelMessage>] in
            if !s.status.isTerminal {
                s.status = .failed
                s.failure = err
            }
            return s.queues
        }
        canceled.store(true, ordering: .releasing)
        for q in queues { q.close() }
        wakeSources()
    }

    private func subtaskEnded() {
        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { markFinishedIfRunning() }
        group.leave()
    }

    /// Marks the job finished once every subtask ended normally (called by the last subtask).
    func markFinishedIfRunning() {
        state.withLock { s in if s.status == .running { s.status = .finished } }
    }

    /// Per-vertex counters.
    public func metricsSnapshot() -> [VertexMetricsSnapshot] { metrics.map(\.snapshot) }

    let remaining = Atomic<Int>(0)
}
