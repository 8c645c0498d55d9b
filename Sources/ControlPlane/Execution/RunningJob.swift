import Runtime
import Synchronization

/// One running instance of a job version in the embedded runtime: its runner (threads, metrics), the
/// graph it runs, and why it is being ended. Owned by `RuntimeJobExecutor`; others read it through
/// `RuntimeJobExecutor.runningJob(jobID:)` / `runtimeInfo(jobID:)`.
public final class RunningJob: Sendable {
    /// Why the executor cancels an instance; decides what its end reports.
    enum EndReason: Int, AtomicRepresentable {
        /// Not canceled by the executor: it finished or failed on its own.
        case none
        /// User stop, lost CFUs: report STOPPED.
        case stop
        /// Replaced by another instance (rolling update, restart) or executor shutdown: report nothing.
        case replaced
        /// The job was deleted: report nothing.
        case deleted
    }

    public let jobID: String
    public let environmentID: String
    public let version: Int
    public let parallelism: Int
    /// The fault-tolerant job: its current runner attempt, checkpoint coordinator and restarts.
    public let supervised: SupervisedJob
    /// The runner of the current attempt (nil while restarting).
    public var runner: JobRunner? { supervised.runner }
    public let graph: JobGraphInfo
    /// Rows of a trailing `SELECT` (nil for INSERT jobs); the executor drains them into the job's log.
    public let collect: CollectResult?
    /// Epoch milliseconds when the runner started.
    public let startedAt: Int64
    let endReason = Atomic<EndReason>(.none)
    /// Epoch ms until which a failure rolls this version back automatically (nil: no automatic rollback).
    let probationUntil: Int64?
    private let rollbackClaimed = Atomic<Bool>(false)

    init(jobID: String, environmentID: String, version: Int, parallelism: Int, supervised: SupervisedJob,
         collect: CollectResult?, startedAt: Int64, probationUntil: Int64? = nil) {
        self.probationUntil = probationUntil
        self.jobID = jobID
        self.environmentID = environmentID
        self.version = version
        self.parallelism = parallelism
        self.supervised = supervised
        self.graph = supervised.graph.graphDescription
        self.collect = collect
        self.startedAt = startedAt
    }

    func inProbation(now: Int64) -> Bool { probationUntil.map { now < $0 } ?? false }

    /// True once: the caller rolls this instance back.
    func claimRollback() -> Bool {
        rollbackClaimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    /// Cancels the runner, remembering why (the first reason wins).
    func cancel(_ reason: EndReason) {
        _ = endReason.compareExchange(expected: .none, desired: reason, ordering: .acquiringAndReleasing)
        supervised.cancel()
    }

    /// The graph with each vertex's counters now.
    public var info: JobRuntimeInfo {
        let snapshots = runner?.metricsSnapshot() ?? []
        let vertices = graph.nodes.map { node -> JobRuntimeInfo.Vertex in
            let m = node.id < snapshots.count ? snapshots[node.id] : nil
            return JobRuntimeInfo.Vertex(id: node.id, uid: node.uid, name: node.name, kind: node.kind,
                                         parallelism: node.parallelism, recordsIn: m?.recordsIn ?? 0,
                                         recordsOut: m?.recordsOut ?? 0, lateRecordsDropped: m?.lateRecordsDropped ?? 0,
                                         watermark: m.flatMap { $0.watermark == Int64.min ? nil : $0.watermark })
        }
        return JobRuntimeInfo(jobID: jobID, version: version, parallelism: parallelism,
                              state: supervised.status.rawValue, startedAt: startedAt, graph: graph, vertices: vertices)
    }
}
