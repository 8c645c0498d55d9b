import Dispatch
import Foundation
import Glibc
import Synchronization

/// Triggers and completes the checkpoints of one job (across its restarts).
///
/// One checkpoint at a time: `tick` (driven by a timer, or by tests with an injected clock) fails the
/// in-progress checkpoint after `timeout` and triggers the next one when `interval` has passed since the
/// last trigger and `minPause` since the last completion, and only while every subtask runs. Sources
/// take the trigger, emit barriers; every head subtask hands its snapshots over (`snapshotTaken`), which
/// are written on writer threads (fsynced, renamed). When every subtask has acknowledged, `_metadata` is
/// written, the record is committed in the metadata store — only then is the checkpoint complete — and
/// the runner is notified so sinks commit. The last `retained` completed checkpoints are kept; older
/// ones are marked discarded and their files deleted. Savepoints are never discarded automatically.
public final class CheckpointCoordinator: CheckpointAckHandler {
    public let job: String
    public let config: CheckpointConfig
    public let store: any CheckpointMetadataStore
    let clock: any RuntimeClock
    let log: @Sendable (String) -> Void
    let writers = DispatchQueue(label: "checkpoint-writers", attributes: .concurrent)

    public typealias Completion = @Sendable (Result<CheckpointRecord, RuntimeError>) -> Void

    struct Pending {
        var trigger: CheckpointTrigger
        var triggerTimestamp: Int64
        var expected: Set<TaskKey>
        var numSubtasks: Int
        var acks: [TaskKey: CheckpointRecord.Ack] = [:]
        var files: [CheckpointMetadata.File] = []
        var directory: String
        var completions: [Completion] = []
        var completing = false
    }

    struct State {
        var runner: JobRunner?
        var pending: Pending?
        var nextID: Int64 = 1
        var lastTriggerAt = Int64.min / 2
        var lastCompletedAt = Int64.min / 2
        var restoredFrom: Int64?
        var queuedSavepoints: [(trigger: CheckpointTrigger, completion: Completion?)] = []
        var counts = CheckpointCounts()
        var latestFailed: CheckpointRecord?
    }
    let state = Mutex(State())
    let timerGeneration = Atomic<Int>(0)
    let timerWakeup = IdleWakeup()
    /// The timer's longest sleep when nothing is due sooner (a savepoint request or a new attempt wakes it).
    static let longestTimerSleepMillis: Int64 = 1_000

    public init(job: String, config: CheckpointConfig, store: any CheckpointMetadataStore,
                clock: any RuntimeClock = SystemClock(), log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.job = job
        self.config = config
        self.store = store
        self.clock = clock
        self.log = log
        let next = try store.maxID(job: job) + 1
        let completed = try store.completed(job: job, savepoints: false).count + (try store.completed(job: job, savepoints: true).count)
        state.withLock {
            $0.nextID = next
            $0.counts.completed = completed
        }
        // The job's folder is made by its first checkpoint: most short jobs never take one.
    }

    // MARK: runner attempts

    /// Makes `runner` (not started yet) the job's current attempt; a checkpoint in progress for an
    /// earlier attempt fails. Records the restore when the attempt starts from a checkpoint.
    public func attach(_ runner: JobRunner) {
        runner.setCheckpointHandler(self)
        let previous = state.withLock { s -> Pending? in
            s.runner = runner
            s.restoredFrom = runner.restore?.id ?? s.restoredFrom
            defer { s.pending = nil }
            return s.pending
        }
        if let p = previous { failed(p, reason: "The job restarted before the checkpoint completed.") }
        timerWakeup.wake()
        if let r = runner.restore {
            state.withLock { $0.counts.restored += 1 }
            do {
                try store.saveRestore(RestoreRecord(job: job, checkpointId: r.id, restoreTimestamp: clock.nowMillis(),
                                                    isSavepoint: r.isSavepoint, path: r.path))
            } catch {
                log("Could not record the restore from checkpoint \(r.id): \(error)")
            }
        }
    }

    /// Waits (up to `seconds`) while a drain savepoint is in progress. Its subtasks all took their snapshot
    /// before their input ended, so it completes after the tasks finished; detaching first would fail it.
    public func awaitDrainSavepoint(seconds: Double) {
        let deadline = DispatchTime.now() + seconds
        while state.withLock({ $0.pending?.trigger.drain == true }) && DispatchTime.now() < deadline { usleep(1000) }
    }

    /// The current attempt ended (failed, canceled or finished): a checkpoint in progress fails.
    public func detach(reason: String) {
        let p = state.withLock { s -> Pending? in
            s.runner = nil
            defer { if s.pending?.completing != true { s.pending = nil } }
            return s.pending?.completing == true ? nil : s.pending
        }
        if let p { failed(p, reason: reason) }
    }

