import Model
import Planner
import SQLite
import Store
import Synchronization

/// The control plane: the one façade the API calls (one method per request). Validates requests, applies
/// lifecycles (environments, pools, jobs with versions, keys), accounts CFUs, and persists every change
/// in one durable SQLite transaction before returning. Methods throw `APIError` only (unexpected
/// failures become 500 `internal_error`).
///
/// Thread-safe: writes are serialized by the store's writer lock, reads run concurrently. The job
/// executor is called after the change is committed, outside any lock.
public final class ControlPlane: Sendable {
    /// Ids created by the first start (the environment/pool may have been deleted since).
    public struct Defaults: Sendable, Equatable {
        public var organizationID: String
        public var environmentID: String
        public var kafkaClusterID: String
        public var computePoolID: String
    }

    public let store: Store
    public let clock: any EpochClock
    public let ids: IDGenerator
    public let defaults: Defaults
    /// The embedded Kafka clusters' topics (see `ControlPlane+Topics`).
    public let topics: TopicRegistry
    private let executorBox: Mutex<any JobExecutor>
    private let validatorBox: Mutex<any SQLValidating>
    /// Verified API secrets by key id, so auth does not re-hash on every request (lock-free, per thread).
    let verifiedSecrets = VerifiedSecretCache()
    let effectQueue = Mutex(EffectQueue())
    let readCache = ReadCache()
    /// sql/v1 statements: processing queue, parsed catalogs, running SELECTs (see `ControlPlane+Statements`).
    let statementRuntime = StatementRuntime()
    /// HMAC key of the session and data-plane JWTs (persisted, so tokens survive a restart).
    let tokenKey: [UInt8]
    /// Metrics: the installed live source (nil: ask the executor), the time series, the sampler's timer.
    let metricsSourceBox = Mutex<(any JobMetricsSource)?>(nil)
    let metricsRecorder = MetricsRecorder()
    let samplerBox = Mutex(MetricsSamplerBox())

    /// Opens the control plane on `store`: creates the default organization, environment, Kafka cluster
    /// and 10-CFU compute pool on first start (ids from `ids`, so deterministic under a seed).
    public init(store: Store, clock: any EpochClock = SystemClock(), ids: IDGenerator = IDGenerator(),
                executor: any JobExecutor = NoopJobExecutor(), validator: (any SQLValidating)? = nil,
                topics: TopicRegistry = TopicRegistry(directory: nil)) throws(APIError) {
        self.store = store
        self.topics = topics
        self.clock = clock
        self.ids = ids
        self.executorBox = Mutex(executor)
        self.validatorBox = Mutex(validator ?? AcceptAllSQL())
        self.defaults = try Self.bootstrap(store: store, clock: clock, ids: ids)
        self.tokenKey = try Self.loadTokenKey(store: store)
        // By default job SQL is planned against the environment's persisted catalog.
        if validator == nil {
            setValidator(PlannerSQLValidator { [weak self] env in self?.catalogOrEmpty(environmentID: env) ?? InMemoryCatalog() })
        }
    }

    /// An in-memory control plane (tests, `--in-memory`).
    public static func inMemory(seed: UInt64? = nil, clock: any EpochClock = SystemClock()) throws(APIError) -> ControlPlane {
        let store: Store
        do { store = try Store.inMemory() } catch { throw Self.internalError(error) }
        return try ControlPlane(store: store, clock: clock, ids: IDGenerator(seed: seed))
    }

