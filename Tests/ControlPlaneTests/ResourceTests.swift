import ControlPlane
import Model
import Testing

@Suite struct ResourceTests {
    @Test func bootstrapIsDeterministicUnderASeedAndHappensOnce() throws {
        let a = try ControlPlane.inMemory(seed: 99, clock: ManualClock())
        let b = try ControlPlane.inMemory(seed: 99, clock: ManualClock())
        #expect(a.defaults == b.defaults)
        #expect(try a.organizations().map(\.id) == [a.defaults.organizationID])
        #expect(a.defaults.organizationID.count == 36)
        let c = try ControlPlane.inMemory(seed: 100, clock: ManualClock())
        #expect(c.defaults != a.defaults)
        // A second control plane on the same store reuses the defaults.
        let again = try ControlPlane(store: a.store, clock: ManualClock(), ids: IDGenerator(seed: 5))
        #expect(again.defaults == a.defaults)
        #expect(try again.environments().totalSize == 1)
        #expect(try a.kafkaClusters(environmentID: a.defaults.environmentID).map(\.id) == [a.defaults.kafkaClusterID])
    }

    @Test func environmentLifecycle() throws {
        let f = try Fixture()
        let env = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "staging", governancePackage: "advanced"))
        #expect(env.id.hasPrefix("env-"))
        #expect(env.governancePackage == "ADVANCED")
        #expect(try f.cp.kafkaClusters(environmentID: env.id).count == 1)
        #expect(try f.cp.environments().items.map(\.displayName) == ["default", "staging"])
        let renamed = try f.cp.updateEnvironment(id: env.id, UpdateEnvironmentRequest(displayName: "prod"))
        #expect(renamed.displayName == "prod")
        #expect(renamed.resourceVersion == 2)
        #expect(apiError { _ = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: " ")) }?.source
                == .pointer("/display_name"))
        #expect(apiError { _ = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "x", governancePackage: "GOLD")) }?
            .status == 400)
    }

    @Test func deletingEnvironmentStopsAndRemovesEverythingInIt() throws {
        let f = try Fixture(autoRun: true)
        let env = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "temp"))
        let pool = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: env.id, displayName: "p", maxCFU: 4))
        let job = try f.cp.createJob(environmentID: env.id, CreateJobRequest(name: "j", sql: "SELECT 1", parallelism: 2))
        #expect(job.computePoolID == pool.id) // the environment's only pool is its default
        try f.cp.deleteEnvironment(id: env.id)
        #expect(f.executor.recorded.last == "stop j")
        #expect(apiError { _ = try f.cp.environment(id: env.id) }?.status == 404)
        #expect(apiError { _ = try f.cp.computePool(id: pool.id) }?.status == 404)
        #expect(apiError { _ = try f.cp.deleteEnvironment(id: env.id) }?.status == 404)
        #expect(try f.cp.environments().totalSize == 1)
    }

    @Test func computePoolLifecycleAndValidation() throws {
        let f = try Fixture()
        let created = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: f.env, displayName: "mvp-pool", maxCFU: 2))
        #expect(created.phase == .provisioning)
        #expect(created.id.hasPrefix("lfcp-"))
        let read = try f.cp.computePool(id: created.id, environmentID: f.env)
        #expect(read.phase == .provisioned)
        #expect(read.currentCFU == 0)
        #expect(read.cloud == "AWS")
        #expect(apiError { _ = try f.cp.computePool(id: created.id, environmentID: "env-other") }?.status == 404)
        for bad in [0, 51, -1] {
            let error = apiError { _ = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: f.env, displayName: "p", maxCFU: bad)) }
            #expect(error?.status == 400)
            #expect(error?.source == .pointer("/spec/max_cfu"))
        }
        #expect(apiError { _ = try f.cp.updateComputePool(id: created.id, UpdateComputePoolRequest(maxCFU: 51)) }?.status == 400)
        #expect(apiError { _ = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: f.env, displayName: "_x")) }?.status == 400)
        #expect(apiError { _ = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: nil, displayName: "x")) }?.status == 400)
        #expect(apiError { _ = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: "env-x", displayName: "x")) }?.status == 404)
        let updated = try f.cp.updateComputePool(id: created.id, UpdateComputePoolRequest(displayName: "renamed", maxCFU: 50))
        #expect(updated.displayName == "renamed")
        #expect(updated.maxCFU == 50)
        let list = try f.cp.computePools(environmentID: f.env)
        #expect(list.items.map(\.id) == [f.pool, created.id])
        #expect(apiError { _ = try f.cp.computePools(environmentID: "env-x") }?.status == 404)
    }

    @Test func deletingPoolIsRefusedWhileJobsAreActive() throws {
        let f = try Fixture()
        let pool = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: f.env, displayName: "p", maxCFU: 2))
        try f.create("j", pool: pool.id)
        let error = apiError { try f.cp.deleteComputePool(id: pool.id) }
        #expect(error?.status == 409)
        #expect(error?.code == "compute_pool_in_use")
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "j")
        try f.cp.deleteComputePool(id: pool.id)
        #expect(apiError { _ = try f.cp.job(environmentID: f.env, idOrName: "j") }?.status == 404)
    }

    @Test func defaultPoolFlagDecidesWhereJobsGo() throws {
        let f = try Fixture()
        let fresh = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: f.env, displayName: "new-default", isDefault: true))
        #expect(try f.create("x").computePoolID == fresh.id)
        #expect(try f.cp.computePool(id: f.pool).isDefault == false)
    }

    @Test func environmentWithoutPoolRefusesJobsWithoutPool() throws {
        let f = try Fixture()
        let env = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "empty"))
        let error = apiError { _ = try f.cp.createJob(environmentID: env.id, CreateJobRequest(name: "j", sql: "SELECT 1")) }
        #expect(error?.code == "compute_pool_required")
    }

    @Test func regionsFilter() throws {
        let f = try Fixture()
        #expect(f.cp.regions().count > 3)
        #expect(f.cp.regions(cloud: "aws", regionName: "us-east-1").map(\.id) == ["aws.us-east-1"])
        #expect(f.cp.regions(cloud: "GCP").allSatisfy { $0.cloud == "GCP" })
    }

    @Test func jobListFiltersAndPages() throws {
        let f = try Fixture()
        for i in 0..<25 { try f.create("job-\(i)", labels: i % 2 == 0 ? ["team": "even"] : ["team": "odd", "x": "1"]) }
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "job-3")
        var names: [String] = []
        var token: String?
        repeat {
            let page = try f.cp.jobs(environmentID: f.env, page: PageRequest(pageSize: 10, pageToken: token))
            #expect(page.totalSize == 25)
            names += page.items.map(\.name)
            token = page.nextPageToken
        } while token != nil
        #expect(names == (0..<25).map { "job-\($0)" })
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(label: "team=even")).totalSize == 13)
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(label: "x")).totalSize == 12)
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(status: .stopped, label: "team=odd")).items.map(\.name) == ["job-3"])
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(status: .running)).totalSize == 0)
        let error = apiError { _ = try f.cp.jobs(environmentID: f.env, page: PageRequest(pageToken: "garbage")) }
        #expect(error?.status == 400)
        #expect(error?.source == .parameter("page_token"))
        // Labels replaced by an update are searchable by their new values only.
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "job-0", UpdateJobRequest(labels: ["team": "moved"]))
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(label: "team=moved")).items.map(\.name) == ["job-0"])
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(label: "team=even")).totalSize == 12)
    }

    /// Cached reads never hide a committed write (including executor reports and pool changes).
    @Test func cachedReadsReflectEveryCommittedWrite() throws {
        let f = try Fixture()
        for i in 1...5 {
            try f.create("c\(i)", parallelism: 1)
            #expect(try f.cp.jobs(environmentID: f.env).totalSize == i)
            #expect(try f.cp.computePool(id: f.pool).currentCFU == i)
        }
        let job = try f.cp.job(environmentID: f.env, idOrName: "c1")
        _ = try f.cp.reportJobStatus(jobID: job.id, status: .running)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "c1").status == .running)
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(status: .running)).items.map(\.name) == ["c1"])
        _ = try f.cp.updateComputePool(id: f.pool, UpdateComputePoolRequest(displayName: "renamed"))
        #expect(try f.cp.computePools(environmentID: f.env).items[0].displayName == "renamed")
        _ = try f.cp.updateEnvironment(id: f.env, UpdateEnvironmentRequest(displayName: "env2"))
        #expect(try f.cp.environments().items[0].displayName == "env2")
        try f.cp.deleteJob(environmentID: f.env, idOrName: "c1")
        #expect(apiError { _ = try f.cp.job(environmentID: f.env, idOrName: "c1") }?.status == 404)
        // A failed write changes nothing and serves the same results.
        #expect(apiError { try f.create("c2") }?.status == 409)
        #expect(try f.cp.jobs(environmentID: f.env).totalSize == 4)
    }

    @Test func jobLookupByIdOrName() throws {
        let f = try Fixture()
        let job = try f.create("lookup")
        #expect(try f.cp.job(environmentID: f.env, idOrName: job.id) == job)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "lookup") == job)
        let other = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "o"))
        #expect(apiError { _ = try f.cp.job(environmentID: other.id, idOrName: job.id) }?.status == 404)
    }

    @Test func apiKeysCreateVerifyListDelete() throws {
        let f = try Fixture()
        let key = try f.cp.createApiKey(CreateApiKeyRequest(owner: "sa-ci", description: "ci"))
        let secret = try #require(key.secret)
        #expect(key.id.count == 16)
        #expect(secret.count == 64)
        #expect(f.cp.verifyApiKey(id: key.id, secret: secret) == Principal(apiKeyID: key.id, owner: "sa-ci"))
        #expect(f.cp.verifyApiKey(id: key.id, secret: secret) != nil) // cached path
        #expect(f.cp.verifyApiKey(id: key.id, secret: secret + "x") == nil)
        #expect(f.cp.verifyApiKey(id: "NOPE", secret: secret) == nil)
        let listed = try f.cp.apiKeys()
        #expect(listed.items.map(\.id) == [key.id])
        #expect(listed.items[0].secret == nil)
        try f.cp.deleteApiKey(id: key.id)
        #expect(f.cp.verifyApiKey(id: key.id, secret: secret) == nil)
        #expect(apiError { try f.cp.deleteApiKey(id: key.id) }?.status == 404)
    }

    @Test func ensureApiKeyRegistersAndRotatesTheAdminKey() throws {
        let f = try Fixture()
        try f.cp.ensureApiKey(id: "ADMIN", secret: "one")
        #expect(f.cp.verifyApiKey(id: "ADMIN", secret: "one") != nil)
        try f.cp.ensureApiKey(id: "ADMIN", secret: "one")
        try f.cp.ensureApiKey(id: "ADMIN", secret: "two")
        #expect(f.cp.verifyApiKey(id: "ADMIN", secret: "one") == nil)
        #expect(f.cp.verifyApiKey(id: "ADMIN", secret: "two")?.owner == "u-admin")
        #expect(try f.cp.apiKeys().totalSize == 1)
    }

    @Test func jobLogsAreKeptPerJob() throws {
        let f = try Fixture()
        let job = try f.create("logged")
        try f.cp.appendJobLog(jobID: job.id, message: "started")
        try f.cp.appendJobLog(jobID: job.id, level: "WARN", message: "slow")
        let logs = try f.cp.jobLogs(environmentID: f.env, idOrName: "logged")
        #expect(logs.suffix(2).map(\.message) == ["started", "slow"])
        #expect(try f.cp.jobLogs(environmentID: f.env, idOrName: "logged", after: logs[logs.count - 2].sequence).map(\.level)
                == ["WARN"])
        try f.cp.appendJobLog(jobID: "job-gone", message: "ignored")
    }

    @Test func lifecycleIsLogged() throws {
        let f = try Fixture(autoRun: true)
        try f.create("hog", parallelism: 9)
        try f.create("life", parallelism: 2)
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "life", UpdateJobRequest(sql: "SELECT 2"))
        _ = try f.cp.rollbackJob(environmentID: f.env, idOrName: "life", toVersion: 1)
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "hog")
        let messages = try f.cp.jobLogs(environmentID: f.env, idOrName: "life").map { "\($0.level) \($0.message)" }
        #expect(messages == [
            "INFO Job created (version 1): parallelism 2, checkpoint_interval 300000 ms, EXACTLY_ONCE, compute pool \(f.pool).",
            "WARN Waiting for CFUs (POOL_EXHAUSTED): needs 2, compute pool \(f.pool) has 1 of 10 free.",
            "INFO Version 2 created (replaces version 1). State: CARRIED_OVER — No stateful operators: source offsets carry over.",
            "INFO Rolled back to version 1 as version 3. State: CARRIED_OVER — No stateful operators: source offsets carry over.",
            "INFO Admitted to compute pool \(f.pool) with 2 CFU(s).",
            "INFO Status RUNNING.",
        ])
    }
}
