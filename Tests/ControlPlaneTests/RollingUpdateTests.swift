import ControlPlane
import Foundation
import Model
import Planner
import Runtime
import Synchronization
import Testing

/// Rolling updates through a savepoint, automatic and manual rollback, stop/resume and delete, with real
/// jobs over continuous input (EXACTLY_ONCE, 1 s checkpoints).
@Suite struct RollingUpdateTests {
    /// A control plane with the runtime executor, state files in a temporary folder, and topics.
    final class Rig: Sendable {
        let cp: ControlPlane
        let executor: RuntimeJobExecutor
        let dir: String
        var env: String { cp.defaults.environmentID }

        /// `runtimeCatalog`: the executor's catalog instead of the environment's (to make planning fail
        /// at start although validation passed).
        init(probationMillis: Int64 = 60_000, runtimeCatalog: (@Sendable (String) -> any Catalog)? = nil) throws {
            dir = NSTemporaryDirectory() + "rolling-" + UUID().uuidString
            cp = try ControlPlane.inMemory(seed: 11)
            executor = RuntimeJobExecutor(controlPlane: cp, catalog: runtimeCatalog, checkpointDirectory: dir,
                                          rollbackProbationMillis: probationMillis)
            cp.setExecutor(executor)
        }

        deinit {
            executor.shutdown()
            try? FileManager.default.removeItem(atPath: dir)
        }

        var topics: TopicStore { get throws { try cp.topicStore(environmentID: env) } }

        func topic(_ name: String, partitions: Int = 3) throws -> Topic {
            if let t = try topics.topic(name) { return t }
            return try topics.createTopic(name, partitions: partitions)
        }

        func job(_ id: String) throws -> Job { try cp.job(environmentID: env, idOrName: id) }

        /// Creates a job with 1 s checkpoints and returns it once RUNNING (nil when it never got there).
        func runningJob(_ name: String, sql: String, parallelism: Int = 1) throws -> Job? {
            let job = try cp.createJob(environmentID: env, CreateJobRequest(name: name, sql: sql, parallelism: parallelism,
                                                                            checkpointInterval: 1000))
            return until { try self.job(job.id).status == .running } ? job : nil
        }

        func versions(_ id: String) throws -> [JobVersion] {
            try cp.jobVersions(environmentID: env, idOrName: id, page: PageRequest(pageSize: 100)).items
        }

        func until(seconds: Double = 20, _ condition: () throws -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if (try? condition()) == true { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return (try? condition()) == true
        }

        /// Every record value of a topic, in partition order.
        func values(_ topic: String) throws -> [String] {
            guard let t = try topics.topic(topic) else { return [] }
            return t.partitions.flatMap { p in p.records(from: 0, max: 1_000_000) }
                .compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        }

        func logs(_ id: String) throws -> [String] { try cp.jobLogs(environmentID: env, idOrName: id).map(\.message) }
    }

    /// Writes `{"id":i,"name":"<i>"}` for i in `range` at about one record per `pauseMicros`, from its own
    /// thread; `poison` ids get a name that does not cast to INT.
    final class Producer: Sendable {
        let done = Atomic<Bool>(false)
        let produced = Atomic<Int>(0)

        init(_ topic: Topic, _ range: ClosedRange<Int>, pauseMicros: UInt32 = 1000, poison: @escaping @Sendable (Int) -> Bool = { _ in false }) {
            let thread = Thread { [self] in
                for i in range {
                    let name = poison(i) ? "oops" : String(i)
                    _ = try? topic.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":\#(i),"name":"\#(name)"}"#.utf8)),
                                           partition: i % topic.partitions.count)
                    produced.store(i - range.lowerBound + 1, ordering: .releasing)
                    usleep(pauseMicros)
                }
                done.store(true, ordering: .releasing)
            }
            thread.start()
        }

        var finished: Bool { done.load(ordering: .acquiring) }
    }