    /// Opens (creating and migrating) the database at `path` and the control plane on it; topics live in
    /// `topicsDirectory` (default: the database's folder). `log` gets storage notices (a topic log's torn
    /// or corrupt tail truncated on open).
    public static func open(path: String, seed: UInt64? = nil, clock: any EpochClock = SystemClock(),
                            topicsDirectory: String? = nil,
                            log: @escaping @Sendable (String) -> Void = { _ in }) throws(APIError) -> ControlPlane {
        let store: Store
        do {
            store = try Store(path: path)
        } catch let error as SQLiteError {
            // E.g. a database newer than this build, or an unwritable directory: say exactly that.
            throw APIError(status: 500, code: "database_unavailable", title: "Database Unavailable", detail: error.message)
        } catch {
            throw APIError(status: 500, code: "database_unavailable", title: "Database Unavailable",
                           detail: "cannot open '\(path)': \(error)")
        }
        let directory = topicsDirectory ?? Self.folder(of: path)
        return try ControlPlane(store: store, clock: clock, ids: IDGenerator(seed: seed),
                                topics: TopicRegistry(directory: directory, log: log))
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    // MARK: hooks

    public var executor: any JobExecutor { executorBox.withLock { $0 } }
    public var validator: any SQLValidating { validatorBox.withLock { $0 } }

    /// Installs the executor (the runtime integration, once it exists). Call `recover()` afterwards to
    /// restart the jobs that were admitted before a restart.
    public func setExecutor(_ executor: any JobExecutor) { executorBox.withLock { $0 = executor } }

    /// Replaces the SQL validator (default: the planner's), called before job create/update/rollback store
    /// anything and by the validate endpoint.
    public func setValidator(_ validator: any SQLValidating) { validatorBox.withLock { $0 = validator } }

    /// True once the database is migrated and bootstrapped (always, for a constructed control plane).
    public var isReady: Bool { true }

    public func close() {
        stopMetricsSampler()
        store.close()
    }

    // MARK: transactions

    /// Something to tell the executor once the transaction committed.
    enum Effect: Sendable {
        case start(Job, JobVersion)
        /// Stop the job; with `drain`, event-time windows fire (end-of-time watermark) before its savepoint.
        case stop(Job, drain: Bool = false)
        /// The job was deleted (no savepoint, no report).
        case delete(Job)
        /// The job was deleted: remove the state files of its versions 1…`versions`.
        case discardState(Job, versions: Int)
    }

    /// Effects waiting to be handed to the executor, in commit order, and whether a thread is draining them.
    struct EffectQueue {
        var pending: [Effect] = []
        var draining = false
    }

    /// Runs `body` in one write transaction; then hands the collected effects to the executor. Effects are
    /// queued at commit (under the writer lock), so the executor sees them in commit order; one thread at a
    /// time drains the queue, so an executor may call back into the control plane from `start`/`stop`.
    func mutate<T: Sendable>(_ body: (StoreTransaction, inout [Effect]) throws -> T) throws(APIError) -> T {
        let (result, _) = try Self.mapErrors {
            try store.write({ tx -> (T, [Effect]) in
                var effects: [Effect] = []
                let result = try body(tx, &effects)
                return (result, effects)
            }, afterCommit: { committed in
                readCache.invalidate()
                if !committed.1.isEmpty { effectQueue.withLock { $0.pending += committed.1 } }
            })
        }
        drainEffects()
        return result
    }

    private func drainEffects() {
        let isDrainer = effectQueue.withLock { queue -> Bool in
            guard !queue.draining, !queue.pending.isEmpty else { return false }
            queue.draining = true
            return true
        }
        guard isDrainer else { return }
        while true {
            let batch = effectQueue.withLock { queue -> [Effect] in
                let batch = queue.pending
                queue.pending = []
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            run(batch)
        }
    }

    /// Changes with every committed write, before the writing call returns: a value derived from reads
    /// made while this was `g` (read it first) is still current while it is `g` (the API caches encoded
    /// answers of hot GETs on it).
    public var readGeneration: UInt64 { readCache.generation }

    /// Runs `body` in a read transaction.
    func query<T: Sendable>(_ body: (StoreTransaction) throws -> T) throws(APIError) -> T {
        try Self.mapErrors { try store.read(body) }
    }

    /// Like `query`, served from the read cache while no write has happened since (see `ReadCache`).
    func cachedQuery<T: Sendable>(_ key: ReadCache.Key, bytes: (T) -> Int = { _ in 256 },
                                  _ body: (StoreTransaction) throws -> T) throws(APIError) -> T {
        try readCache.value(key, bytes: bytes) { () throws(APIError) -> T in try query(body) }
    }

    private func run(_ effects: [Effect]) {
        guard !effects.isEmpty else { return }
        let executor = self.executor
        for effect in effects {
            switch effect {
            case .start(let job, let version): executor.start(job: job, version: version)
            case .stop(let job, let drain): executor.stop(job: job, drain: drain)
            case .delete(let job): executor.delete(job: job)
            case .discardState(let job, let versions): executor.discardState(job: job, versions: versions)
            }
        }
    }

    static func mapErrors<T>(_ body: () throws -> T) throws(APIError) -> T {
        do {
            return try body()
        } catch let error as APIError {
            throw error
        } catch {
            throw internalError(error)
        }
    }

    static func internalError(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? SQLiteError, error.isBusy {
            return APIError(status: 503, code: "service_unavailable", title: "Service Unavailable",
                            detail: "The database is busy; retry the request.")
        }
        if let error = error as? SQLiteError, error.isDiskFull {
            // Nothing was written (the transaction rolled back); the request can be retried once there is room.
            return APIError(status: 507, code: "insufficient_storage", title: "Insufficient Storage",
                            detail: "The data directory's disk is full; nothing was changed. Free some space and retry.")
        }
        if let error = error as? SQLiteError, error.isConstraintViolation {
            // Checks run inside the single-writer transaction, so this only happens when another process
            // changed the same database concurrently.
            return APIError.conflict("The request conflicts with the current state: \(error.message).")
        }
        return APIError.internalError("An internal error occurred: \(error)")
    }

    func now() -> Int64 { clock.nowMillis() }

    /// Compares a caller's `resource_version` with the current one (nil: no check).
    static func checkResourceVersion(_ expected: String?, current: Int64) throws(APIError) {
        guard let expected, !expected.isEmpty else { return }
        guard expected == String(current) else {
            throw APIError.staleResourceVersion(expected: expected, actual: String(current))
        }
    }
}
