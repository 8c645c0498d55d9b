import Dispatch
import Foundation
import Glibc
import SQLite
import Synchronization
@testable import Runtime

/// A durable test pipeline: topic `events` (4 partitions, keyed) → Kafka source → hash by key →
/// COUNT(*)/SUM(v) per key → upsert Kafka sink into `counts` (transactional with EXACTLY_ONCE), with topics,
/// checkpoints and checkpoint records (SQLite) in one temporary directory. `restartProcess()` reopens the
/// topic store and the metadata database as a restarted server would.
final class CheckpointPipeline: @unchecked Sendable {
    let dir: String
    let keys: Int
    var topics: TopicStore
    var database: Database
    var metadata: SQLiteCheckpointStore
    var produced = 0
    /// Records produced so far (readable from other threads while `produceInBackground` runs).
    let progress = Atomic<Int>(0)
    static let eventSchema = RowSchema([.init("k", DataType(.string)), .init("v", DataType(.bigint))])
    static let outSchema = RowSchema([.init("k", DataType(.string)), .init("n", DataType(.bigint)), .init("s", DataType(.bigint))])

    init(keys: Int = 40) throws {
        dir = TestGraphs.tempDir()
        self.keys = keys
        topics = try TopicStore(directory: dir + "/topics", fsync: .group)
        _ = try topics.createTopic("events", partitions: 4)
        _ = try topics.createTopic("counts", partitions: 2)
        database = try Database(path: dir + "/meta.sqlite")
        metadata = try SQLiteCheckpointStore(database: database)
    }

    deinit { TopicStore.removeTree(dir) }

    func restartProcess() throws {
        topics = try TopicStore(directory: dir + "/topics", fsync: .group)
        database.close()
        database = try Database(path: dir + "/meta.sqlite")
        metadata = try SQLiteCheckpointStore(database: database)
    }

    /// Appends events `produced ..< produced + n` (key `k(i % keys)`, value i).
    func produce(_ n: Int) throws {
        let enc = JSONRowEncoder(schema: Self.eventSchema)
        let topic = topics.topic("events")!
        for i in produced..<(produced + n) {
            let k = "k\(i % keys)"
            _ = try topic.produce(TopicRecord(timestamp: Int64(i), key: Array(k.utf8), value: enc.encode(Row([.string(k), .int(Int64(i))]))))
        }
        produced += n
        progress.store(produced, ordering: .releasing)
    }

    /// Produces `n` records in small batches on another thread (as a live stream); returns a semaphore
    /// signalled when done.
    func produceInBackground(_ n: Int, batch: Int = 50) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            var left = n
            while left > 0 {
                try? produce(min(batch, left))
                left -= batch
                usleep(300)
            }
            done.signal()
        }
        thread.start()
        return done
    }

    func awaitProduced(_ n: Int, timeout: Double = 20) {
        let deadline = Date().addingTimeInterval(timeout)
        while progress.load(ordering: .acquiring) < n && Date() < deadline { usleep(200) }
    }

    func graph(parallelism: Int, mode: CheckpointMode) -> JobGraph {
        let store = topics
        var g = JobGraph()
        let so = KafkaSource.Options(topic: "events", width: 2, value: KafkaFormat(kind: .json, schema: Self.eventSchema, positions: [0, 1]))
        let src = g.addSource(name: "events", parallelism: parallelism, uid: "source-events") { i in
            KafkaSource(store: store, options: so, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.sum, argument: 1, inputType: DataType(.bigint), resultType: DataType(.bigint))]
        let agg = g.addOperator(name: "agg", kind: "GroupAggregate", parallelism: parallelism, uid: "agg") { _ in
            GroupAggregateOperator(keys: [0], aggregates: aggs)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: parallelism, uid: "sink-counts") { _ in
            var o = KafkaSink.Options(topic: "counts", value: KafkaFormat(kind: .json, schema: Self.outSchema, positions: [0, 1, 2]))
            o.key = KafkaFormat(kind: .raw, schema: RowSchema([.init("k", DataType(.string))]), positions: [0])
            o.upsert = true
            if mode == .exactlyOnce { o.transactionalId = "job1" }
            return SinkOperator(KafkaSink(store: store, options: o))
        }
        g.connect(src, to: agg, .hash(KeySelector([0])))
        g.connect(agg, to: sink)
        return g
    }

    func job(parallelism: Int, mode: CheckpointMode, restart: RestartStrategy = .none) throws -> SupervisedJob {
        var config = CheckpointConfig(interval: 0, mode: mode, directory: dir + "/checkpoints/job1")
        config.retained = 3
        return try SupervisedJob(job: "job1", graph: graph(parallelism: parallelism, mode: mode), checkpoint: config,
                                 store: metadata, restartStrategy: restart)
    }

    /// Triggers a checkpoint and waits for its outcome.
    @discardableResult
    static func checkpoint(_ job: SupervisedJob, timeout: Double = 20) throws -> CheckpointRecord {
        let result = Mutex<Result<CheckpointRecord, RuntimeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        var tries = 0
        while true {
            do {
                try job.coordinator!.triggerCheckpoint { r in
                    result.withLock { $0 = r }
                    done.signal()
                }
                break
            } catch let e as RuntimeError where e.code == "checkpoint_in_progress" && tries < 1000 {
                tries += 1
                usleep(2000)
            }
        }
        guard done.wait(timeout: .now() + timeout) == .success, let r = result.withLock({ $0 }) else {
            throw RuntimeError(code: "test_timeout", detail: "checkpoint did not complete")
        }
        return try r.get()
    }

    /// Waits until the job's source emitted at least `n` records in total.
    static func awaitSourceProgress(_ job: SupervisedJob, atLeast n: Int64, timeout: Double = 20) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let r = job.runner, r.metricsSnapshot()[0].recordsOut >= n { return }
            usleep(1000)
        }
    }

    /// The upserts in `counts`: per key, every count value written (in log order).
    func outputCounts() -> [String: [Int64]] {
        let dec = JSONRowDecoder(schema: Self.outSchema)
        var out: [String: [Int64]] = [:]
        for p in topics.topic("counts")!.partitions {
            for r in p.records(from: 0, max: Int.max) {
                guard let v = r.value, let row = try? dec.decode(v), case let .string(k) = row.values[0],
                      case let .int(n) = row.values[1] else { continue }
                out[k, default: []].append(n)
            }
        }
        return out
    }

    /// How many events each key got.
    func expectedCounts() -> [String: Int64] {
        var m: [String: Int64] = [:]
        for i in 0..<produced { m["k\(i % keys)", default: 0] += 1 }
        return m
    }

    /// True when, for every key, the output holds exactly the counts 1…n once each (exactly once).
    func outputIsExact() -> Bool {
        let got = outputCounts()
        let want = expectedCounts()
        guard got.count == want.count else { return false }
        for (k, n) in want where got[k]?.sorted() != Array(1...n) { return false }
        return true
    }

    /// True when every count 1…n appears at least once per key (no loss; duplicates allowed).
    func outputHasNoLoss() -> (ok: Bool, duplicates: Int) {
        let got = outputCounts()
        var dups = 0
        for (k, n) in expectedCounts() {
            let seen = Set(got[k] ?? [])
            if !(1...n).allSatisfy(seen.contains) { return (false, 0) }
            dups += (got[k]?.count ?? 0) - seen.count
        }
        return (true, dups)
    }
}

/// A deterministic pseudo-random sequence (SplitMix64) so "random moments" are reproducible.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
