import Foundation
import Glibc
import Runtime
import Synchronization

/// `flinkcloud-bench checkpoint [--keys N] [--recovery-keys N] [--events N] [--parallelism P] [--skip-recovery]`
/// `flinkcloud-bench recovery [--keys N] [--parallelism P]` (phase 2 alone)
///
/// A generated keyed stream (key = i mod keys, all in one 1 h event-time window, so the window state holds
/// every key) → hash → TUMBLE window COUNT/SUM → blackhole, run as a `SupervisedJob`:
/// 1. checkpoint of `keys` keys of window state while the source keeps producing: duration, size, and
///    records processed during it;
/// 2. recovery: cancel, start again from the latest checkpoint (`recovery-keys` keys): time until the
///    restored job processes again;
/// 3. throughput over `events` events without checkpoints vs with a 1 s interval.
enum CheckpointBench {
    static func run(_ args: [String]) {
        var keys = 1_000_000, recoveryKeys = 100_000, events = 10_000_000, parallelism = 1
        var skipRecovery = false
        var i = 0
        while i < args.count {
            let v = i + 1 < args.count ? Int(args[i + 1]) : nil
            switch args[i] {
            case "--keys": keys = v ?? keys; i += 1
            case "--recovery-keys": recoveryKeys = v ?? recoveryKeys; i += 1
            case "--events": events = v ?? events; i += 1
            case "--parallelism": parallelism = v ?? parallelism; i += 1
            case "--skip-recovery": skipRecovery = true
            default: break
            }
            i += 1
        }
        let dir = NSTemporaryDirectory() + "/flinkcloud-bench-ckpt-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            try snapshotAlone(keys: keys, dir: dir + "/s")
            try checkpointWhileProcessing(keys: keys, parallelism: parallelism, dir: dir + "/a")
            if !skipRecovery { try recovery(keys: recoveryKeys, parallelism: parallelism, dir: dir + "/b") }
            let without = try throughput(events: events, parallelism: parallelism, interval: nil, dir: dir + "/c")
            let with = try throughput(events: events, parallelism: parallelism, interval: 1000, dir: dir + "/d")
            print(String(format: "throughput p%d: %.0f events/s without checkpoints, %.0f with 1 s checkpoints (%.1f%%)",
                         parallelism, without, with, with / without * 100))
        } catch {
            print("checkpoint bench failed: \(error)")
        }
    }

    /// `recovery [--keys N] [--parallelism P]`: checkpoint N keys of window state, cancel, restart from it.
    static func runRecovery(_ args: [String]) {
        var keys = 100_000, parallelism = 1
        var i = 0
        while i + 1 < args.count {
            switch args[i] {
            case "--keys": keys = Int(args[i + 1]) ?? keys
            case "--parallelism": parallelism = Int(args[i + 1]) ?? parallelism
            default: break
            }
            i += 2
        }
        let dir = NSTemporaryDirectory() + "/flinkcloud-bench-recovery-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { try recovery(keys: keys, parallelism: parallelism, dir: dir) } catch { print("recovery bench failed: \(error)") }
    }

    static func graph(keys: Int, total: Int, parallelism: Int) -> JobGraph {
        var g = JobGraph()
        let src = g.addSource(name: "gen", parallelism: parallelism, uid: "gen") { info in
            GeneratedKeys(keys: keys, total: total, subtask: info.subtaskIndex, parallelism: info.parallelism)
        }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.sum, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint))]
        let win = g.addOperator(name: "window", kind: "WindowAggregate", parallelism: parallelism, uid: "window") { _ in
            WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 3_600_000), aggregates: aggs)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: parallelism, uid: "sink") { _ in SinkOperator(BlackholeSink()) }
        g.connect(src, to: win, .hash(KeySelector([0])))
        g.connect(win, to: sink)
        return g
    }

    static func job(_ g: JobGraph, dir: String, interval: Int64) throws -> SupervisedJob {
        try SupervisedJob(job: "bench", graph: g, checkpoint: CheckpointConfig(interval: interval, directory: dir),
                          store: InMemoryCheckpointStore(), restartStrategy: RestartStrategy.none)
    }

    static func sourceCount(_ job: SupervisedJob) -> Int64 { job.runner?.metricsSnapshot()[0].recordsOut ?? 0 }

    static func waitFor(_ seconds: Double, _ cond: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline { if cond() { return true }; usleep(1000) }
        return cond()
    }

    static func checkpoint(_ job: SupervisedJob) throws -> CheckpointRecord {
        let result = Mutex<Result<CheckpointRecord, RuntimeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        try job.coordinator!.triggerCheckpoint { r in result.withLock { $0 = r }; done.signal() }
        _ = done.wait(timeout: .now() + 120)
        guard let r = result.withLock({ $0 }) else { throw RuntimeError(code: "timeout", detail: "checkpoint timed out") }
        return try r.get()
    }

    /// The snapshot steps of one window operator holding `keys` keys, alone (no job running): capture,
    /// direct encoding, the file image with its CRC, the durable write; then reading it back and restoring.
    static func snapshotAlone(keys: Int, dir: String) throws {
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.sum, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint))]
        let op = WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 3_600_000), aggregates: aggs)
        try op.open(OperatorContext(info: SubtaskInfo(vertexName: "window", subtaskIndex: 0, parallelism: 1)))
        let (out, _) = Output.collecting()
        for i in 0..<keys { try op.processElement(Row([.int(Int64(i)), .timestamp(Int64(i % 3_000_000) * 1000), .int(1)]), input: 0, output: out) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Wall time, and process CPU time (nothing else runs in this phase): the machine may be shared.
        func cpu() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
        }
        var t = Date(), c = cpu()
        var cpuLaps: [Double] = []
        func lap() -> Double {
            defer { t = Date(); c = cpu() }
            cpuLaps.append(cpu() - c)
            return Date().timeIntervalSince(t) * 1000
        }
        let build = try op.snapshotStateAsync()
        let capture = lap()
        let snap = try build()
        let encode = lap()
        let bytes = try SnapshotFile.encode(snap)
        let file = lap()
        try SnapshotFile.writeDurably(bytes, to: dir + "/window-0.state")
        let write = lap()
        let read = try SnapshotFile.decode(try SnapshotFile.read(dir + "/window-0.state"), keepEncoded: true)
        let decode = lap()
        let restored = WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 3_600_000), aggregates: aggs)
        try restored.open(OperatorContext(info: SubtaskInfo(vertexName: "window", subtaskIndex: 0, parallelism: 1)))
        try restored.restoreState(read)
        let restore = lap()
        print(String(format: "snapshot of %d window keys alone: capture %.1f ms, encode %.0f ms, file image + CRC %.0f ms, write + fsync %.0f ms (%.1f MB); read + verify %.0f ms, restore %.0f ms",
                     keys, capture, encode, file, write, Double(bytes.count) / 1e6, decode, restore))
        print(String(format: "  the same in CPU time: capture %.1f ms, encode %.0f ms, file image + CRC %.0f ms, write + fsync %.0f ms; read + verify %.0f ms, restore %.0f ms",
                     cpuLaps[0], cpuLaps[1], cpuLaps[2], cpuLaps[3], cpuLaps[4], cpuLaps[5]))
    }

    static func checkpointWhileProcessing(keys: Int, parallelism: Int, dir: String) throws {
        let store = InMemoryCheckpointStore()
        let job = try SupervisedJob(job: "bench", graph: graph(keys: keys, total: Int.max, parallelism: parallelism),
                                    checkpoint: CheckpointConfig(interval: 0, directory: dir), store: store, restartStrategy: RestartStrategy.none)
        try job.start(from: .fresh, timerPeriodMillis: nil)
        _ = waitFor(120) { sourceCount(job) >= Int64(keys) + 200_000 }
        let before = sourceCount(job)
        let t0 = Date()
        let record = try checkpoint(job)
        let elapsed = Date().timeIntervalSince(t0)
        let during = sourceCount(job) - before
        print(String(format: "checkpoint of %d keys of window state (p%d): %.0f ms (coordinator: %d ms), %.1f MB, %lld records processed meanwhile",
                     keys, parallelism, elapsed * 1000, Int(record.duration), Double(record.stateSize) / 1e6, during))
        job.cancel()
        _ = job.awaitTermination(seconds: 30)
    }

    static func recovery(keys: Int, parallelism: Int, dir: String) throws {
        let store = InMemoryCheckpointStore()
        let config = CheckpointConfig(interval: 0, directory: dir)
        let g = graph(keys: keys, total: Int.max, parallelism: parallelism)
        let first = try SupervisedJob(job: "bench", graph: g, checkpoint: config, store: store, restartStrategy: RestartStrategy.none)
        try first.start(from: .fresh, timerPeriodMillis: nil)
        _ = waitFor(120) { sourceCount(first) >= Int64(keys) + 50_000 }
        let record = try checkpoint(first)
        first.cancel()
        _ = first.awaitTermination(seconds: 30)
        let t0 = Date()
        let second = try SupervisedJob(job: "bench", graph: g, checkpoint: config, store: store, restartStrategy: RestartStrategy.none)
        try second.start(from: .latestCheckpoint, timerPeriodMillis: nil)
        let running = Date().timeIntervalSince(t0)
        _ = waitFor(60) { (second.runner?.metricsSnapshot()[1].recordsIn ?? 0) > 0 }
        let processing = Date().timeIntervalSince(t0)
        print(String(format: "restart from checkpoint %lld (%d keys, %.1f MB): RUNNING after %.0f ms, state restored and processing after %.0f ms",
                     record.id, keys, Double(record.stateSize) / 1e6, running * 1000, processing * 1000))
        second.cancel()
        _ = second.awaitTermination(seconds: 30)
    }

    static func throughput(events: Int, parallelism: Int, interval: Int64?, dir: String) throws -> Double {
        let g = graph(keys: 10_000, total: events, parallelism: parallelism)
        let job: SupervisedJob
        if let interval {
            job = try SupervisedJob(job: "bench", graph: g, checkpoint: CheckpointConfig(interval: interval, directory: dir),
                                    store: InMemoryCheckpointStore(), restartStrategy: RestartStrategy.none)
        } else {
            job = try SupervisedJob(job: "bench", graph: g, checkpoint: nil, store: InMemoryCheckpointStore())
        }
        let t0 = Date()
        try job.start(from: .fresh)
        _ = job.awaitTermination(seconds: 600)
        let seconds = Date().timeIntervalSince(t0)
        let completed = job.coordinator.map { CheckpointCoordinator.statistics(job: "bench", store: $0.store).counts.completed } ?? 0
        print(String(format: "  %d events, %@: %.2f s, %d checkpoints", events, interval == nil ? "no checkpoints" : "1 s checkpoints",
                     seconds, completed))
        return Double(events) / seconds
    }
}

/// Generates `(key, ts, value)` rows: key i mod keys, every timestamp inside one hour.
final class GeneratedKeys: SourceReader {
    let keys: Int, total: Int, subtask: Int, parallelism: Int
    var next: Int

    init(keys: Int, total: Int, subtask: Int, parallelism: Int) {
        self.keys = keys; self.total = total; self.subtask = subtask; self.parallelism = parallelism
        next = subtask
    }

    func poll(output: Output) throws -> SourceStatus {
        var n = 0
        while n < 1024 && next < total {
            output.emit(Row([.int(Int64(next % keys)), .timestamp(Int64(next % 3_000_000) * 1000), .int(1)]))
            next += parallelism
            n += 1
        }
        return next < total ? .more : .finished
    }

    func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        s.operatorState = [.int(Int64(subtask)), .int(Int64(next))]
        return s
    }

    func restoreState(_ snapshot: OperatorSnapshot) throws {
        var i = 0
        while i + 1 < snapshot.operatorState.count {
            if case let .int(s) = snapshot.operatorState[i], Int(s) == subtask, case let .int(n) = snapshot.operatorState[i + 1] { next = Int(n) }
            i += 2
        }
    }
}
