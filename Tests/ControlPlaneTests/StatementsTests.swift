import ControlPlane
import Foundation
import Model
import Runtime
import Testing

/// sql/v1 statements through the control plane: lifecycle, DDL into the persisted catalog, queries with
/// results, INSERT as jobs, stop/resume/update/delete and their status codes.
@Suite struct StatementsTests {
    let f: Fixture
    init() throws { f = try Fixture(autoRun: true) }

    @discardableResult
    func submit(_ name: String, _ sql: String, properties: [String: String] = [:],
                labels: [String: String] = [:]) throws -> FlinkStatement {
        try f.cp.createStatement(environmentID: f.env, CreateStatementRequest(name: name, sql: sql, properties: properties,
                                                                               labels: labels))
    }

    /// Polls until the statement leaves `phases` (the queue runs in the background).
    func settle(_ name: String, leaving phases: Set<StatementPhase> = [.pending], seconds: Double = 10) throws -> FlinkStatement {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            f.cp.awaitStatementQueue()
            let s = try f.cp.statement(environmentID: f.env, name: name)
            if !phases.contains(s.phase) || Date() > deadline { return s }
            usleep(10_000)
        }
    }

    func rows(_ name: String) throws -> [[JSONValue]] {
        var out: [[JSONValue]] = []
        var token: String? = nil
        for _ in 0..<100 {
            let page = try f.cp.statementResults(environmentID: f.env, name: name, pageToken: token)
            out += page.rows.map { $0.row.arrayValue ?? [] }
            guard let next = page.nextPageToken else { return out }
            token = next
        }
        return out
    }

    func produce(_ topic: String, _ values: [String]) throws {
        let store = try f.cp.topicStore(environmentID: f.env)
        let t = try #require(store.topic(topic))
        for v in values { _ = try t.produce(TopicRecord(timestamp: 0, key: nil, value: Array(v.utf8)), partition: 0) }
    }

    @Test func createIsPendingWithoutTraitsAndDuplicatesAre409() throws {
        let s = try submit("s1", "SHOW TABLES")
        #expect(s.phase == .pending)
        #expect(s.traits == nil)
        #expect(s.computePoolID == f.pool)
        #expect(!s.uid.isEmpty)
        #expect(apiError { try submit("s1", "SHOW TABLES") }?.status == 409)
        #expect(apiError { try submit("Bad_Name", "SHOW TABLES") }?.status == 422)
        #expect(apiError { try submit("s2", "  ") }?.status == 422)
        #expect(apiError { try submit("s3", "SELECT 1", properties: ["sql.local-time-zone": "Mars/Base"]) }?.status == 400)
        #expect(apiError { try f.cp.createStatement(environmentID: f.env, CreateStatementRequest(name: "s4", sql: "SELECT 1", computePoolID: "lfcp-nope")) }?.status == 404)
        #expect(apiError { try f.cp.statement(environmentID: f.env, name: "nope") }?.status == 404)
        let done = try settle("s1")
        #expect(done.phase == .completed)
        #expect(done.traits?.sqlKind == "SHOW_TABLES")
    }

    @Test func createTablePersistsInTheCatalogWithItsTopic() throws {
        try submit("ddl", "CREATE TABLE orders (id INT, item STRING, price DECIMAL(10, 2)) DISTRIBUTED INTO 3 BUCKETS")
        let s = try settle("ddl")
        #expect(s.phase == .completed, "\(s.detail)")
        #expect(s.traits == StatementTraits(sqlKind: "CREATE_TABLE", isBounded: true, isAppendOnly: true))
        #expect(try f.cp.catalog(environmentID: f.env).table("orders")?.columns.count == 3)
        #expect(try f.cp.topicStore(environmentID: f.env).topic("orders")?.partitionCount == 3)
        // A second CREATE fails with Flink's message and an exception entry.
        try submit("ddl2", "CREATE TABLE orders (id INT)")
        let failed = try settle("ddl2")
        #expect(failed.phase == .failed)
        #expect(failed.detail.contains("already exists"))
        let exceptions = try f.cp.statementExceptions(environmentID: f.env, name: "ddl2")
        #expect(exceptions.count == 1 && exceptions[0].message == failed.detail)
        // IF NOT EXISTS completes.
        try submit("ddl3", "CREATE TABLE IF NOT EXISTS orders (id INT)")
        #expect(try settle("ddl3").phase == .completed)
        // Views, SHOW, DESCRIBE, SHOW CREATE TABLE, INFORMATION_SCHEMA.
        try submit("v", "CREATE VIEW cheap AS SELECT id, item FROM orders WHERE price < 10")
        #expect(try settle("v").phase == .completed)
        try submit("show", "SHOW TABLES")
        #expect(try settle("show").phase == .completed)
        #expect(try rows("show") == [[.string("orders")]])
        try submit("views", "SHOW VIEWS")
        _ = try settle("views")
        #expect(try rows("views") == [[.string("cheap")]])
        try submit("desc", "DESCRIBE orders")
        #expect(try settle("desc").phase == .completed)
        let d = try rows("desc")
        #expect(d.first == [.string("id"), .string("INT"), .string("TRUE"), .null, .null, .null])
        #expect(d.count == 3)
        try submit("is", "SELECT TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES")
        let isq = try settle("is", leaving: [.pending, .running])
        #expect(isq.phase == .completed, "\(isq.detail)")
        #expect(try rows("is") == [[.string("orders"), .string("BASE TABLE")], [.string("cheap"), .string("VIEW")]])
        try submit("cols", "SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.`COLUMNS` WHERE TABLE_NAME = 'orders'")
        #expect(try settle("cols", leaving: [.pending, .running]).phase == .completed)
        #expect(try rows("cols").map { $0.first } == [.string("id"), .string("item"), .string("price")])
        // ALTER and DROP.
        try submit("alter", "ALTER TABLE orders SET ('scan.startup.mode' = 'latest-offset')")
        #expect(try settle("alter").phase == .completed)
        #expect(try f.cp.catalog(environmentID: f.env).table("orders")?.options["scan.startup.mode"] == "latest-offset")
        try submit("dropv", "DROP VIEW cheap")
        #expect(try settle("dropv").phase == .completed)
        try submit("drop", "DROP TABLE orders")
        #expect(try settle("drop").phase == .completed)
        #expect(try f.cp.catalog(environmentID: f.env).table("orders") == nil)
        #expect(try f.cp.topicStore(environmentID: f.env).topic("orders") == nil)
    }

    @Test func catalogSurvivesARestart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stmt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let cp = try ControlPlane.open(path: dir + "/db.sqlite")
            _ = try cp.createStatement(environmentID: cp.defaults.environmentID,
                                       CreateStatementRequest(name: "t", sql: "CREATE TABLE kept (a BIGINT)"))
            cp.awaitStatementQueue()
            cp.close()
        }
        let cp = try ControlPlane.open(path: dir + "/db.sqlite")
        #expect(try cp.catalog(environmentID: cp.defaults.environmentID).table("kept") != nil)
        #expect(try cp.statement(environmentID: cp.defaults.environmentID, name: "t").phase == .completed)
        cp.close()
    }

    @Test func snapshotSelectReadsWhatTheTableHoldsAndCompletes() throws {
        try submit("ddl", "CREATE TABLE t (id INT, name STRING, ok BOOLEAN)")
        _ = try settle("ddl")
        try produce("t", [#"{"id":1,"name":"a","ok":true}"#, #"{"id":2,"name":null,"ok":false}"#])
        try submit("q", "SELECT id, name, ok FROM t", properties: ["sql.snapshot.mode": "now"])
        let s = try settle("q", leaving: [.pending, .running])
        #expect(s.phase == .completed, "\(s.detail)")
        #expect(s.traits?.isBounded == true)
        #expect(s.traits?.sqlKind == "SELECT")
        #expect(s.traits?.schema?.map(\.name) == ["id", "name", "ok"])
        #expect(s.traits?.schema?.first?.type["type"] == .string("INTEGER"))
        let r = try rows("q")
        #expect(r == [[.string("1"), .string("a"), .string("TRUE")], [.string("2"), .null, .string("FALSE")]])
        // The last page of a finished result has no next token.
        let page = try f.cp.statementResults(environmentID: f.env, name: "q", pageToken: nil)
        #expect(page.nextPageToken == nil)
        #expect(apiError { _ = try f.cp.statementResults(environmentID: f.env, name: "q", pageToken: "x") }?.status == 400)
    }

    @Test func resultsArePagedByOffset() throws {
        try submit("ddl", "CREATE TABLE many (v INT) DISTRIBUTED INTO 1 BUCKETS")
        _ = try settle("ddl")
        try produce("many", (0..<2500).map { #"{"v":\#($0)}"# })
        try submit("q", "SELECT v FROM many", properties: ["sql.snapshot.mode": "now"])
        #expect(try settle("q", leaving: [.pending, .running]).phase == .completed)
        var sizes: [Int] = []
        var tokens: [String?] = []
        var token: String? = nil
        var values: [String] = []
        repeat {
            let page = try f.cp.statementResults(environmentID: f.env, name: "q", pageToken: token)
            sizes.append(page.rows.count)
            values += page.rows.compactMap { $0.row.arrayValue?.first?.stringValue }
            token = page.nextPageToken
            tokens.append(token)
        } while token != nil
        #expect(sizes == [1000, 1000, 500])
        #expect(tokens == ["1000", "2000", nil])
        #expect(values == (0..<2500).map(String.init))
        // Re-reading from an offset returns the same rows (a bounded result keeps them).
        #expect(try f.cp.statementResults(environmentID: f.env, name: "q", pageToken: "2499").rows.count == 1)
    }

    @Test func updatingQueryEmitsChangelogOps() throws {
        try submit("ddl", "CREATE TABLE c (k STRING)")
        _ = try settle("ddl")
        try produce("c", [#"{"k":"a"}"#, #"{"k":"a"}"#])
        try submit("agg", "SELECT k, COUNT(*) AS n FROM c GROUP BY k", properties: ["sql.snapshot.mode": "now"])
        let s = try settle("agg", leaving: [.pending, .running])
        #expect(s.phase == .completed, "\(s.detail)")
        #expect(s.traits?.isAppendOnly == false)
        let page = try f.cp.statementResults(environmentID: f.env, name: "agg", pageToken: "0")
        #expect(page.rows.map(\.op) == [0, 1, 2])
        #expect(page.rows.last?.row == .array([.string("a"), .string("2")]))
    }

    @Test func unboundedSelectRunsKeepsANextTokenAndStops() throws {
        try submit("ddl", "CREATE TABLE live (v INT)")
        _ = try settle("ddl")
        try produce("live", [#"{"v":7}"#])
        try submit("q", "SELECT v FROM live")
        let s = try settle("q")
        #expect(s.phase == .running, "\(s.detail)")
        #expect(s.traits?.isBounded == false)
        var got: [StatementResultPage.Row] = []
        var token: String? = nil
        for _ in 0..<200 where got.isEmpty {
            let page = try f.cp.statementResults(environmentID: f.env, name: "q", pageToken: token)
            #expect(page.nextPageToken != nil)
            got += page.rows
            token = page.nextPageToken
            usleep(10_000)
        }
        #expect(got.map(\.row) == [.array([.string("7")])])
        let stopped = try f.cp.patchStatement(environmentID: f.env, name: "q",
                                              [StatementPatchOperation(op: "REPLACE", path: "/spec/stopped", value: .bool(true))])
        #expect(stopped.phase == .stopped)
        #expect(stopped.stopped)
        #expect(stopped.latestOffsets["live"] == "partition:0,offset:1;partition:1,offset:0;partition:2,offset:0;partition:3,offset:0;partition:4,offset:0;partition:5,offset:0")
        #expect(try f.cp.statementResults(environmentID: f.env, name: "q", pageToken: token).nextPageToken == nil)
        // Resume runs it again.
        let resumed = try f.cp.patchStatement(environmentID: f.env, name: "q",
                                              [StatementPatchOperation(op: "replace", path: "/spec/stopped", value: .bool(false))])
        #expect(!resumed.stopped)
        #expect(try settle("q").phase == .running)
        try f.cp.deleteStatement(environmentID: f.env, name: "q")
        #expect(apiError { try f.cp.statement(environmentID: f.env, name: "q") }?.status == 404)
    }

    @Test func insertRunsAsAJobVisibleInTheJobsAPI() throws {
        try submit("src", "CREATE TABLE src (v INT)")
        try submit("dst", "CREATE TABLE dst (v INT)")
        _ = try settle("dst")
        try submit("ins", "INSERT INTO dst SELECT v FROM src")
        let s = try settle("ins")
        #expect(s.jobID != nil)
        let job = try f.cp.job(environmentID: f.env, idOrName: "ins")
        #expect(job.sql == "INSERT INTO dst SELECT v FROM src")
        #expect(s.phase == .running)   // the recording executor reports RUNNING
        #expect(s.traits?.sqlKind == "INSERT_INTO")
        #expect(s.traits?.schema == nil)
        let stopped = try f.cp.updateStatement(environmentID: f.env, name: "ins",
                                               UpdateStatementRequest(stopped: true, resourceVersion: String(s.resourceVersion)))
        #expect(stopped.phase == .stopped)
        #expect(stopped.latestOffsets["src"]?.hasPrefix("partition:0,offset:0;") == true)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "ins").status == .stopped)
        // A stale resource_version is 409.
        #expect(apiError { _ = try f.cp.updateStatement(environmentID: f.env, name: "ins",
                                                         UpdateStatementRequest(stopped: false, resourceVersion: String(s.resourceVersion))) }?.status == 409)
        let resumed = try f.cp.updateStatement(environmentID: f.env, name: "ins", UpdateStatementRequest(stopped: false))
        #expect(resumed.phase == .running)
        try f.cp.deleteStatement(environmentID: f.env, name: "ins")
        #expect(apiError { _ = try f.cp.job(environmentID: f.env, idOrName: "ins") }?.status == 404)
    }

    @Test func jobsCreatedThroughTheJobsAPIAreStatementsToo() throws {
        try submit("t", "CREATE TABLE t (v INT)")
        _ = try settle("t")
        let job = try f.create("from-jobs", sql: "CREATE TABLE s (v INT) WITH ('connector' = 'blackhole');\nINSERT INTO s SELECT v FROM t")
        let s = try f.cp.statement(environmentID: f.env, name: "from-jobs")
        #expect(s.jobID == job.id)
        #expect(s.phase == .running)
        #expect(s.traits?.sqlKind == "INSERT_INTO")
        #expect(s.traits?.isBounded == false)
        #expect(s.sql == job.sql)
        #expect(try f.cp.statements(environmentID: f.env).items.map(\.name).contains("from-jobs"))
        let stopped = try f.cp.patchStatement(environmentID: f.env, name: "from-jobs",
                                              [StatementPatchOperation(op: "replace", path: "/spec/stopped", value: .bool(true))])
        #expect(stopped.phase == .stopped)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "from-jobs").status == .stopped)
        try f.cp.deleteJob(environmentID: f.env, idOrName: "from-jobs")
        #expect(apiError { try f.cp.statement(environmentID: f.env, name: "from-jobs") }?.status == 404)
    }

    @Test func failuresDryRunAndSessionCatalog() throws {
        try submit("bad", "SELEC 1")
        let s = try settle("bad")
        #expect(s.phase == .failed)
        #expect(s.detail.contains("line 1"))
        try submit("missing", "SELECT * FROM nowhere")
        #expect(try settle("missing").detail.contains("nowhere"))
        let dry = try submit("dry", "SELECT 1 AS one", properties: ["sql.dry-run": "true"])
        #expect(dry.phase == .completed)
        #expect(dry.traits?.schema?.map(\.name) == ["one"])
        #expect(apiError { try f.cp.statement(environmentID: f.env, name: "dry") }?.status == 404)
        let dryBad = try submit("dry2", "SELECT * FROM nowhere", properties: ["sql.dry-run": "true"])
        #expect(dryBad.phase == .failed)
        try submit("cat", "SHOW TABLES", properties: ["sql.current-catalog": "other"])
        #expect(try settle("cat").phase == .failed)
        try submit("cat2", "SHOW TABLES", properties: ["sql.current-catalog": "default", "sql.current-database": "cluster_0"])
        #expect(try settle("cat2").phase == .completed)
        try submit("two", "SHOW TABLES; SHOW VIEWS")
        #expect(try settle("two").phase == .failed)
    }

    @Test func listPagesAndFilters() throws {
        for i in 0..<5 { try submit("s\(i)", "SHOW TABLES", labels: i % 2 == 0 ? ["user.confluent.io/even": "true"] : [:]) }
        let first = try f.cp.statements(environmentID: f.env, page: PageRequest(pageSize: 2))
        #expect(first.items.map(\.name) == ["s0", "s1"])
        #expect(first.totalSize == 5)
        let second = try f.cp.statements(environmentID: f.env, page: PageRequest(pageSize: 2, pageToken: first.nextPageToken))
        #expect(second.items.map(\.name) == ["s2", "s3"])
        let even = try f.cp.statements(environmentID: f.env, filter: StatementFilter(labelSelector: "user.confluent.io/even=true"))
        #expect(even.items.map(\.name) == ["s0", "s2", "s4"])
        let pool = try f.cp.statements(environmentID: f.env, filter: StatementFilter(computePoolID: "lfcp-other"))
        #expect(pool.items.isEmpty)
        // PATCH with a bad path is 422; a failing test op is 409.
        #expect(apiError { _ = try f.cp.patchStatement(environmentID: f.env, name: "s0", [StatementPatchOperation(op: "replace", path: "/spec/statement", value: .string("x"))]) }?.status == 422)
        #expect(apiError { _ = try f.cp.patchStatement(environmentID: f.env, name: "s0", [StatementPatchOperation(op: "test", path: "/spec/stopped", value: .bool(true))]) }?.status == 409)
        let labeled = try f.cp.patchStatement(environmentID: f.env, name: "s1", [StatementPatchOperation(op: "add", path: "/metadata/labels/team", value: .string("x"))])
        #expect(labeled.labels == ["team": "x"])
    }
}
