import ControlPlane
import Model
import Testing

@Suite struct JobValidationTests {
    @Test(arguments: ["a", "job-1", "marketlag-job-1", "0", String(repeating: "a", count: 100)])
    func acceptsValidNames(_ name: String) throws {
        let f = try Fixture()
        #expect(try f.create(name).name == name)
    }

    @Test(arguments: ["", "-a", "a-", "Job", "a_b", "a.b", "é", "a b", String(repeating: "a", count: 101)])
    func rejectsInvalidNames(_ name: String) throws {
        let f = try Fixture()
        let error = apiError { try f.create(name) }
        #expect(error?.status == 400)
        #expect(error?.source == .pointer("/name"))
    }

    @Test func missingNameIs400() throws {
        let f = try Fixture()
        let error = apiError { _ = try f.cp.createJob(environmentID: f.env, CreateJobRequest(name: nil, sql: "SELECT 1")) }
        #expect(error?.status == 400)
        #expect(error?.code == "missing_field")
    }

    @Test func duplicateNameInSameEnvironmentIs409() throws {
        let f = try Fixture()
        try f.create("dup")
        let error = apiError { try f.create("dup") }
        #expect(error?.status == 409)
        #expect(error?.code == "resource_already_exists")
        // Another environment may reuse the name.
        let other = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "other"))
        let pool = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: other.id, displayName: "p", maxCFU: 2))
        _ = try f.cp.createJob(environmentID: other.id, CreateJobRequest(name: "dup", sql: "SELECT 1", computePoolID: pool.id))
    }

    @Test func parallelismAboveMaxCFUIs400NamingBothNumbersAndPool() throws {
        let f = try Fixture()
        let error = apiError { try f.create("big", parallelism: 11) }
        #expect(error?.status == 400)
        #expect(error?.code == "parallelism_exceeds_cfu")
        #expect(error?.source == .pointer("/parallelism"))
        #expect(error?.detail.contains("11") == true)
        #expect(error?.detail.contains("10") == true)
        #expect(error?.detail.contains(f.pool) == true)
    }

    @Test func parallelismBelowOneIs400() throws {
        let f = try Fixture()
        #expect(apiError { try f.create("zero", parallelism: 0) }?.source == .pointer("/parallelism"))
    }

    @Test func checkpointIntervalBelow1000Is400WithPointer() throws {
        let f = try Fixture()
        let error = apiError {
            _ = try f.cp.createJob(environmentID: f.env, CreateJobRequest(name: "j", sql: "SELECT 1", checkpointInterval: 999))
        }
        #expect(error?.status == 400)
        #expect(error?.source == .pointer("/checkpoint_interval"))
        _ = try f.cp.createJob(environmentID: f.env, CreateJobRequest(name: "j", sql: "SELECT 1", checkpointInterval: 1000))
    }

    @Test func unknownCheckpointModeIs400WithPointer() throws {
        let f = try Fixture()
        let error = apiError {
            _ = try f.cp.createJob(environmentID: f.env, CreateJobRequest(name: "j", sql: "SELECT 1", checkpointMode: "exactly_once"))
        }
        #expect(error?.status == 400)
        #expect(error?.code == "invalid_checkpoint_mode")
        #expect(error?.source == .pointer("/checkpoint_mode"))
        let job = try f.cp.createJob(environmentID: f.env, CreateJobRequest(name: "j", sql: "SELECT 1", checkpointMode: "AT_LEAST_ONCE"))
        #expect(job.config.checkpointMode == .atLeastOnce)
    }

    @Test func defaultsAreWrittenExplicitlyIntoVersionOne() throws {
        let f = try Fixture()
        let job = try f.create("defaults")
        let v1 = try f.cp.jobVersion(environmentID: f.env, idOrName: job.id, number: 1)
        #expect(v1.config == JobConfig(parallelism: 1, checkpointIntervalMillis: 300_000, checkpointMode: .exactlyOnce,
                                       computePoolID: f.pool, labels: [:]))
        #expect(v1.createdBy == "KEY1")
        #expect(v1.state == .active)
    }

    @Test func emptyOrOversizedSQLIs400() throws {
        let f = try Fixture()
        #expect(apiError { try f.create("e", sql: "") }?.source == .pointer("/sql"))
        #expect(apiError { try f.create("e", sql: "  \n\t") }?.status == 400)
        let big = String(repeating: "x", count: 128 * 1024 + 1)
        #expect(apiError { try f.create("e", sql: big) }?.code == "sql_too_large")
        let largest = "SELECT 1\n-- " + String(repeating: "x", count: 128 * 1024 - 12)
        #expect(largest.utf8.count == 128 * 1024)
        try f.create("e", sql: largest)
    }

    @Test func unknownIdsAre404() throws {
        let f = try Fixture()
        #expect(apiError { try f.create("p", pool: "lfcp-nope") }?.status == 404)
        #expect(apiError { _ = try f.cp.job(environmentID: f.env, idOrName: "job-nope") }?.status == 404)
        #expect(apiError { _ = try f.cp.job(environmentID: "env-nope", idOrName: "x") }?.status == 404)
        #expect(apiError { _ = try f.cp.createJob(environmentID: "env-nope", CreateJobRequest(name: "a", sql: "SELECT 1")) }?.status == 404)
        #expect(apiError { _ = try f.cp.environment(id: "env-nope") }?.status == 404)
        #expect(apiError { _ = try f.cp.computePool(id: "lfcp-nope") }?.status == 404)
        let job = try f.create("v")
        #expect(apiError { _ = try f.cp.jobVersion(environmentID: f.env, idOrName: job.id, number: 9) }?.status == 404)
    }

    @Test func poolOfAnotherEnvironmentIs404() throws {
        let f = try Fixture()
        let other = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "other"))
        let pool = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: other.id, displayName: "p"))
        let error = apiError { try f.create("x", pool: pool.id) }
        #expect(error?.status == 404)
        #expect(error?.source == .pointer("/compute_pool_id"))
    }

    @Test func sqlValidatorRunsBeforeAnythingIsStored() throws {
        struct RejectDrop: SQLValidating {
            func validate(sql: String, environmentID: String, config: JobConfig) throws(APIError) {
                if sql.contains("DROP") {
                    throw APIError.badRequest("line 1, column 1: DROP is not allowed", code: "invalid_sql", pointer: "/sql")
                }
            }
        }
        let f = try Fixture()
        f.cp.setValidator(RejectDrop())
        #expect(apiError { try f.create("bad", sql: "DROP TABLE x") }?.code == "invalid_sql")
        #expect(try f.cp.jobs(environmentID: f.env).totalSize == 0)
        let job = try f.create("good")
        #expect(apiError { _ = try f.cp.updateJob(environmentID: f.env, idOrName: job.id, UpdateJobRequest(sql: "DROP x")) }?.code
                == "invalid_sql")
        #expect(try f.cp.jobVersions(environmentID: f.env, idOrName: job.id).totalSize == 1)
    }

    @Test func labelsAreValidated() throws {
        let f = try Fixture()
        #expect(apiError { try f.create("l", labels: ["": "x"]) }?.source == .pointer("/labels"))
        #expect(try f.create("l", labels: ["team": "data"]).labels == ["team": "data"])
    }
}
