import ControlPlane
import Model
import Testing
import TestSupport

/// The planner validates job SQL by default: create/update/rollback refuse invalid SQL with line and
/// column; the validate call reports statements, schema and graph.
@Suite struct SQLValidationTests {
    static let job1 = SeedJob.job1

    @Test func parseErrorIsRefusedWithLineAndColumn() throws {
        let f = try Fixture()
        let error = apiError { try f.create("bad", sql: "SELECT a\nFROM t\nGROUP a;") }
        #expect(error?.status == 400)
        #expect(error?.code == "sql_parse_error")
        #expect(error?.source == .pointer("/sql"))
        #expect(error?.line == 3 && error?.column == 7)
        #expect(error?.detail.hasPrefix("SQL parse failed. Encountered") == true, "\(error?.detail ?? "")")
        #expect(try f.cp.jobs(environmentID: f.env).totalSize == 0)
    }

    @Test func validationErrorNamesThePosition() throws {
        let f = try Fixture()
        let sql = "CREATE TABLE t (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO t SELECT nope FROM (VALUES (1)) AS v(a);"
        let error = apiError { try f.create("bad", sql: sql) }
        #expect(error?.code == "sql_validation_error")
        #expect(error?.line == 2 && error?.column == 22, "\(String(describing: error))")
        #expect(error?.detail.contains("nope") == true)
    }

    @Test func invalidUpdateAndRollbackLeaveTheRunningVersionAlone() throws {
        let f = try Fixture(autoRun: true)
        let job = try f.create("keep", sql: "SELECT 1")
        #expect(try f.cp.job(environmentID: f.env, idOrName: job.id).status == .running)
        let error = apiError { _ = try f.cp.updateJob(environmentID: f.env, idOrName: job.id, UpdateJobRequest(sql: "SELEC 2")) }
        #expect(error?.code == "sql_parse_error")
        let after = try f.cp.job(environmentID: f.env, idOrName: job.id)
        #expect(after.currentVersion == 1 && after.sql == "SELECT 1" && after.status == .running)
        #expect(f.executor.recorded == ["start keep v1 p1"])
    }

    @Test func validateReportsStatementsSchemaAndGraph() throws {
        let f = try Fixture()
        let report = try f.cp.validateJob(environmentID: f.env, ValidateJobRequest(sql: Self.job1, parallelism: 2))
        #expect(report.valid)
        #expect(report.statements.map(\.kind) == ["CREATE_TABLE", "CREATE_TABLE", "INSERT"])
        #expect(report.statements.map(\.line) == [1, 10, 18])
        #expect(report.schema.map(\.name) == ["market_slug", "window_start", "mention_count", "keyword_score", "source_weighted_signal"])
        #expect(report.schema.map(\.type) == ["STRING", "TIMESTAMP(3)", "BIGINT", "DOUBLE", "DOUBLE"])
        #expect(report.changelogMode == "append")
        let graph = try #require(report.graph)
        #expect(graph.nodes.allSatisfy { $0.parallelism == 2 })
        #expect(graph.edges.contains { $0.shipStrategy.hasPrefix("HASH") })
        #expect(try f.cp.jobs(environmentID: f.env).totalSize == 0)
    }

    @Test func validateReportsSQLErrorsAndRefusesBadRequests() throws {
        let f = try Fixture()
        let report = try f.cp.validateJob(environmentID: f.env, ValidateJobRequest(sql: "SELECT 1 FROM", parallelism: 1))
        #expect(!report.valid)
        #expect(report.errors.first?.code == "sql_parse_error")
        #expect(report.errors.first?.line == 1)
        #expect(apiError { _ = try f.cp.validateJob(environmentID: f.env, ValidateJobRequest(sql: nil)) }?.source == .pointer("/sql"))
        #expect(apiError { _ = try f.cp.validateJob(environmentID: f.env, ValidateJobRequest(sql: "SELECT 1", parallelism: 11)) }?.code
                == "parallelism_exceeds_cfu")
        #expect(apiError { _ = try f.cp.validateJob(environmentID: "env-nope", ValidateJobRequest(sql: "SELECT 1")) }?.status == 404)
    }
}