    // MARK: triggering

    /// Periodic work: times out the checkpoint in progress; triggers a queued savepoint or the next
    /// periodic checkpoint when due.
    public func tick() {
        let now = clock.nowMillis()
        let timedOut = state.withLock { s -> Pending? in
            guard let p = s.pending, !p.completing, now - p.triggerTimestamp >= config.timeout else { return nil }
            s.pending = nil
            return p
        }
        if let p = timedOut { failed(p, reason: "Checkpoint expired before completing (timeout \(config.timeout) ms).") }
        if state.withLock({ !$0.queuedSavepoints.isEmpty }) {
            let q = state.withLock { s -> (trigger: CheckpointTrigger, completion: Completion?)? in
                guard s.pending == nil, s.runner?.allTasksRunning == true else { return nil }
                return s.queuedSavepoints.removeFirst()
            }
            if let q {
                do {
                    _ = try start(q.trigger, completion: q.completion)
                } catch {
                    // A periodic checkpoint started in between (timer thread): keep the savepoint queued.
                    state.withLock { $0.queuedSavepoints.insert(q, at: 0) }
                }
            }
            return
        }
        guard config.interval > 0 else { return }
        let due = state.withLock { s -> Bool in
            s.pending == nil && s.runner?.allTasksRunning == true
                && now - s.lastTriggerAt >= config.interval && now - s.lastCompletedAt >= config.minPause
        }
        if due { _ = try? triggerCheckpoint() }
    }

    /// Triggers a checkpoint now. Throws when one is in progress or the job is not fully running.
    @discardableResult
    public func triggerCheckpoint(completion: Completion? = nil) throws -> Int64 {
        try start(CheckpointTrigger(id: 0), completion: completion)
    }

    /// Queues a savepoint (taken as soon as no checkpoint is in progress); `completion` gets its record.
    /// With `stop`, sources stop reading after its barrier; with `drain`, they first emit the end-of-time
    /// watermark so every event-time window fires.
    public func requestSavepoint(drain: Bool = false, stop: Bool = false, completion: Completion? = nil) {
        state.withLock { $0.queuedSavepoints.append((CheckpointTrigger(id: 0, isSavepoint: true, drain: drain, stop: stop), completion)) }
        tick()
        timerWakeup.wake()
    }

    private func start(_ request: CheckpointTrigger, completion: Completion?) throws -> Int64 {
        let now = clock.nowMillis()
        let (trigger, runner) = try state.withLock { s -> (CheckpointTrigger, JobRunner) in
            guard s.pending == nil else {
                throw RuntimeError(code: "checkpoint_in_progress", detail: "Checkpoint \(s.nextID - 1) is still in progress.")
            }
            guard let runner = s.runner, runner.allTasksRunning else {
                throw RuntimeError(code: "not_running", detail: "Not all tasks of the job are running.")
            }
            var t = request
            t.id = s.nextID
            s.nextID += 1
            let dir = config.directory + "/" + (t.isSavepoint ? "savepoint-\(t.id)" : "chk-\(t.id)")
            let heads = runner.headTasks
            let subtasks = runner.graph.vertices.reduce(0) { $0 + $1.parallelism }
            s.pending = Pending(trigger: t, triggerTimestamp: now, expected: Set(heads), numSubtasks: subtasks, directory: dir,
                                completions: completion.map { [$0] } ?? [])
            s.lastTriggerAt = now
            s.counts.inProgress = 1
            return (t, runner)
        }
        SnapshotFile.mkdirs(config.directory + "/" + (trigger.isSavepoint ? "savepoint-\(trigger.id)" : "chk-\(trigger.id)"))
        runner.triggerCheckpoint(trigger)
        return trigger.id
    }

    // MARK: acknowledgements

    public func snapshotTaken(checkpointId: Int64, task: TaskKey, parts: [SnapshotPart]) {
        guard let dir = state.withLock({ s in s.pending?.trigger.id == checkpointId ? s.pending?.directory : nil }) else { return }
        writers.async { [self] in
            do {
                var files: [CheckpointMetadata.File] = []
                var size: Int64 = 0
                for part in parts {
                    let bytes = try SnapshotFile.encode(try part.build())
                    let name = "\(SnapshotFile.safeName(part.vertexUid))-\(part.subtask).state"
                    try SnapshotFile.writeDurably(bytes, to: dir + "/" + name)
                    files.append(.init(vertexUid: part.vertexUid, parallelism: part.parallelism, subtask: part.subtask,
                                       name: name, size: Int64(bytes.count)))
                    size += Int64(bytes.count)
                }
                acknowledged(checkpointId, task: task, files: files, size: size)
            } catch {
                snapshotFailed(checkpointId: checkpointId, task: task, error: error)
            }
        }
    }

