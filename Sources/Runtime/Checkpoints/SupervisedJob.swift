import Dispatch
import Foundation
import Synchronization

/// A job with fault tolerance: runs its graph in a `JobRunner`, checkpoints it with a
/// `CheckpointCoordinator`, and when the runner fails restarts it per its `RestartStrategy` from the
/// latest intact completed checkpoint (source offsets and operator state, into the graph's current
/// parallelism). Restarts are counted and logged; when the strategy gives up the job is FAILED.
public final class SupervisedJob: Sendable {
    public enum Status: String, Sendable {
        case created = "CREATED", running = "RUNNING", restarting = "RESTARTING", finished = "FINISHED"
        case failed = "FAILED", canceled = "CANCELED"
        public var isTerminal: Bool { self == .finished || self == .failed || self == .canceled }
    }

    /// Where the first attempt starts from.
    public enum StartFrom: Sendable {
        case fresh
        /// The newest intact completed checkpoint or savepoint, else fresh.
        case latestCheckpoint
        /// A checkpoint or savepoint directory.
        case path(String)
        /// A checkpoint or savepoint already opened (e.g. filtered to some operators' state, see
        /// `RestoredCheckpoint.keeping(uids:)`).
        case restored(RestoredCheckpoint)
    }

    public let job: String
    public let graph: JobGraph
    public let execution: ExecutionConfig
    public let restartStrategy: RestartStrategy
    public let coordinator: CheckpointCoordinator?
    let clock: any RuntimeClock
    let log: @Sendable (String) -> Void
    let onStatus: @Sendable (Status, RuntimeError?) -> Void
    let random: @Sendable () -> Double

