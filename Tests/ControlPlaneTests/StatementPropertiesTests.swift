import ControlPlane
import Foundation
import Model
import Runtime
import Synchronization
import Testing

/// Statement properties that change how a statement runs — `sql.state-ttl` (idle state expires),
/// `sql.tables.scan.*` (also for the job of an INSERT) — and a stopped SELECT resuming where it stopped.
@Suite(.serialized) struct StatementPropertiesTests {
    final class Setup: Sendable {
        let cp: ControlPlane
        let executor: RuntimeJobExecutor
        let readers = Mutex<[String: (token: String?, rows: [String])]>([:])
        var env: String { cp.defaults.environmentID }

        init() throws {
            cp = try ControlPlane.inMemory(seed: 11)
            executor = RuntimeJobExecutor(controlPlane: cp)
            cp.setExecutor(executor)
        }

        @discardableResult
        func submit(_ name: String, _ sql: String, properties: [String: String] = [:]) throws -> FlinkStatement {
            let s = try cp.createStatement(environmentID: env, CreateStatementRequest(name: name, sql: sql, properties: properties))
            cp.awaitStatementQueue()
            return s
        }

        func statement(_ name: String) throws -> FlinkStatement { try cp.statement(environmentID: env, name: name) }

        func produce(_ topic: String, _ values: [String]) throws {
            let t = try #require(try cp.topicStore(environmentID: env).topic(topic))
            for v in values { _ = try t.produce(TopicRecord(timestamp: 0, key: nil, value: Array(v.utf8)), partition: 0) }
        }

        func topicValues(_ topic: String) throws -> [String] {
            guard let t = try cp.topicStore(environmentID: env).topic(topic) else { return [] }
            return t.partitions.flatMap { $0.records(from: 0, max: 1000) }.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        }

        /// Every result row so far as `op:[values]`, read like a client does (each page once, following
        /// `next`; reading acknowledges what came before).
        func results(_ name: String) throws -> [String] {
            var state = readers.withLock { $0[name] ?? (token: nil, rows: []) }
            for _ in 0..<50 {
                let page = try cp.statementResults(environmentID: env, name: name, pageToken: state.token)
                state.rows += page.rows.map { row in
                    "\(row.op):" + (row.row.arrayValue ?? []).map { $0.stringValue ?? "null" }.joined(separator: ",")
                }
                guard let next = page.nextPageToken else { break }
                state.token = next
                if page.rows.isEmpty { break }
            }
            readers.withLock { $0[name] = state }
            return state.rows
        }