    public func snapshotFailed(checkpointId: Int64, task: TaskKey, error: any Error) {
        let p = state.withLock { s -> Pending? in
            guard let p = s.pending, p.trigger.id == checkpointId, !p.completing else { return nil }
            s.pending = nil
            return p
        }
        let why = (error as? RuntimeError)?.detail ?? "\(error)"
        if let p { failed(p, reason: "Subtask \(task.subtask) of vertex \(task.vertex) could not snapshot its state: \(why)") }
    }

    private func acknowledged(_ id: Int64, task: TaskKey, files: [CheckpointMetadata.File], size: Int64) {
        let now = clock.nowMillis()
        let done = state.withLock { s -> Pending? in
            guard var p = s.pending, p.trigger.id == id, p.expected.contains(task), p.acks[task] == nil else { return nil }
            p.acks[task] = .init(vertex: task.vertex, subtask: task.subtask, size: size, timestamp: now)
            p.files += files
            if p.acks.count == p.expected.count { p.completing = true }
            s.pending = p
            return p.completing ? p : nil
        }
        if let done { complete(done) }
    }

    private func complete(_ p: Pending) {
        let now = clock.nowMillis()
        let meta = CheckpointMetadata(id: p.trigger.id, isSavepoint: p.trigger.isSavepoint,
                                      files: p.files.sorted { ($0.vertexUid, $0.subtask) < ($1.vertexUid, $1.subtask) })
        let (restoredFrom, runner) = state.withLock { ($0.restoredFrom, $0.runner) }
        let record = CheckpointRecord(job: job, id: p.trigger.id, isSavepoint: p.trigger.isSavepoint, status: .completed,
                                      triggerTimestamp: p.triggerTimestamp, latestAckTimestamp: now,
                                      stateSize: p.acks.values.reduce(0) { $0 + $1.size }, numSubtasks: p.numSubtasks,
                                      acks: p.acks.values.sorted { ($0.vertex, $0.subtask) < ($1.vertex, $1.subtask) },
                                      path: p.directory, restoredFrom: restoredFrom)
        do {
            try SnapshotFile.writeDurably(meta.encoded(), to: p.directory + "/" + CheckpointMetadata.fileName)
            try store.save(record)
        } catch {
            state.withLock { s in if s.pending?.trigger.id == p.trigger.id { s.pending = nil } }
            failed(p, reason: "Could not record the checkpoint: \((error as? RuntimeError)?.detail ?? "\(error)")")
            return
        }
        state.withLock { s in
            if s.pending?.trigger.id == p.trigger.id { s.pending = nil }
            s.lastCompletedAt = now
            s.counts.completed += 1
            s.counts.inProgress = 0
        }
        runner?.notifyCheckpointComplete(p.trigger.id)
        if !p.trigger.isSavepoint { discardOld() }
        for c in p.completions { c(.success(record)) }
    }

    private func failed(_ p: Pending, reason: String) {
        let now = clock.nowMillis()
        let record = CheckpointRecord(job: job, id: p.trigger.id, isSavepoint: p.trigger.isSavepoint, status: .failed,
                                      triggerTimestamp: p.triggerTimestamp, latestAckTimestamp: now,
                                      stateSize: p.acks.values.reduce(0) { $0 + $1.size }, numSubtasks: p.numSubtasks,
                                      acks: Array(p.acks.values), path: p.directory,
                                      restoredFrom: state.withLock { $0.restoredFrom }, failureMessage: reason, discarded: true)
        state.withLock { s in
            s.counts.failed += 1
            s.counts.inProgress = s.pending == nil ? 0 : 1
            s.latestFailed = record
        }
        log("Checkpoint \(p.trigger.id) of job \(job) failed: \(reason)")
        try? store.save(record)
        SnapshotFile.removeTree(p.directory)
        for c in p.completions { c(.failure(RuntimeError(code: "checkpoint_failed", detail: reason))) }
    }

    /// Keeps the newest `retained` completed checkpoints; deletes the files of older ones.
    private func discardOld() {
        guard let completed = try? store.completed(job: job, savepoints: false), completed.count > config.retained else { return }
        for var r in completed.dropFirst(config.retained) {
            r.discarded = true
            try? store.save(r)
            SnapshotFile.removeTree(r.path)
        }
    }

    // MARK: timer