    struct State {
        var status: Status = .created
        var runner: JobRunner?
        var attempt = 0
        var restarts = 0
        var consecutiveFailures = 0
        var failure: RuntimeError?
        var stopping = false
        /// What the first attempt restored: a restart restores it again while this job has completed no
        /// checkpoint of its own (so a restart right after a start from a savepoint does not start fresh).
        var initialRestore: RestoredCheckpoint?
    }
    let state = Mutex(State())
    let ended = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - checkpoint: nil disables checkpointing (no coordinator; a restart then starts fresh).
    ///   - restartStrategy: nil picks Flink's default (exponential delay with checkpointing, else none).
    public init(job: String, graph: JobGraph, execution: ExecutionConfig = ExecutionConfig(), checkpoint: CheckpointConfig?,
                store: any CheckpointMetadataStore, restartStrategy: RestartStrategy? = nil, clock: any RuntimeClock = SystemClock(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                log: @escaping @Sendable (String) -> Void = { _ in },
                onStatus: @escaping @Sendable (Status, RuntimeError?) -> Void = { _, _ in }) throws {
        self.job = job
        self.graph = graph
        var execution = execution
        if let checkpoint { execution.checkpointMode = checkpoint.mode }
        self.execution = execution
        self.restartStrategy = restartStrategy ?? .defaultFor(checkpointing: checkpoint != nil)
        coordinator = try checkpoint.map { try CheckpointCoordinator(job: job, config: $0, store: store, clock: clock, log: log) }
        self.clock = clock
        self.random = random
        self.log = log
        self.onStatus = onStatus
    }

    public var status: Status { state.withLock { $0.status } }
    public var failure: RuntimeError? { state.withLock { $0.failure } }
    public var restarts: Int { state.withLock { $0.restarts } }
    /// The runner of the current attempt.
    public var runner: JobRunner? { state.withLock { $0.runner } }

    /// Starts the first attempt. Throws when the graph is invalid or `from` names an unreadable checkpoint.
    public func start(from: StartFrom = .latestCheckpoint, timerPeriodMillis: Int? = 50) throws {
        let restore: RestoredCheckpoint?
        switch from {
        case .fresh: restore = nil
        case .latestCheckpoint: restore = coordinator?.latestRestorable()
        case let .path(p): restore = try RestoredCheckpoint.load(path: p)
        case let .restored(r): restore = r
        }
        state.withLock { $0.initialRestore = restore }
        if let r = restore { log("Restoring job \(job) from \(r.isSavepoint ? "savepoint" : "checkpoint") \(r.id) (\(r.path)).") }
        try launch(restore: restore)
        if let period = timerPeriodMillis { coordinator?.startTimer(periodMillis: period) }
    }

    private func launch(restore: RestoredCheckpoint?) throws {
        let runner = JobRunner(graph: graph, config: execution, restore: restore)
        coordinator?.attach(runner)
        let attempt = state.withLock { s -> Int in
            s.runner = runner
            s.attempt += 1
            s.status = .running
            return s.attempt
        }
        try runner.start()
        onStatus(.running, nil)
        let startedAt = clock.nowMillis()
        let watcher = Thread { [self] in
            let end = runner.awaitTermination()
            attemptEnded(runner, attempt: attempt, status: end, startedAt: startedAt)
        }
        watcher.name = "supervisor \(job)"
        watcher.start()
    }

    private func attemptEnded(_ runner: JobRunner, attempt: Int, status: JobStatus, startedAt: Int64) {
        if status == .finished { coordinator?.awaitDrainSavepoint(seconds: 30) }
        coordinator?.detach(reason: "The job attempt ended (\(status.rawValue)).")
        let (current, stopping) = state.withLock { ($0.attempt == attempt, $0.stopping) }
        guard current else { return }
        switch status {
        case .finished:
            finish(.finished, nil)
        case .canceled, .created, .running:
            finish(.canceled, nil)
        case .failed:
            if stopping { finish(.canceled, nil); return }
            let err = runner.failure ?? RuntimeError(code: "job_failed", detail: "The job failed.")
            let uptime = clock.nowMillis() - startedAt
            let n = state.withLock { s -> Int in
                if restartStrategy.resets(afterUptime: uptime) { s.consecutiveFailures = 0 }
                s.consecutiveFailures += 1
                return s.consecutiveFailures
            }
            guard let delay = restartStrategy.delay(beforeRestart: n, random: random) else {
                log("Job \(job) failed and the restart strategy (\(restartStrategy.typeName)) gives up: \(err.detail)")
                finish(.failed, err)
                return
            }
            let restarts = state.withLock { s -> Int in
                s.status = .restarting
                s.restarts += 1
                s.failure = err
                return s.restarts
            }
            onStatus(.restarting, err)
            log("Job \(job) failed (\(err.detail)); restart \(restarts) in \(delay) ms (\(restartStrategy.typeName)).")
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(delay))) { [self] in
                guard state.withLock({ $0.attempt == attempt && !$0.stopping && $0.status == .restarting }) else { return }
                let restore = coordinator?.latestRestorable() ?? state.withLock { $0.initialRestore }
                if let r = restore { log("Job \(job) restarts from \(r.isSavepoint ? "savepoint" : "checkpoint") \(r.id).") }
                do {
                    try launch(restore: restore)
                } catch {
                    finish(.failed, error as? RuntimeError ?? RuntimeError(code: "job_failed", detail: "\(error)"))
                }
            }
        }
    }

    private func finish(_ status: Status, _ error: RuntimeError?) {
        let first = state.withLock { s -> Bool in
            guard !s.status.isTerminal else { return false }
            s.status = status
            if let error { s.failure = error }
            return true
        }
        guard first else { return }
        coordinator?.shutdown()
        onStatus(status, error)
        ended.signal()
    }

    /// Cancels the job (no savepoint).
    public func cancel() {
        let (runner, restarting) = state.withLock { s -> (JobRunner?, Bool) in
            s.stopping = true
            return (s.runner, s.status == .restarting || s.status == .created)
        }
        runner?.cancel()
        if restarting || runner == nil { finish(.canceled, nil) }
    }

    /// Blocks until the job is terminal or `seconds` pass; returns the status then.
    @discardableResult
    public func awaitTermination(seconds: Double) -> Status {
        if status.isTerminal { return status }
        if ended.wait(timeout: .now() + seconds) == .success { ended.signal() }
        return status
    }

    /// Takes a savepoint while the job keeps running; `completion` gets its record.
    public func triggerSavepoint(completion: CheckpointCoordinator.Completion? = nil) throws {
        guard let coordinator else {
            throw RuntimeError(code: "checkpointing_disabled", detail: "Savepoints need checkpointing to be configured.")
        }
        coordinator.requestSavepoint(completion: completion)
    }

    /// Stop with savepoint: sources stop after the savepoint's barrier (with `drain`, after emitting the
    /// end-of-time watermark so every event-time window fires); once the savepoint completed and the
    /// sinks committed, the job ends (FINISHED when drained, else CANCELED). Blocks up to `timeout` s.
    public func stopWithSavepoint(drain: Bool, timeout: Double = 60) throws -> CheckpointRecord {
        guard let coordinator else {
            throw RuntimeError(code: "checkpointing_disabled", detail: "Savepoints need checkpointing to be configured.")
        }
        let result = Mutex<Result<CheckpointRecord, RuntimeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        coordinator.requestSavepoint(drain: drain, stop: true) { r in
            result.withLock { $0 = r }
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success, let r = result.withLock({ $0 }) else {
            throw RuntimeError(code: "savepoint_timeout", detail: "The savepoint did not complete within \(Int(timeout)) s.")
        }
        let record = try r.get()
        state.withLock { $0.stopping = true }
        if let runner = self.runner {
            let deadline = Date().addingTimeInterval(5)
            while !runner.allNotified(of: record.id) && Date() < deadline { usleep(1000) }
            if !drain { runner.cancel() }
            _ = runner.awaitTermination(seconds: 10)
        }
        _ = awaitTermination(seconds: 5)
        return record
    }
}
