import Foundation
import Testing
import ControlPlane
import HTTP
import Model
@testable import API

/// CMF statements and compute pools: statements are FlinkCloud statements (DDL/SHOW run at once, SELECT
/// with results, INSERT as a job at the statement's parallelism).
@Suite struct CMFStatementTests {
    let c: CMFTestClient
    let envID: String

    init() throws {
        c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let pool = c.call(.createComputePool, ["env": "prod"], body: """
            {"apiVersion":"cmf.confluent.io/v1","kind":"ComputePool","metadata":{"name":"pool-one"},
             "spec":{"type":"DEDICATED","clusterSpec":{"flinkVersion":"v1_19","image":"confluentinc/cp-flink-sql:1.19-cp5",
               "flinkConfiguration":{"taskmanager.numberOfTaskSlots":"1"}}}}
            """)
        #expect(pool.status == 200, "\(pool.text)")
        envID = try c.cp.cmfEnvironment(name: "prod").environmentID
    }

    func statement(_ name: String, _ sql: String, parallelism: Int = 1, conf: String = "{}", stopped: Bool = false,
                   catalog: String = "prod") -> CMFTestClient.Reply {
        c.call(.createStatement, ["env": "prod"], body: """
            {"apiVersion":"cmf.confluent.io/v1","kind":"Statement","metadata":{"name":"\(name)"},
             "spec":{"statement":\(CMFTestClient.jsonString(sql)),"properties":{"sql.current-catalog":"\(catalog)"},
                     "flinkConfiguration":\(conf),"computePoolName":"pool-one","parallelism":\(parallelism),"stopped":\(stopped)}}
            """)
    }

    func settled(_ name: String, leaving: Set<String> = ["PENDING"]) -> CMFTestClient.Reply {
        c.wait(.getStatement, ["env": "prod", "stmt": name]) { r in
            guard let phase = r.json?["status"]?["phase"]?.stringValue else { return true }
            return !leaving.contains(phase)
        }
    }