    /// Calls `tick` on a background thread until `shutdown`: every `periodMillis` while something is in
    /// progress or waiting, else when the next periodic checkpoint is due (at most a second apart).
    public func startTimer(periodMillis: Int = 50) {
        let generation = timerGeneration.add(1, ordering: .acquiringAndReleasing).newValue
        let thread = Thread { [weak self] in
            while let me = self, me.timerGeneration.load(ordering: .acquiring) == generation {
                me.tick()
                let millis = me.nextTickMillis(period: Int64(periodMillis))
                me.timerWakeup.sleep(micros: UInt32(millis * 1000))
            }
        }
        thread.name = "checkpoint-timer \(job)"
        thread.start()
    }

    public func shutdown() {
        timerGeneration.add(1, ordering: .acquiringAndReleasing)
        timerWakeup.wake()
    }

    /// How long the timer may sleep before `tick` has something to do.
    func nextTickMillis(period: Int64) -> Int64 {
        let now = clock.nowMillis()
        let wait = state.withLock { s -> Int64 in
            if s.pending != nil || !s.queuedSavepoints.isEmpty || s.runner?.allTasksRunning != true { return period }
            guard config.interval > 0 else { return Self.longestTimerSleepMillis }
            return max(s.lastTriggerAt + config.interval, s.lastCompletedAt + config.minPause) - now
        }
        return min(max(wait, period), max(period, Self.longestTimerSleepMillis))
    }

    // MARK: restore and statistics

    /// The newest completed checkpoint or savepoint whose files are all intact; corrupt or partial ones are
    /// skipped (logged) in favour of the previous one. Nil when there is none.
    public func latestRestorable() -> RestoredCheckpoint? {
        let all = ((try? store.completed(job: job, savepoints: false)) ?? []) + ((try? store.completed(job: job, savepoints: true)) ?? [])
        for r in all.sorted(by: { $0.id > $1.id }) {
            do {
                return try RestoredCheckpoint.load(path: r.path)
            } catch {
                log("Skipping checkpoint \(r.id) of job \(job): \((error as? RuntimeError)?.detail ?? "\(error)")")
            }
        }
        return nil
    }

    /// Counts, the latest completed/failed/savepoint/restore, and recent history (newest first).
    public func statistics(historySize: Int = 10) -> CheckpointStatistics {
        let inProgress = state.withLock { s -> CheckpointRecord? in
            s.pending.map { p in
                CheckpointRecord(job: job, id: p.trigger.id, isSavepoint: p.trigger.isSavepoint, status: .inProgress,
                                 triggerTimestamp: p.triggerTimestamp, latestAckTimestamp: p.acks.values.map(\.timestamp).max() ?? p.triggerTimestamp,
                                 stateSize: p.acks.values.reduce(0) { $0 + $1.size }, numSubtasks: p.numSubtasks,
                                 acks: Array(p.acks.values), path: p.directory, restoredFrom: s.restoredFrom)
            }
        }
        return Self.statistics(job: job, store: store, inProgress: inProgress, historySize: historySize)
    }

    /// Statistics from the metadata store alone (a job that is not running).
    public static func statistics(job: String, store: any CheckpointMetadataStore, inProgress: CheckpointRecord? = nil,
                                  historySize: Int = 10) -> CheckpointStatistics {
        var counts = (try? store.counts(job: job)) ?? CheckpointCounts()
        counts.inProgress = inProgress == nil ? 0 : 1
        var history = (try? store.records(job: job, limit: historySize)) ?? []
        if let ip = inProgress { history.removeAll { $0.id == ip.id }; history.insert(ip, at: 0) }
        let recent = (try? store.records(job: job, limit: 500)) ?? []
        return CheckpointStatistics(
            counts: counts,
            latestCompleted: recent.first { $0.status == .completed && !$0.isSavepoint },
            latestSavepoint: recent.first { $0.status == .completed && $0.isSavepoint },
            latestFailed: recent.first { $0.status == .failed },
            latestRestore: try? store.latestRestore(job: job),
            history: Array(history.prefix(historySize)))
    }
}

public struct CheckpointCounts: Sendable, Equatable {
    public var restored = 0
    public var completed = 0
    public var failed = 0
    public var inProgress = 0
    public var total: Int { completed + failed + inProgress }
}

public struct CheckpointStatistics: Sendable {
    public var counts: CheckpointCounts
    public var latestCompleted: CheckpointRecord?
    public var latestSavepoint: CheckpointRecord?
    public var latestFailed: CheckpointRecord?
    public var latestRestore: RestoreRecord?
    public var history: [CheckpointRecord]
}