        func until(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.02)
            }
            return try condition()
        }
    }

    @Test func stateTTLExpiresIdleAggregationState() throws {
        let s = try Setup()
        try s.submit("ddl", "CREATE TABLE clicks (k STRING)")
        try s.produce("clicks", [#"{"k":"a"}"#])
        try s.submit("ttl", "SELECT k, COUNT(*) AS n FROM clicks GROUP BY k", properties: ["sql.state-ttl": "300 ms"])
        try s.submit("keep", "SELECT k, COUNT(*) AS n FROM clicks GROUP BY k")
        #expect(try s.statement("ttl").phase == .running)
        #expect(try s.until { try s.results("ttl") == ["0:a,1"] && s.results("keep") == ["0:a,1"] })
        Thread.sleep(forTimeInterval: 0.8)   // "a" idles longer than the TTL
        try s.produce("clicks", [#"{"k":"a"}"#])
        // With the TTL the key's state is gone: a new group starts (+I a,1); without it the count goes on.
        #expect(try s.until { try s.results("ttl").count == 2 && s.results("keep").count == 3 })
        let ttl = try s.results("ttl"), keep = try s.results("keep")
        #expect(ttl == ["0:a,1", "0:a,1"])
        #expect(keep == ["0:a,1", "1:a,1", "2:a,2"], "\(keep)")
    }

    @Test func scanPropertiesAndStateTTLReachTheJobOfAnInsert() throws {
        let s = try Setup()
        try s.submit("src", "CREATE TABLE src (v INT)")
        try s.submit("dst", "CREATE TABLE dst (v INT)")
        try s.submit("dst2", "CREATE TABLE dst2 (v INT)")
        try s.produce("src", [#"{"v":1}"#, #"{"v":2}"#])
        let common = ["execution.checkpointing.mode": "AT_LEAST_ONCE"]
        try s.submit("from-latest", "INSERT INTO dst SELECT v FROM src",
                     properties: common.merging(["sql.tables.scan.startup.mode": "latest-offset", "sql.state-ttl": "1 h"]) { a, _ in a })
        try s.submit("from-earliest", "INSERT INTO dst2 SELECT v FROM src", properties: common)
        let job = try s.cp.job(environmentID: s.env, idOrName: "from-latest")
        #expect(job.sql == "SET 'sql.state-ttl' = '1 h';\nSET 'sql.tables.scan.startup.mode' = 'latest-offset';\nINSERT INTO dst SELECT v FROM src")
        #expect(try s.cp.job(environmentID: s.env, idOrName: "from-earliest").sql == "INSERT INTO dst2 SELECT v FROM src")
        // The statement still shows what the user submitted.
        #expect(try s.statement("from-latest").sql == "INSERT INTO dst SELECT v FROM src")
        #expect(try s.until { try s.statement("from-latest").phase == .running && s.statement("from-earliest").phase == .running })
        Thread.sleep(forTimeInterval: 0.5)   // the sources have resolved their start offsets
        try s.produce("src", [#"{"v":3}"#])
        #expect(try s.until { try s.topicValues("dst2").count == 3 && !s.topicValues("dst").isEmpty })
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try s.topicValues("dst") == [#"{"v":3}"#])   // latest-offset: only what came after the start
        #expect(try s.topicValues("dst2").count == 3)
        s.executor.shutdown()
    }

    @Test func updatingResultsReportTheirUpsertColumns() throws {
        let s = try Setup()
        try s.submit("ddl", "CREATE TABLE c (k STRING, v INT)")
        let cases: [(String, [Int]?)] = [
            ("SELECT k, COUNT(*) AS n FROM c GROUP BY k", [0]),
            ("SELECT COUNT(*) AS n, k FROM c GROUP BY k", [1]),
            ("SELECT SUM(v) AS total, k, v FROM c GROUP BY k, v HAVING SUM(v) > 1", [1, 2]),
            ("SELECT DISTINCT k FROM c", [0]),
            ("SELECT COUNT(*) AS n FROM c GROUP BY k", nil),   // the key is not selected
            ("SELECT COUNT(*) AS n FROM c", nil),               // global aggregation
            ("SELECT k, v FROM c", nil),                        // append-only
        ]
        for (i, (sql, expected)) in cases.enumerated() {
            try s.submit("q\(i)", sql)
            let st = try s.statement("q\(i)")
            #expect(st.traits?.upsertColumns == expected, "\(sql): \(String(describing: st.traits?.upsertColumns)) \(st.detail)")
            let dry = try s.cp.createStatement(environmentID: s.env, CreateStatementRequest(name: "dry\(i)", sql: sql,
                                                                                            properties: ["sql.dry-run": "true"]))
            #expect(dry.traits?.upsertColumns == expected, "dry run \(sql)")
        }
    }

    @Test func aResumedSelectContinuesWhereItStopped() throws {
        let s = try Setup()
        try s.submit("ddl", "CREATE TABLE ev (k STRING)")
        try s.produce("ev", [#"{"k":"a"}"#, #"{"k":"a"}"#])
        try s.submit("plain", "SELECT k FROM ev")
        try s.submit("counts", "SELECT k, COUNT(*) AS n FROM ev GROUP BY k")
        #expect(try s.until { try s.results("plain").count == 2 && s.results("counts").count == 3 })
        for name in ["plain", "counts"] {
            let stopped = try s.cp.updateStatement(environmentID: s.env, name: name, UpdateStatementRequest(stopped: true))
            #expect(stopped.phase == .stopped)
        }
        try s.produce("ev", [#"{"k":"a"}"#])
        for name in ["plain", "counts"] {
            _ = try s.cp.updateStatement(environmentID: s.env, name: name, UpdateStatementRequest(stopped: false))
        }
        s.cp.awaitStatementQueue()
        #expect(try s.statement("plain").phase == .running)
        #expect(try s.until { try s.results("plain").count >= 3 && s.results("counts").count >= 5 })
        Thread.sleep(forTimeInterval: 0.3)
        // Offsets continue (no row read twice) and the aggregation's state too (-U a,2 / +U a,3, not +I a,1).
        #expect(try s.results("plain") == ["0:a", "0:a", "0:a"])
        #expect(try s.results("counts") == ["0:a,1", "1:a,1", "2:a,2", "1:a,2", "2:a,3"])
    }
}

/// DEGRADED: a RUNNING statement whose job keeps restarting or failing checkpoints.
@Suite struct StatementDegradedTests {
    struct FakeMetrics: JobMetricsSource {
        let restarts: Int
        let checkpoints: [CheckpointAttempt.Status]
        func liveMetrics(jobID: String) -> LiveJobMetrics? {
            let history = checkpoints.enumerated().map { i, s in
                CheckpointAttempt(id: Int64(100 - i), status: s, isSavepoint: false, triggeredAt: 0)
            }
            return LiveJobMetrics(report: JobMetricsReport(graph: JobGraphDescription(nodes: [], edges: []), subtasks: []), restarts: restarts,
                                  checkpoints: CheckpointSummary(history: history))
        }
    }

    func phase(restarts: Int, checkpoints: [CheckpointAttempt.Status]) throws -> FlinkStatement {
        let f = try Fixture(autoRun: true)
        _ = try f.cp.createStatement(environmentID: f.env, CreateStatementRequest(name: "src", sql: "CREATE TABLE src (v INT)"))
        _ = try f.cp.createStatement(environmentID: f.env, CreateStatementRequest(name: "dst", sql: "CREATE TABLE dst (v INT)"))
        _ = try f.cp.createStatement(environmentID: f.env, CreateStatementRequest(name: "ins", sql: "INSERT INTO dst SELECT v FROM src"))
        f.cp.awaitStatementQueue()
        f.cp.setMetricsSource(FakeMetrics(restarts: restarts, checkpoints: checkpoints))
        let listed = try f.cp.statements(environmentID: f.env).items.first { $0.name == "ins" }
        let one = try f.cp.statement(environmentID: f.env, name: "ins")
        #expect(listed?.phase == one.phase)
        return one
    }

    @Test func restartsOrFailingCheckpointsMakeARunningStatementDegraded() throws {
        #expect(try phase(restarts: 0, checkpoints: [.completed, .failed, .failed]).phase == .running)
        #expect(try phase(restarts: 2, checkpoints: [.failed, .failed, .completed]).phase == .running)
        let restarting = try phase(restarts: 3, checkpoints: [])
        #expect(restarting.phase == .degraded)
        #expect(restarting.detail.contains("restarted 3 times"), "\(restarting.detail)")
        let failing = try phase(restarts: 0, checkpoints: [.inProgress, .failed, .failed, .failed, .completed])
        #expect(failing.phase == .degraded)
        #expect(failing.detail.contains("last 3 checkpoints failed"), "\(failing.detail)")
    }
}
