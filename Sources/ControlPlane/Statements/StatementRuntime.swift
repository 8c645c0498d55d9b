import Dispatch
import Foundation
import Runtime
import Synchronization

/// The mutable state behind sql/v1 statements: the serial queue that processes submitted statements in
/// order, the parsed environment catalogs, and the SELECT queries running right now (their runner, the
/// collect result a pump thread drains into `statement_results`, and how far the reader acknowledged).
///
/// A SELECT runs as a `SupervisedJob` with checkpointing (savepoints only: no periodic checkpoints, no
/// restarts): a stop takes a savepoint (sources stop after its barrier, every row before it reaches the
/// results) and a resume of the same statement restores it — sources continue from their offsets and
/// operators from their state, so a resumed query neither re-reads nor repeats results. The savepoints of
/// stopped statements are kept (in memory, under a per-process temporary folder) until the statement's
/// next run or a server restart.
final class StatementRuntime: Sendable {
    let queue = DispatchQueue(label: "flinkcloud.statements")
    private let catalogs = Mutex<[String: EnvironmentCatalog]>([:])
    private let running = Mutex<[String: RunningQuery]>([:])
    /// Rows stored but not yet acknowledged by the reader, above which an unbounded query is backpressured.
    let unboundedBacklog: Int
    /// Rows a bounded query may produce before it fails.
    let boundedLimit: Int

    /// Savepoint records of SELECT runs (keyed by run), and where their state files go.
    let checkpointStore: any CheckpointMetadataStore = InMemoryCheckpointStore()
    let checkpointRoot = NSTemporaryDirectory() + "/flinkcloud-statements-\(getpid())"
    /// Statement uid → the savepoint its stopped run ended with (the next run starts from it).
    private let stopSavepoints = Mutex<[String: String]>([:])

    init(unboundedBacklog: Int = 10_000, boundedLimit: Int = 1_000_000) {
        self.unboundedBacklog = unboundedBacklog
        self.boundedLimit = boundedLimit
    }

    /// The checkpoint configuration of a SELECT run: savepoints only (the interval never elapses).
    func checkpointConfig(run: String) -> CheckpointConfig {
        CheckpointConfig(interval: Int64.max / 4, mode: .exactlyOnce, directory: checkpointRoot + "/" + run)
    }

    /// The savepoint a statement's stopped run ended with (taken: the next run starts from it once).
    func takeStopSavepoint(uid: String) -> String? { stopSavepoints.withLock { $0.removeValue(forKey: uid) } }
    func recordStopSavepoint(uid: String, path: String) { stopSavepoints.withLock { $0[uid] = path } }

    final class RunningQuery: Sendable {
        let job: SupervisedJob
        let collect: CollectResult
        let types: [DataType]
        let zone: TimeZone?
        let bounded: Bool
        let topics: [String]
        let acknowledged = Atomic<Int64>(0)
        let stopRequested = Atomic<Bool>(false)

        init(job: SupervisedJob, collect: CollectResult, types: [DataType], zone: TimeZone?, bounded: Bool, topics: [String]) {
            self.job = job
            self.collect = collect
            self.types = types
            self.zone = zone
            self.bounded = bounded
            self.topics = topics
        }
    }

    static func key(_ environmentID: String, _ name: String) -> String { environmentID + "\u{0}" + name }

    // MARK: catalogs

    func cachedCatalog(_ environmentID: String) -> EnvironmentCatalog? { catalogs.withLock { $0[environmentID] } }
    func cache(_ catalog: EnvironmentCatalog, for environmentID: String) { catalogs.withLock { $0[environmentID] = catalog } }
    func invalidateCatalog(_ environmentID: String) { _ = catalogs.withLock { $0.removeValue(forKey: environmentID) } }

    // MARK: running queries

    func register(_ q: RunningQuery, environmentID: String, name: String) {
        running.withLock { $0[Self.key(environmentID, name)] = q }
    }

    func query(environmentID: String, name: String) -> RunningQuery? {
        running.withLock { $0[Self.key(environmentID, name)] }
    }

    /// Forgets the statement's running query; with `only`, only if that query is still the registered one
    /// (a pump ending after a quick stop + resume must not forget the new run).
    @discardableResult
    func unregister(environmentID: String, name: String, only: RunningQuery? = nil) -> RunningQuery? {
        running.withLock { map -> RunningQuery? in
            let key = Self.key(environmentID, name)
            if let only, map[key] !== only { return nil }
            return map.removeValue(forKey: key)
        }
    }

    /// Cancels a running query (delete); its pump records the final phase.
    func cancel(environmentID: String, name: String) -> RunningQuery? {
        guard let q = query(environmentID: environmentID, name: name) else { return nil }
        q.stopRequested.store(true, ordering: .releasing)
        q.collect.close()
        q.job.cancel()
        return q
    }

    /// Stops a running query with a savepoint (recorded for the statement `uid`'s next run) and returns
    /// the savepoint's path; when no savepoint can be taken (within `timeout` s, e.g. the reader is far
    /// behind and the result sink is full) the query is canceled and nil returned (a resume starts over).
    func stop(environmentID: String, name: String, uid: String, timeout: Double = 10) -> String? {
        guard let q = query(environmentID: environmentID, name: name) else { return nil }
        q.stopRequested.store(true, ordering: .releasing)
        var path: String?
        if q.job.status == .running, let record = try? q.job.stopWithSavepoint(drain: false, timeout: timeout) {
            recordStopSavepoint(uid: uid, path: record.path)
            path = record.path
        }
        q.collect.close()
        q.job.cancel()
        _ = q.job.awaitTermination(seconds: 5)
        return path
    }

    var runningCount: Int { running.withLock { $0.count } }
}
