import Dispatch
import Foundation
import Runtime
import Synchronization

/// The mutable state behind sql/v1 statements: the serial queue that processes submitted statements in
/// order, the parsed environment catalogs, and the SELECT queries running right now (their runner, the
/// collect result a pump thread drains into `statement_results`, and how far the reader acknowledged).
final class StatementRuntime: Sendable {
    let queue = DispatchQueue(label: "flinkcloud.statements")
    private let catalogs = Mutex<[String: EnvironmentCatalog]>([:])
    private let running = Mutex<[String: RunningQuery]>([:])
    /// Rows stored but not yet acknowledged by the reader, above which an unbounded query is backpressured.
    let unboundedBacklog: Int
    /// Rows a bounded query may produce before it fails.
    let boundedLimit: Int

    init(unboundedBacklog: Int = 10_000, boundedLimit: Int = 1_000_000) {
        self.unboundedBacklog = unboundedBacklog
        self.boundedLimit = boundedLimit
    }

    final class RunningQuery: Sendable {
        let runner: JobRunner
        let collect: CollectResult
        let types: [DataType]
        let zone: TimeZone?
        let bounded: Bool
        let topics: [String]
        let acknowledged = Atomic<Int64>(0)
        let stopRequested = Atomic<Bool>(false)

        init(runner: JobRunner, collect: CollectResult, types: [DataType], zone: TimeZone?, bounded: Bool, topics: [String]) {
            self.runner = runner
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

    /// Cancels a running query (stop or delete); its pump records the final phase.
    func cancel(environmentID: String, name: String) -> RunningQuery? {
        guard let q = query(environmentID: environmentID, name: name) else { return nil }
        q.stopRequested.store(true, ordering: .releasing)
        q.collect.close()
        q.runner.cancel()
        return q
    }

    var runningCount: Int { running.withLock { $0.count } }
}
