import ControlPlane
import Foundation
import Model
import Runtime
import Testing

/// Jobs really run: the runtime executor plans and runs a job's version and reports its status.
@Suite struct RuntimeExecutorTests {
    struct Setup {
        let cp: ControlPlane
        let executor: RuntimeJobExecutor
        var env: String { cp.defaults.environmentID }

        init() throws {
            cp = try ControlPlane.inMemory(seed: 3)
            executor = RuntimeJobExecutor(controlPlane: cp)
            cp.setExecutor(executor)
        }

        func create(_ name: String, _ sql: String, parallelism: Int = 1, pool: String? = nil,
                    checkpointInterval: Int64? = nil) throws -> Job {
            try cp.createJob(environmentID: env, CreateJobRequest(name: name, sql: sql, parallelism: parallelism,
                                                                  checkpointInterval: checkpointInterval, computePoolID: pool))
        }

        /// Polls until the job has `status` (real threads run it); returns the job.
        @discardableResult
        func wait(_ id: String, for status: Model.JobStatus, seconds: Double = 10) throws -> Job {
            let deadline = Date().addingTimeInterval(seconds)
            var job = try cp.job(environmentID: env, idOrName: id)
            while job.status != status && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
                job = try cp.job(environmentID: env, idOrName: id)
            }
            return job
        }

        func until(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return try condition()
        }

        func pool() throws -> ComputePool { try cp.computePool(id: cp.defaults.computePoolID, environmentID: env) }