    /// The `"id"` of each output row.
    static func ids(_ rows: [String]) -> [Int] {
        rows.compactMap { row -> Int? in
            guard let r = row.range(of: #""id":"#) else { return nil }
            return Int(row[r.upperBound...].prefix { $0.isNumber || $0 == "-" })
        }
    }

    /// Watches a job's status and update phase while something happens.
    final class StatusWatch: Sendable {
        let seen = Mutex<Set<String>>([])
        let phases = Mutex<Set<String>>([])
        let stop = Atomic<Bool>(false)

        init(_ rig: Rig, _ id: String) {
            let thread = Thread { [self] in
                while !stop.load(ordering: .acquiring) {
                    if let job = try? rig.job(id) {
                        seen.withLock { _ = $0.insert(job.status.rawValue) }
                        if let p = job.updatePhase { phases.withLock { _ = $0.insert(p) } }
                    }
                    usleep(500)
                }
            }
            thread.start()
        }

        func end() -> (statuses: Set<String>, phases: Set<String>) {
            stop.store(true, ordering: .releasing)
            Thread.sleep(forTimeInterval: 0.01)
            return (seen.withLock { $0 }, phases.withLock { $0 })
        }
    }

    static let v1 = """
    CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
    CREATE TABLE dst (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');
    INSERT INTO dst SELECT id, name FROM src;
    """

    /// Same output for numeric names, but the CAST fails on a name like "oops".
    static let castingV2 = """
    CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
    CREATE TABLE dst (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');
    INSERT INTO dst SELECT id, CAST(CAST(name AS INT) AS STRING) FROM src;
    """

    static let taggedV2 = """
    CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
    CREATE TABLE dst (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');
    INSERT INTO dst SELECT id, CONCAT('v2-', name) FROM src;
    """

    @Test func updateDuringContinuousInputLosesAndRepeatsNothing() throws {
        let rig = try Rig()
        let src = try rig.topic("src")
        _ = try rig.topic("dst")
        let job = try #require(try rig.runningJob("roll", sql: Self.v1, parallelism: 2))
        let n = 2500
        let producer = Producer(src, 1...n)
        #expect(rig.until { Self.ids(try rig.values("dst")).count >= 200 })   // v1 committed output
        let watch = StatusWatch(rig, job.id)
        let patched = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id, UpdateJobRequest(sql: Self.taggedV2))
        // The PATCH response says what happens to state (both plans are stateless: offsets carry over).
        #expect(patched.stateRestore?.mode == .carriedOver)
        #expect(patched.status == .running)
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 2 })
        #expect(rig.until(seconds: 30) { producer.finished })
        #expect(rig.until(seconds: 20) { Set(Self.ids(try rig.values("dst"))).count == n })
        let (statuses, phases) = watch.end()
        let rows = try rig.values("dst")
        let ids = Self.ids(rows)
        #expect(ids.count == n, "\(ids.count - Set(ids).count) duplicate(s)")
        #expect(Set(ids) == Set(1...n))
        // The switch really happened mid-stream: both versions wrote part of the output.
        let tagged = rows.filter { $0.contains("v2-") }.count
        #expect(tagged > 0 && tagged < n, "\(tagged) rows from version 2")
        // Never a false STOPPED while switching.
        #expect(statuses == ["RUNNING"], "\(statuses)")
        #expect(phases.isSubset(of: ["SAVEPOINTING", "STARTING"]))
        let v2 = try #require(try rig.versions(job.id).last)
        #expect(v2.cause == .update && v2.restoreFromVersion == 1)
        #expect(v2.stateRestore?.mode == .carriedOver)
        #expect(v2.stateRestore?.reason.contains("savepoint") == true, "\(v2.stateRestore?.reason ?? "")")
        #expect(rig.until { try rig.versions(job.id).last?.switchGapMillis != nil })
        let gap = try #require(try rig.versions(job.id).last?.switchGapMillis)
        print("rolling update switch gap: \(gap) ms")
        #expect(gap >= 0 && gap < 5000)
        #expect(try rig.job(job.id).updatePhase == nil)
        #expect(try rig.job(job.id).switchGapMillis == gap)
    }

    static let counting = """
    CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
    CREATE TABLE counts (k INT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED)
      WITH ('connector' = 'upsert-kafka', 'topic' = 'counts', 'key.format' = 'json', 'value.format' = 'json');
    INSERT INTO counts SELECT MOD(id, 5) AS k, COUNT(*) FROM src GROUP BY MOD(id, 5);
    """

    /// The latest `n` per key `k` of the counts topic.
    static func latestCounts(_ rows: [String]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for row in rows {
            guard let k = row.range(of: #""k":"#), let n = row.range(of: #""n":"#),
                  let key = Int(row[k.upperBound...].prefix { $0.isNumber }),
                  let count = Int(row[n.upperBound...].prefix { $0.isNumber }) else { continue }
            out[key] = count
        }
        return out
    }

    @Test func rescaleCarriesKeyedStateAndASQLChangeStartsFresh() throws {
        let rig = try Rig()
        let src = try rig.topic("src")
        _ = try rig.topic("counts", partitions: 1)
        let job = try #require(try rig.runningJob("count", sql: Self.counting))
        let first = Producer(src, 1...1000, pauseMicros: 200)
        #expect(rig.until(seconds: 30) { first.finished })
        #expect(rig.until { Self.latestCounts(try rig.values("counts")).values.reduce(0, +) == 1000 })

        // Parallelism only: a rescale; the keyed counts are redistributed by key group and keep counting.
        let rescaled = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id, UpdateJobRequest(parallelism: 2))
        #expect(rescaled.stateRestore?.mode == .carriedOver)
        #expect(rescaled.stateRestore?.reason.contains("Rescale 1 → 2") == true, "\(rescaled.stateRestore?.reason ?? "")")
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 2 })
        let second = Producer(src, 1001...1500, pauseMicros: 200)
        #expect(rig.until(seconds: 30) { second.finished })
        #expect(rig.until { Self.latestCounts(try rig.values("counts")) == [0: 300, 1: 300, 2: 300, 3: 300, 4: 300] },
                "\(Self.latestCounts((try? rig.values("counts")) ?? []))")
        #expect(try rig.versions(job.id)[1].stateRestore?.mode == .carriedOver)

        // A changed aggregation: its operator uid changes, so it starts from the offsets with fresh state.
        let changed = Self.counting.replacingOccurrences(of: "COUNT(*)", with: "COUNT(name)")
        let v3 = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id, UpdateJobRequest(sql: changed))
        #expect(v3.stateRestore?.mode == .offsetsOnly)
        #expect(v3.stateRestore?.reason.contains("GroupAggregate") == true, "\(v3.stateRestore?.reason ?? "")")
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 3 })
        let third = Producer(src, 1501...1550, pauseMicros: 200)
        #expect(rig.until(seconds: 30) { third.finished })
        // Fresh counts from the savepoint's offsets: only the 50 new records are counted.
        #expect(rig.until { Self.latestCounts(try rig.values("counts")) == [0: 10, 1: 10, 2: 10, 3: 10, 4: 10] },
                "\(Self.latestCounts((try? rig.values("counts")) ?? []))")
        #expect(try rig.versions(job.id)[2].stateRestore?.mode == .offsetsOnly)
    }

    @Test func aVersionThatFailsAtRuntimeRollsBackAutomatically() throws {
        let rig = try Rig()
        let src = try rig.topic("src")
        _ = try rig.topic("dst")
        let job = try #require(try rig.runningJob("poisoned", sql: Self.v1))
        let n = 2000
        let poisonAt = Atomic<Int>(Int.max)
        let producer = Producer(src, 1...n) { i in i == poisonAt.load(ordering: .acquiring) }
        #expect(rig.until { Self.ids(try rig.values("dst")).count >= 200 })
        _ = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id,
                                 UpdateJobRequest(sql: Self.castingV2, rollbackProbation: 30_000))
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 2 })
        // A row version 2 cannot CAST arrives while it is on probation.
        poisonAt.store(producer.produced.load(ordering: .acquiring) + 20, ordering: .releasing)
        #expect(rig.until { try rig.versions(job.id).count == 3 })
        #expect(rig.until(seconds: 30) { producer.finished })
        #expect(rig.until(seconds: 20) { Set(Self.ids(try rig.values("dst"))).count == n })
        let ids = Self.ids(try rig.values("dst"))
        #expect(ids.count == n, "\(ids.count - Set(ids).count) duplicate(s)")
        #expect(Set(ids) == Set(1...n))
        #expect(try rig.values("dst").contains { $0.contains("oops") }, "version 3 (= version 1) wrote the poison row as is")

        let history = try rig.versions(job.id)
        #expect(history.map(\.state) == [.superseded, .failed, .active])
        #expect(history[1].endReason?.contains("CAST") == true || history[1].endReason?.contains("oops") == true,
                "\(history[1].endReason ?? "")")
        #expect(history[2].cause == .rolledBack && history[2].rolledBackFrom == 1)
        #expect(history[2].sql == history[0].sql && history[2].config == history[0].config)
        let current = try rig.job(job.id)
        #expect(current.status == .running && current.currentVersion == 3)
        #expect(rig.until { try rig.job(job.id).updatePhase == nil })
        let logs = try rig.logs(job.id)
        #expect(logs.contains { $0.contains("rolling back automatically to version 1 as version 3") }, "\(logs)")
    }

    @Test func aVersionThatFailsToStartRollsBackWhileTheOldOneKeepsRunning() throws {
        // The executor plans without the environment's catalog: a version reading a catalog table validates
        // (the control plane sees the table) but cannot be planned when it starts.
        let rig = try Rig(runtimeCatalog: { _ in InMemoryCatalog() })
        _ = try rig.cp.createStatement(environmentID: rig.env, CreateStatementRequest(
            name: "ext", sql: "CREATE TABLE ext (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json')"))
        rig.cp.awaitStatementQueue()
        let src = try rig.topic("src")
        _ = try rig.topic("dst")
        let job = try #require(try rig.runningJob("unstartable", sql: Self.v1))
        let n = 1500
        let producer = Producer(src, 1...n)
        #expect(rig.until { Self.ids(try rig.values("dst")).count >= 100 })
        let watch = StatusWatch(rig, job.id)
        let v2 = "CREATE TABLE dst (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');\n"
            + "INSERT INTO dst SELECT id, name FROM ext;"
        _ = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id, UpdateJobRequest(sql: v2))
        #expect(rig.until { try rig.versions(job.id).count == 3 && rig.executor.runtimeInfo(jobID: job.id)?.version == 3 })
        #expect(rig.until(seconds: 30) { producer.finished })
        #expect(rig.until(seconds: 20) { Set(Self.ids(try rig.values("dst"))).count == n })
        let (statuses, _) = watch.end()
        #expect(statuses == ["RUNNING"], "\(statuses)")
        let ids = Self.ids(try rig.values("dst"))
        #expect(ids.count == n, "\(ids.count - Set(ids).count) duplicate(s)")
        let history = try rig.versions(job.id)
        #expect(history.map(\.state) == [.superseded, .failed, .active])
        #expect(history[1].endReason?.contains("failed to start") == true, "\(history[1].endReason ?? "")")
        #expect(history[2].cause == .rolledBack && history[2].sql == Self.v1)
        // Version 1 kept running until version 3 took over from its savepoint.
        #expect(rig.until { try rig.versions(job.id)[2].stateRestore?.mode == .carriedOver })
        #expect(try rig.versions(job.id)[2].stateRestore?.fromVersion == 1)
        #expect(try rig.logs(job.id).contains { $0.contains("Version 2 failed to start") })
    }

    @Test func withoutAutoRollbackAFailingVersionFails() throws {
        let rig = try Rig(probationMillis: 30_000)
        let src = try rig.topic("src")
        _ = try rig.topic("dst")
        let sql = "SET 'restart-strategy.type' = 'none';\n" + Self.castingV2
        let job = try #require(try rig.runningJob("no-rollback", sql: Self.v1))
        _ = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id, UpdateJobRequest(sql: sql, autoRollback: false))
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 2 })
        _ = try src.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":1,"name":"oops"}"#.utf8)), partition: 0)
        #expect(rig.until { try rig.job(job.id).status == .failed })
        #expect(try rig.versions(job.id).map(\.state) == [.superseded, .failed])
    }

    @Test func manualRollbackRestoresSQLAndConfigAndCompareShowsTheDiff() throws {
        let rig = try Rig()
        let src = try rig.topic("src")
        _ = try rig.topic("counts", partitions: 1)
        let job = try rig.cp.createJob(environmentID: rig.env, CreateJobRequest(name: "manual", sql: Self.counting, parallelism: 1,
                                                                                checkpointInterval: 1000, labels: ["team": "a"]))
        #expect(rig.until { try rig.job(job.id).status == .running })
        let changed = Self.counting.replacingOccurrences(of: "COUNT(*)", with: "COUNT(name)")
        _ = try rig.cp.updateJob(environmentID: rig.env, idOrName: job.id,
                                 UpdateJobRequest(sql: changed, parallelism: 2, checkpointInterval: 2000, labels: ["team": "b"]))
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 2 })
        let p = Producer(src, 1...100, pauseMicros: 100)
        #expect(rig.until { p.finished })
        #expect(rig.until { Self.latestCounts(try rig.values("counts")).values.reduce(0, +) == 100 })

        let back = try rig.cp.rollbackJob(environmentID: rig.env, idOrName: job.id, toVersion: 1)
        #expect(back.currentVersion == 3 && back.sql == Self.counting)
        #expect(back.config.parallelism == 1 && back.config.checkpointIntervalMillis == 1000 && back.config.labels == ["team": "a"])
        #expect(back.stateRestore?.mode == .offsetsOnly)   // v2's aggregation state does not fit v1's
        #expect(rig.until { rig.executor.runtimeInfo(jobID: job.id)?.version == 3 })
        #expect(rig.executor.runtimeInfo(jobID: job.id)?.parallelism == 1)
        let history = try rig.versions(job.id)
        #expect(history.map(\.state) == [.superseded, .rolledBack, .active])
        #expect(history[2].cause == .rollback && history[2].rolledBackFrom == 1)
        // Started from version 2's savepoint: offsets only (nothing re-read, so no record is counted twice).
        #expect(rig.until { try rig.versions(job.id)[2].stateRestore?.reason.contains("savepoint") == true })
        let more = Producer(src, 101...110, pauseMicros: 100)
        #expect(rig.until { more.finished })
        #expect(rig.until { Self.latestCounts(try rig.values("counts")) == [0: 2, 1: 2, 2: 2, 3: 2, 4: 2] },
                "\(Self.latestCounts((try? rig.values("counts")) ?? []))")

        let cmp = try rig.cp.compareJobVersions(environmentID: rig.env, idOrName: job.id, from: 1, to: 2)
        #expect(cmp.sqlDiff.contains("-INSERT INTO counts SELECT MOD(id, 5) AS k, COUNT(*) FROM src GROUP BY MOD(id, 5);"))
        #expect(cmp.sqlDiff.contains("+INSERT INTO counts SELECT MOD(id, 5) AS k, COUNT(name) FROM src GROUP BY MOD(id, 5);"))
        #expect(Set(cmp.configChanges.map(\.key)) == ["parallelism", "checkpoint_interval", "labels.team"])
        #expect(cmp.configChanges.first { $0.key == "parallelism" }.map { [$0.from, $0.to] } == ["1", "2"])
        #expect(cmp.stateCompatible == false)
        #expect(cmp.stateCompatibilityReason.contains("GroupAggregate"))
        let same = try rig.cp.compareJobVersions(environmentID: rig.env, idOrName: job.id, from: 1, to: 3)
        #expect(same.sqlDiff.isEmpty && same.configChanges.isEmpty && same.stateCompatible == true)
    }

    @Test func stopResumeContinuesAndDeleteRemovesState() throws {
        let rig = try Rig()
        let src = try rig.topic("src")
        _ = try rig.topic("dst")
        let job = try #require(try rig.runningJob("pause", sql: Self.v1, parallelism: 2))
        let first = Producer(src, 1...1500)
        #expect(rig.until { Self.ids(try rig.values("dst")).count >= 100 })
        _ = try rig.cp.stopJob(environmentID: rig.env, idOrName: job.id)
        #expect(rig.until(seconds: 30) { try rig.job(job.id).status == .stopped })
        let stopped = try rig.job(job.id)
        #expect(stopped.latestOffsets["src"]?.contains("partition:0,offset:") == true, "\(stopped.latestOffsets)")
        #expect(stopped.latestOffsetsAt != nil)
        #expect(rig.until(seconds: 30) { first.finished })
        let whileStopped = Self.ids(try rig.values("dst")).count
        #expect(whileStopped < 1500)
        _ = try rig.cp.resumeJob(environmentID: rig.env, idOrName: job.id)
        #expect(rig.until { try rig.job(job.id).status == .running })
        let second = Producer(src, 1501...1600)
        #expect(rig.until(seconds: 30) { second.finished })
        #expect(rig.until(seconds: 20) { Set(Self.ids(try rig.values("dst"))).count == 1600 })
        let ids = Self.ids(try rig.values("dst"))
        #expect(ids.count == 1600, "\(ids.count - Set(ids).count) duplicate(s)")

        _ = try rig.cp.stopJob(environmentID: rig.env, idOrName: job.id)
        #expect(rig.until(seconds: 30) { try rig.job(job.id).status == .stopped })
        let stateDir = rig.dir + "/" + job.id + "-v1"
        #expect(FileManager.default.fileExists(atPath: stateDir))
        try rig.cp.deleteJob(environmentID: rig.env, idOrName: job.id)
        rig.executor.sync()
        #expect(!FileManager.default.fileExists(atPath: stateDir))
    }
}