    @Test func computePoolCRUDAndPaging() throws {
        let p = ["env": "prod", "pool": "pool-one"]
        let got = c.call(.getComputePool, p)
        #expect(got.status == 200)
        #expect(got.json?["kind"] == .string("ComputePool"))
        #expect(got.json?["status"]?["phase"] == .string("RUNNING"))
        #expect(got.json?["metadata"]?["creationTimestamp"]?.stringValue?.hasSuffix("Z") == true)
        let poolID = try #require(got.json?["metadata"]?["annotations"]?["flinkcloud.io/compute-pool-id"]?.stringValue)
        #expect(try c.cp.computePool(id: poolID).environmentID == envID)
        #expect(c.call(.createComputePool, ["env": "prod"], body: #"{"metadata":{"name":"pool-one"},"spec":{}}"#).status == 409)
        // The CLI posts files without apiVersion/kind as "".
        #expect(c.call(.createComputePool, ["env": "prod"], body: #"{"apiVersion":"","kind":"","metadata":{"name":"pool-two"},"spec":{"type":"SHARED"}}"#).status == 200)
        #expect(c.call(.listComputePools, ["env": "prod"], query: "page=0&size=1").items.count == 1)
        #expect(c.call(.listComputePools, ["env": "prod"], query: "page=1&size=1").items.count == 1)
        #expect(c.call(.listComputePools, ["env": "prod"], query: "page=2&size=1").items.isEmpty)
        let updated = c.call(.updateComputePool, ["env": "prod", "pool": "pool-two"], body: #"{"metadata":{"name":"pool-two"},"spec":{"type":"DEDICATED"}}"#)
        #expect(updated.json?["spec"]?["type"] == .string("DEDICATED"))
        #expect(c.call(.deleteComputePool, ["env": "prod", "pool": "pool-two"]).status == 204)
        #expect(c.call(.getComputePool, ["env": "prod", "pool": "pool-two"]).status == 404)
        #expect(c.call(.createComputePool, ["env": "prod"], body: #"{"metadata":{"name":"pool-bad"},"spec":{"type":"HUGE"}}"#).status == 400)
    }

    @Test func ddlAndShowCompleteWithResultsOnTheStatement() throws {
        let created = statement("ddl-one", "CREATE TABLE clicks (url STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3')")
        #expect(created.status == 200, "\(created.text)")
        #expect(created.json?["status"]?["phase"]?.stringValue != nil)
        #expect(created.json?["status"]?["traits"]?["sqlKind"] == .string("CREATE_TABLE"))
        let ddl = settled("ddl-one")
        #expect(ddl.json?["status"]?["phase"] == .string("COMPLETED"), "\(ddl.text)")
        #expect(try c.cp.catalog(environmentID: envID).table("clicks") != nil)
        #expect(statement("show-one", "SHOW TABLES").status == 200)
        let show = settled("show-one")
        #expect(show.json?["status"]?["phase"] == .string("COMPLETED"))
        #expect(show.json?["status"]?["traits"]?["sqlKind"] == .string("SHOW_TABLES"))
        #expect(show.json?["result"]?["results"]?["data"]?.arrayValue?.first?["row"] == .array([.string("clicks")]), "\(show.text)")
        #expect(show.json?["status"]?["traits"]?["schema"]?["columns"]?.arrayValue?.count == 1)
        // Visible through the Statements API too.
        #expect(try c.cp.statement(environmentID: envID, name: "show-one").phase == .completed)
        #expect(statement("ddl-one", "SHOW TABLES").status == 409)
        // A CMF Kafka catalog stands for the environment's catalog; an unknown catalog fails as in Flink.
        #expect(c.call(.createKafkaCatalog, body: #"{"metadata":{"name":"kafka-cat"},"spec":{}}"#).status == 200)
        #expect(statement("show-two", "SHOW TABLES", catalog: "kafka-cat").status == 200)
        #expect(settled("show-two").json?["status"]?["phase"] == .string("COMPLETED"))
        #expect(statement("show-three", "SHOW TABLES", catalog: "elsewhere").status == 200)
        #expect(settled("show-three").json?["status"]?["detail"]?.stringValue?.contains("Catalog 'elsewhere' does not exist") == true)
        #expect(c.call(.getStatementResults, ["env": "prod", "stmt": "ddl-one"]).status == 400)
    }

    @Test func selectResultsPageWithNextPageToken() throws {
        #expect(statement("ddl-one", "CREATE TABLE clicks (url STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '3')").status == 200)
        _ = settled("ddl-one")
        #expect(statement("select-one", "SELECT url FROM clicks").status == 200)
        let done = settled("select-one", leaving: ["PENDING", "RUNNING"])
        #expect(done.json?["status"]?["phase"] == .string("COMPLETED"), "\(done.text)")
        #expect(done.json?["status"]?["traits"]?["schema"]?["columns"]?.arrayValue?.first?["name"] == .string("url"))
        var rows: [JSONValue] = []
        var token = ""
        for _ in 0..<10 {
            let page = c.call(.getStatementResults, ["env": "prod", "stmt": "select-one"], query: "page-token=\(token)")
            #expect(page.status == 200, "\(page.text)")
            #expect(page.json?["kind"] == .string("StatementResult"))
            rows += page.json?["results"]?["data"]?.arrayValue ?? []
            token = page.json?["metadata"]?["annotations"]?["nextPageToken"]?.stringValue ?? ""
            if token.isEmpty { break }
        }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["op"] == .int(0) && $0["row"]?.arrayValue?.first?.stringValue != nil })
    }

    @Test func insertRunsAsAJobAtItsParallelismAndStopsResumesRescalesByPut() throws {
        #expect(statement("ddl-src", "CREATE TABLE src (url STRING) WITH ('connector' = 'datagen')").status == 200)
        #expect(statement("ddl-sink", "CREATE TABLE sink (url STRING) WITH ('connector' = 'blackhole')").status == 200)
        _ = settled("ddl-src"); _ = settled("ddl-sink")
        let created = statement("insert-one", "INSERT INTO sink SELECT url FROM src", parallelism: 3,
                                conf: #"{"execution.checkpointing.interval":"20s","execution.checkpointing.mode":"AT_LEAST_ONCE"}"#)
        #expect(created.status == 200, "\(created.text)")
        let p = ["env": "prod", "stmt": "insert-one"]
        let withJob = c.wait(.getStatement, p) { $0.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"] != nil }
        let jobID = try #require(withJob.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue, "\(withJob.text)")
        var job = try c.cp.job(environmentID: envID, idOrName: jobID)
        #expect(job.parallelism == 3)
        #expect(job.config.checkpointIntervalMillis == 20_000)
        #expect(job.config.checkpointMode == .atLeastOnce)
        #expect(withJob.json?["status"]?["phase"] == .string("PENDING"))
        #expect(withJob.json?["status"]?["traits"]?["sqlKind"] == .string("INSERT_INTO"))

        // The CLI's list (human output reads status.phase of every item), with filters and paging.
        let list = c.call(.listStatements, ["env": "prod"], query: "compute-pool=pool-one&phase=pending&page=0&size=100")
        #expect(list.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["insert-one"])
        #expect(c.call(.listStatements, ["env": "prod"], query: "page=0&size=100").items.allSatisfy { $0["status"]?["phase"] != nil })
        #expect(c.call(.listStatements, ["env": "prod"], query: "page=1&size=100").items.isEmpty)
        #expect(c.call(.listStatements, ["env": "prod"], query: "compute-pool=other").items.isEmpty)
        #expect(c.call(.listStatements, ["env": "prod"], query: "phase=bogus").status == 400)

        // stop / resume / rescale: GET, then PUT the document back with one change (as the CLI does).
        func put(stopped: Bool, parallelism: Int) -> CMFTestClient.Reply {
            c.call(.updateStatement, p, body: """
                {"apiVersion":"cmf.confluent.io/v1","kind":"Statement","metadata":{"name":"insert-one"},
                 "spec":{"statement":"INSERT INTO sink SELECT url FROM src","computePoolName":"pool-one",
                         "parallelism":\(parallelism),"stopped":\(stopped)}}
                """)
        }
        let stop = put(stopped: true, parallelism: 3)
        #expect(stop.status == 200, "\(stop.text)")
        #expect(c.call(.getStatement, p).json?["status"]?["phase"] == .string("STOPPED"))
        #expect(c.call(.getStatement, p).json?["spec"]?["stopped"] == .bool(true))
        #expect(put(stopped: false, parallelism: 3).status == 200)
        #expect(c.call(.getStatement, p).json?["status"]?["phase"] == .string("PENDING"))
        #expect(put(stopped: false, parallelism: 5).status == 200)
        job = try c.cp.job(environmentID: envID, idOrName: jobID)
        #expect(job.parallelism == 5)
        #expect(job.currentVersion == 2)
        #expect(c.call(.getStatement, p).json?["spec"]?["parallelism"] == .int(5))
        let changeSQL = c.call(.updateStatement, p, body: #"{"metadata":{"name":"insert-one"},"spec":{"statement":"SELECT 1","computePoolName":"pool-one"}}"#)
        #expect(changeSQL.status == 422)

        // The pool cannot go while the statement uses it; delete cascades to the job.
        #expect(c.call(.deleteComputePool, ["env": "prod", "pool": "pool-one"]).status == 409)
        #expect(c.call(.deleteStatement, p).status == 204)
        #expect(c.call(.getStatement, p).status == 404)
        #expect(throws: APIError.self) { try c.cp.job(environmentID: envID, idOrName: jobID) }
        #expect(throws: APIError.self) { try c.cp.statement(environmentID: envID, name: "insert-one") }
    }

    @Test func failedStatementsReportExceptions() throws {
        let created = statement("bad-one", "SELECT nope FROM missing_table")
        #expect(created.status == 200, "\(created.text)")
        let failed = settled("bad-one")
        #expect(failed.json?["status"]?["phase"] == .string("FAILED"))
        let detail = try #require(failed.json?["status"]?["detail"]?.stringValue)
        #expect(!detail.isEmpty)
        let exceptions = c.call(.getStatementExceptions, ["env": "prod", "stmt": "bad-one"])
        #expect(exceptions.status == 200)
        #expect(exceptions.json?["kind"] == .string("StatementExceptionList"))
        let data = try #require(exceptions.json?["data"]?.arrayValue)
        #expect(!data.isEmpty && data.count <= 10)
        #expect(data.first?["message"] == .string(detail))
        #expect(c.call(.getStatementExceptions, ["env": "prod", "stmt": "nope"]).status == 404)
    }

    @Test func statementValidation() throws {
        #expect(c.call(.createStatement, ["env": "prod"], body: #"{"metadata":{"name":"no-pool"},"spec":{"statement":"SHOW TABLES"}}"#).status == 400)
        #expect(c.call(.createStatement, ["env": "prod"], body: #"{"metadata":{"name":"no-sql"},"spec":{"computePoolName":"pool-one"}}"#).status == 400)
        let missingPool = c.call(.createStatement, ["env": "prod"], body: #"{"metadata":{"name":"bad-pool"},"spec":{"statement":"SHOW TABLES","computePoolName":"nope-pool"}}"#)
        #expect(missingPool.status == 404)
        #expect(missingPool.message == "ComputePool 'nope-pool' not found.")
        #expect(statement("too-wide", "SHOW TABLES", parallelism: 500).status == 400)
        #expect(c.call(.getStatement, ["env": "nope", "stmt": "x"]).status == 404)
        // A generated name when none is given.
        let unnamed = c.call(.createStatement, ["env": "prod"], body: #"{"spec":{"statement":"SHOW TABLES","computePoolName":"pool-one"}}"#)
        #expect(unnamed.status == 200)
        #expect(unnamed.json?["metadata"]?["name"]?.stringValue?.hasPrefix("stmt-") == true)
    }
}