        func logs(_ id: String) throws -> [String] {
            try cp.jobLogs(environmentID: env, idOrName: id).map(\.message)
        }
    }

    static let kafkaToKafka = """
    CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
    CREATE TABLE dst (id INT, upper_name STRING) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');
    INSERT INTO dst SELECT id, UPPER(name) FROM src WHERE id > 0;
    """

    @Test func boundedJobCompletesAndReleasesItsCFUs() throws {
        let s = try Setup()
        let job = try s.create("bounded", """
            CREATE TABLE out_t (a INT) WITH ('connector' = 'blackhole');
            INSERT INTO out_t VALUES (1), (2), (3);
            """, parallelism: 2)
        let done = try s.wait(job.id, for: .completed)
        #expect(done.status == .completed, "\(done.failureMessage ?? "")")
        #expect(done.heldCFU == 0)
        #expect(try s.pool().currentCFU == 0)
        #expect(s.executor.runtimeInfo(jobID: job.id) == nil)
    }

    @Test func kafkaJobRunsUntilStoppedAndShowsItsGraph() throws {
        let s = try Setup()
        // EXACTLY_ONCE (the default): output becomes visible when a checkpoint completes (every second here).
        let job = try s.create("upper", Self.kafkaToKafka, parallelism: 2, checkpointInterval: 1000)
        let running = try s.wait(job.id, for: .running)
        #expect(running.status == .running, "\(running.failureMessage ?? "")")
        #expect(try s.pool().currentCFU == 2)
        // The job created its topics (they did not exist), 6 partitions each.
        let store = try s.cp.topicStore(environmentID: s.env)
        let src = try #require(store.topic("src"))
        #expect(src.partitionCount == RuntimeJobExecutor.defaultTopicPartitions)
        for i in 0..<10 {
            _ = try src.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":\#(i),"name":"n\#(i)"}"#.utf8)), partition: i % 6)
        }
        let dst = try #require(store.topic("dst"))
        func output() -> [String] {
            dst.partitions.flatMap { $0.records(from: 0, max: 100) }.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(s.until { output().count == 9 }, "\(output())")
        #expect(Set(output()) == Set((1..<10).map { #"{"id":\#($0),"upper_name":"N\#($0)"}"# }))
        let info = try #require(s.executor.runtimeInfo(jobID: job.id))
        #expect(info.parallelism == 2 && info.version == 1 && info.state == "RUNNING")
        #expect(info.vertices.allSatisfy { $0.parallelism == 2 })
        #expect(info.vertices.first?.recordsOut == 10)

        let stopping = try s.cp.stopJob(environmentID: s.env, idOrName: job.id)
        #expect(stopping.status == .stopping || stopping.status == .stopped)
        let stopped = try s.wait(job.id, for: .stopped)
        #expect(stopped.status == .stopped)
        #expect(try s.pool().currentCFU == 0)
        #expect(s.executor.runtimeInfo(jobID: job.id) == nil)
        // Resume starts it again (from the earliest offset: no checkpoints yet).
        _ = try s.cp.resumeJob(environmentID: s.env, idOrName: job.id)
        #expect(try s.wait(job.id, for: .running).status == .running)
        try s.cp.deleteJob(environmentID: s.env, idOrName: job.id)
        #expect(s.until { s.executor.runtimeInfo(jobID: job.id) == nil })
    }

    @Test func badJSONRowFailsTheJobWithFlinksMessage() throws {
        let s = try Setup()
        let store = try s.cp.topicStore(environmentID: s.env)
        let src = try store.createTopic("src", partitions: 1)
        _ = try src.produce(TopicRecord(timestamp: 0, key: nil, value: Array("{not json".utf8)))
        // Without restarts (the default, exponential delay, would retry the bad row forever, as Flink does).
        let job = try s.create("badrow", "SET 'restart-strategy.type' = 'none';\n" + Self.kafkaToKafka)
        let failed = try s.wait(job.id, for: .failed)
        #expect(failed.status == .failed)
        #expect(failed.failureMessage?.contains("Failed to deserialize JSON '{not json'") == true, "\(failed.failureMessage ?? "")")
        #expect(failed.heldCFU == 0)
        #expect(try s.cp.jobVersion(environmentID: s.env, idOrName: job.id, number: 1).state == .failed)
        #expect(try s.logs(job.id).contains { $0.contains("Job FAILED") && $0.contains("deserialize") })
    }

    @Test func castFailureFailsTheJob() throws {
        let s = try Setup()
        let job = try s.create("badcast", """
            SET 'restart-strategy.type' = 'none';
            CREATE TABLE out_t (a INT) WITH ('connector' = 'blackhole');
            INSERT INTO out_t SELECT CAST(s AS INT) FROM (VALUES ('12'), ('abc')) AS v(s);
            """)
        let failed = try s.wait(job.id, for: .failed)
        #expect(failed.status == .failed)
        #expect(failed.failureMessage?.contains("abc") == true, "\(failed.failureMessage ?? "")")
    }

    @Test func jobThatDoesNotFitWaitsPoolExhaustedThenRuns() throws {
        let s = try Setup()
        let pool = try s.cp.createComputePool(CreateComputePoolRequest(environmentID: s.env, displayName: "small", maxCFU: 3))
        let first = try s.create("first", Self.kafkaToKafka, parallelism: 2, pool: pool.id)
        #expect(try s.wait(first.id, for: .running).status == .running)
        let second = try s.create("second", Self.kafkaToKafka.replacingOccurrences(of: "'dst'", with: "'dst2'"), parallelism: 2, pool: pool.id)
        #expect(second.status == .pending && second.scalingStatus == .poolExhausted)
        #expect(try s.cp.computePool(id: pool.id, environmentID: s.env).currentCFU == 2)
        _ = try s.cp.stopJob(environmentID: s.env, idOrName: first.id)
        let admitted = try s.wait(second.id, for: .running)
        #expect(admitted.status == .running && admitted.scalingStatus == .ok)
        #expect(try s.cp.computePool(id: pool.id, environmentID: s.env).currentCFU == 2)
        #expect(try s.wait(first.id, for: .stopped).status == .stopped)
        s.executor.shutdown()
    }

    @Test func printSinkLinesGoToTheJobLog() throws {
        let s = try Setup()
        let job = try s.create("printer", """
            CREATE TABLE p (a INT, b STRING) WITH ('connector' = 'print');
            INSERT INTO p VALUES (1, 'one'), (2, 'two');
            """)
        #expect(try s.wait(job.id, for: .completed).status == .completed)
        let lines = try s.logs(job.id)
        #expect(lines.contains("+I[1, one]") && lines.contains("+I[2, two]"), "\(lines)")
    }

    @Test func datagenJobsRun() throws {
        let s = try Setup()
        let bounded = try s.create("gen-bounded", """
            CREATE TABLE g (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '5',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100', 'fields.name.length' = '3');
            CREATE TABLE p (id BIGINT, name STRING) WITH ('connector' = 'print');
            INSERT INTO p SELECT id, name FROM g;
            """, parallelism: 2)
        #expect(try s.wait(bounded.id, for: .completed).status == .completed)
        #expect(try s.logs(bounded.id).filter { $0.contains("+I[") }.count == 5)
        let endless = try s.create("gen-endless", """
            CREATE TABLE g (v DOUBLE) WITH ('connector' = 'datagen', 'rows-per-second' = '1000');
            CREATE TABLE b (v DOUBLE) WITH ('connector' = 'blackhole');
            INSERT INTO b SELECT v * 2 FROM g;
            """)
        #expect(try s.wait(endless.id, for: .running).status == .running)
        #expect(s.until { (s.executor.runtimeInfo(jobID: endless.id)?.vertices.first?.recordsOut ?? 0) > 10 })
        let bad = apiError { _ = try s.create("gen-bad", """
            CREATE TABLE g (v BIGINT) WITH ('connector' = 'datagen', 'fields.v.kind' = 'sequence');
            CREATE TABLE b (v BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO b SELECT v FROM g;
            """) }
        #expect(bad?.code == "sql_validation_error")
        #expect(bad?.detail.contains("fields.v.start") == true, "\(String(describing: bad))")
        s.executor.shutdown()
    }

    @Test func selectJobRowsGoToTheLog() throws {
        let s = try Setup()
        let bounded = try s.create("select-values", "SELECT a, b FROM (VALUES (1, 'x'), (2, 'y')) AS t(a, b)")
        #expect(try s.wait(bounded.id, for: .completed).status == .completed)
        let lines = try s.logs(bounded.id)
        #expect(lines.contains("+I[1, x]") && lines.contains("+I[2, y]"), "\(lines)")
        // An unbounded SELECT streams its rows into the log while it runs.
        let endless = try s.create("select-gen", """
            CREATE TABLE g (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '200',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000');
            SELECT id FROM g;
            """)
        #expect(try s.wait(endless.id, for: .running).status == .running)
        #expect(try s.until { try s.logs(endless.id).contains { $0.hasPrefix("+I[") } })
        s.executor.shutdown()
    }

    @Test func tablesWithoutWithGetTheirTopics() throws {
        let s = try Setup()
        // EXACTLY_ONCE output is visible once a checkpoint completes: checkpoint every second.
        let job = try s.create("plain", """
            CREATE TABLE orders (id INT, amount DOUBLE);
            CREATE TABLE big_orders (id INT, amount DOUBLE);
            INSERT INTO big_orders SELECT id, amount FROM orders WHERE amount > 10;
            """, checkpointInterval: 1000)
        #expect(try s.wait(job.id, for: .running).status == .running)
        let store = try s.cp.topicStore(environmentID: s.env)
        let orders = try #require(store.topic("orders"))
        #expect(store.topic("big_orders")?.partitionCount == 6)
        _ = try orders.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":1,"amount":5.0}"#.utf8)))
        _ = try orders.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":2,"amount":50.0}"#.utf8)))
        #expect(s.until { (store.topic("big_orders")?.partitions.map { $0.records(from: 0, max: 10).count }.reduce(0, +) ?? 0) == 1 })
        #expect(try s.logs(job.id).contains { $0.contains("Created topic orders") })
        s.executor.shutdown()
    }

    @Test func updateSwitchesToTheNewVersion() throws {
        let s = try Setup()
        let job = try s.create("upd", Self.kafkaToKafka)
        #expect(try s.wait(job.id, for: .running).status == .running)
        _ = try s.cp.updateJob(environmentID: s.env, idOrName: job.id, UpdateJobRequest(parallelism: 2))
        #expect(s.until { s.executor.runtimeInfo(jobID: job.id)?.version == 2 })
        let info = try #require(s.executor.runtimeInfo(jobID: job.id))
        #expect(info.parallelism == 2)
        #expect(try s.cp.job(environmentID: s.env, idOrName: job.id).status == .running)
        s.executor.shutdown()
    }

    @Test func recoverRestartsRunningJobs() throws {
        let dir = NSTemporaryDirectory() + "exec-recover-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try ControlPlane.open(path: dir + "/db", seed: 5)
        let firstExecutor = RuntimeJobExecutor(controlPlane: first)
        first.setExecutor(firstExecutor)
        let job = try first.createJob(environmentID: first.defaults.environmentID,
                                      CreateJobRequest(name: "again", sql: Self.kafkaToKafka))
        var deadline = Date().addingTimeInterval(10)
        while try first.job(environmentID: first.defaults.environmentID, idOrName: job.id).status != .running && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        firstExecutor.shutdown()
        first.close()

        let second = try ControlPlane.open(path: dir + "/db", seed: 5)
        let secondExecutor = RuntimeJobExecutor(controlPlane: second)
        second.setExecutor(secondExecutor)
        #expect(try second.recover() == 1)
        deadline = Date().addingTimeInterval(10)
        while try second.job(environmentID: second.defaults.environmentID, idOrName: job.id).status != .running && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(try second.job(environmentID: second.defaults.environmentID, idOrName: job.id).status == .running)
        #expect(secondExecutor.runtimeInfo(jobID: job.id) != nil)
        // The topics survived in the data dir.
        #expect(try second.topicStore(environmentID: second.defaults.environmentID).topic("src") != nil)
        secondExecutor.shutdown()
        second.close()
    }
}

/// Checkpoints, savepoints and resume through the control plane.
@Suite struct JobCheckpointTests {
    @Test func checkpointsSavepointsStopAndResume() throws {
        let s = try RuntimeExecutorTests.Setup()
        let job = try s.create("ckpt", RuntimeExecutorTests.kafkaToKafka, parallelism: 2, checkpointInterval: 1000)
        #expect(try s.wait(job.id, for: .running).status == .running)
        let store = try s.cp.topicStore(environmentID: s.env)
        let src = try #require(store.topic("src"))
        for i in 0..<20 {
            _ = try src.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":\#(i),"name":"n\#(i)"}"#.utf8)), partition: i % 6)
        }
        #expect(s.until(seconds: 15) { (try? s.cp.jobCheckpoints(environmentID: s.env, idOrName: job.id).counts.completed) ?? 0 >= 1 })
        let stats = try s.cp.jobCheckpoints(environmentID: s.env, idOrName: job.id)
        #expect(stats.latestCompleted?.status == "COMPLETED")
        #expect(stats.latestCompleted?.numAcknowledgedSubtasks == stats.latestCompleted?.numSubtasks)
        #expect(stats.history.first != nil)
        let config = try s.cp.jobCheckpointConfig(environmentID: s.env, idOrName: job.id)
        #expect(config.mode == "exactly_once" && config.interval == 1000 && config.timeout == 600_000)
        #expect(config.restartStrategy == "exponential-delay")

        // A savepoint: 202-style operation, then pollable until COMPLETED with a location.
        let op = try s.cp.triggerJobSavepoint(environmentID: s.env, idOrName: job.id)
        #expect(op.status == "IN_PROGRESS")
        #expect(s.until(seconds: 15) {
            (try? s.cp.jobSavepoint(environmentID: s.env, idOrName: job.id, requestID: op.requestID).status) == "COMPLETED"
        })
        let done = try s.cp.jobSavepoint(environmentID: s.env, idOrName: job.id, requestID: op.requestID)
        #expect(done.location?.contains("savepoint-") == true)

        // Exactly-once output: every row once, visible after checkpoints completed.
        let dst = try #require(store.topic("dst"))
        func output() -> [String] {
            dst.partitions.flatMap { $0.records(from: 0, max: 100) }.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(s.until(seconds: 15) { output().count == 19 })

        // Stop takes a savepoint; resume restores from it and reads only new records.
        _ = try s.cp.stopJob(environmentID: s.env, idOrName: job.id)
        #expect(try s.wait(job.id, for: .stopped, seconds: 30).status == .stopped)
        #expect(try s.cp.jobSavepoints(environmentID: s.env, idOrName: job.id).filter { $0.status == "COMPLETED" }.count >= 2)
        for i in 20..<25 {
            _ = try src.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"id":\#(i),"name":"n\#(i)"}"#.utf8)), partition: i % 6)
        }
        _ = try s.cp.resumeJob(environmentID: s.env, idOrName: job.id)
        #expect(try s.wait(job.id, for: .running).status == .running)
        #expect(s.until(seconds: 15) { output().count == 24 }, "\(output().count) rows")
        let after = try s.cp.jobCheckpoints(environmentID: s.env, idOrName: job.id)
        #expect(after.counts.restored >= 1)
        #expect(after.latestRestored?.isSavepoint == true)
        try s.cp.deleteJob(environmentID: s.env, idOrName: job.id)
    }

    /// Stop with drain fires the open event-time windows before the final savepoint (Flink's `stop --drain`);
    /// a plain stop leaves them in the savepoint's state, unfired.
    @Test func stopWithDrainFiresOpenWindows() throws {
        let s = try RuntimeExecutorTests.Setup()
        func sql(_ n: String) -> String {
            """
            CREATE TABLE ev_\(n) (k STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
              WITH ('connector' = 'kafka', 'topic' = 'ev_\(n)', 'format' = 'json');
            CREATE TABLE agg_\(n) (k STRING, window_start TIMESTAMP(3), c BIGINT)
              WITH ('connector' = 'kafka', 'topic' = 'agg_\(n)', 'format' = 'json');
            INSERT INTO agg_\(n) SELECT k, TUMBLE_START(ts, INTERVAL '1' HOUR), COUNT(*) FROM ev_\(n)
              GROUP BY k, TUMBLE(ts, INTERVAL '1' HOUR);
            """
        }
        let store = try s.cp.topicStore(environmentID: s.env)
        var outputs: [String: [String]] = [:]
        for (name, drain) in [("drained", true), ("plain", false)] {
            let job = try s.create(name, sql(name), parallelism: 2, checkpointInterval: 1000)
            #expect(try s.wait(job.id, for: .running).status == .running)
            let src = try #require(store.topic("ev_\(name)"))
            for i in 0..<12 {
                let json = #"{"k":"\#(i % 3 == 0 ? "a" : "b")","ts":"2024-03-01 00:\#(10 + i):00"}"#
                _ = try src.produce(TopicRecord(timestamp: 0, key: nil, value: Array(json.utf8)), partition: i % 6)
            }
            // Every event read by the window operator (its window stays open: no later event).
            #expect(s.until(seconds: 15) { (s.executor.runtimeInfo(jobID: job.id)?.vertices.map(\.recordsIn).max() ?? 0) >= 12 })
            let stopping = try s.cp.stopJob(environmentID: s.env, idOrName: job.id, drain: drain)
            #expect(stopping.status == .stopping || stopping.status == .stopped)
            #expect(try s.wait(job.id, for: .stopped, seconds: 30).status == .stopped)
            let dst = try #require(store.topic("agg_\(name)"))
            outputs[name] = dst.partitions.flatMap { $0.records(from: 0, max: 100) }
                .compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }.sorted()
            // The executor's log lines are flushed every 200 ms.
            let line = drain ? "Stopped (drained) with savepoint" : "Stopped with savepoint"
            #expect(s.until(seconds: 5) { (try? s.logs(job.id))?.contains { $0.contains(line) } == true }, "\((try? s.logs(job.id)) ?? [])")
        }
        #expect(outputs["drained"] == [#"{"k":"a","window_start":"2024-03-01 00:00:00","c":4}"#,
                                       #"{"k":"b","window_start":"2024-03-01 00:00:00","c":8}"#], "\(outputs)")
        #expect(outputs["plain"] == [], "\(outputs)")
    }

    @Test func restartStrategyFromTheScriptIsUsed() throws {
        let s = try RuntimeExecutorTests.Setup()
        let sql = "SET 'restart-strategy.type' = 'fixed-delay';\nSET 'restart-strategy.fixed-delay.attempts' = '2';\n"
            + "SET 'restart-strategy.fixed-delay.delay' = '10 ms';\n" + """
            CREATE TABLE out_t (a INT) WITH ('connector' = 'blackhole');
            INSERT INTO out_t SELECT CAST(s AS INT) FROM (VALUES ('12'), ('abc')) AS v(s);
            """
        let job = try s.create("fixed", sql)
        let failed = try s.wait(job.id, for: .failed)
        #expect(failed.status == .failed)
        let logs = try s.logs(job.id)
        #expect(logs.contains { $0.contains("restart 2 in 10 ms (fixed-delay)") }, "\(logs)")
        #expect(logs.contains { $0.contains("gives up") })
    }
}
