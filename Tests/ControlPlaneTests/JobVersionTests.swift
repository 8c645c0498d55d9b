import ControlPlane
import Model
import Testing

@Suite struct JobVersionTests {
    @Test func updateAppendsVersionAndSupersedesPrevious() throws {
        let f = try Fixture()
        let job = try f.create("v", sql: "SELECT 1", parallelism: 2)
        f.clock.advance(byMillis: 1000)
        let updated = try f.cp.updateJob(environmentID: f.env, idOrName: "v", UpdateJobRequest(sql: "SELECT 2"),
                                         by: Principal(apiKeyID: "KEY2", owner: "u-2"))
        #expect(updated.currentVersion == 2)
        #expect(updated.sql == "SELECT 2")
        #expect(updated.parallelism == 2) // unchanged config carried over
        #expect(updated.resourceVersion == job.resourceVersion + 1)
        #expect(updated.updatedAt == job.createdAt + 1000)
        let versions = try f.cp.jobVersions(environmentID: f.env, idOrName: job.id).items
        #expect(versions.map(\.number) == [1, 2])
        #expect(versions[0].state == .superseded)
        #expect(versions[0].endReason == "superseded by version 2")
        #expect(versions[0].endedAt == job.createdAt + 1000)
        #expect(versions[1].state == .active)
        #expect(versions[1].createdBy == "KEY2")
    }

    @Test func updateWithoutChangeAddsNoVersion() throws {
        let f = try Fixture()
        let job = try f.create("same", sql: "SELECT 1")
        let same = try f.cp.updateJob(environmentID: f.env, idOrName: "same", UpdateJobRequest(sql: "SELECT 1", parallelism: 1))
        #expect(same == job)
    }

    @Test func configOnlyUpdateMakesVersion() throws {
        let f = try Fixture()
        try f.create("cfg")
        let job = try f.cp.updateJob(environmentID: f.env, idOrName: "cfg",
                                     UpdateJobRequest(checkpointInterval: 60_000, checkpointMode: "AT_LEAST_ONCE"))
        #expect(job.currentVersion == 2)
        #expect(job.config.checkpointIntervalMillis == 60_000)
        #expect(job.config.checkpointMode == .atLeastOnce)
    }

    @Test func rollbackAppendsCopyOfTargetSpec() throws {
        let f = try Fixture()
        try f.create("rb", sql: "SELECT 1", parallelism: 1)
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "rb", UpdateJobRequest(sql: "SELECT 2", parallelism: 3))
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "rb", UpdateJobRequest(sql: "SELECT 3"))
        let rolled = try f.cp.rollbackJob(environmentID: f.env, idOrName: "rb", toVersion: 1)
        #expect(rolled.currentVersion == 4)
        #expect(rolled.sql == "SELECT 1")
        #expect(rolled.parallelism == 1)
        let versions = try f.cp.jobVersions(environmentID: f.env, idOrName: "rb").items
        #expect(versions.map(\.number) == [1, 2, 3, 4])
        #expect(versions.map(\.sql) == ["SELECT 1", "SELECT 2", "SELECT 3", "SELECT 1"])
        #expect(versions[2].state == .rolledBack)
        #expect(versions[2].endReason?.contains("rolled back to version 1") == true)
        #expect(versions[3].state == .active)
        #expect(versions[3].rolledBackFrom == 1)
        #expect(versions[3].config == versions[0].config)
    }

    @Test func rollbackToCurrentOrUnknownVersionIsRefused() throws {
        let f = try Fixture()
        try f.create("rb")
        #expect(apiError { _ = try f.cp.rollbackJob(environmentID: f.env, idOrName: "rb", toVersion: 1) }?.status == 409)
        let error = apiError { _ = try f.cp.rollbackJob(environmentID: f.env, idOrName: "rb", toVersion: 5) }
        #expect(error?.status == 404)
        #expect(error?.source == .pointer("/version"))
    }

    @Test func compareShowsUnifiedDiffAndChangedConfigKeys() throws {
        let f = try Fixture()
        try f.create("cmp", sql: "SELECT a\nFROM (VALUES (1, 2, 3)) AS t(a, b, x)\nWHERE x > 1\n", parallelism: 1, labels: ["team": "a"])
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "cmp",
                               UpdateJobRequest(sql: "SELECT a, b\nFROM (VALUES (1, 2, 3)) AS t(a, b, x)\nWHERE x > 1\n", parallelism: 2,
                                                labels: ["team": "b", "tier": "gold"]))
        let comparison = try f.cp.compareJobVersions(environmentID: f.env, idOrName: "cmp", from: 1, to: 2)
        #expect(comparison.sqlDiff == """
            --- version 1
            +++ version 2
            @@ -1,3 +1,3 @@
            -SELECT a
            +SELECT a, b
             FROM (VALUES (1, 2, 3)) AS t(a, b, x)
             WHERE x > 1

            """)
        #expect(comparison.configChanges == [
            .init(key: "parallelism", from: "1", to: "2"),
            .init(key: "labels.team", from: "a", to: "b"),
            .init(key: "labels.tier", from: nil, to: "gold"),
        ])
        let same = try f.cp.compareJobVersions(environmentID: f.env, idOrName: "cmp", from: 2, to: 2)
        #expect(same.sqlDiff == "")
        #expect(same.configChanges.isEmpty)
        let error = apiError { _ = try f.cp.compareJobVersions(environmentID: f.env, idOrName: "cmp", from: 1, to: 3) }
        #expect(error?.source == .parameter("to"))
    }

    @Test func staleResourceVersionIs409() throws {
        let f = try Fixture()
        let job = try f.create("rv")
        let stale = String(job.resourceVersion)
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "rv", UpdateJobRequest(sql: "SELECT 2", resourceVersion: stale))
        let error = apiError {
            _ = try f.cp.updateJob(environmentID: f.env, idOrName: "rv", UpdateJobRequest(sql: "SELECT 3", resourceVersion: stale))
        }
        #expect(error?.status == 409)
        #expect(error?.code == "resource_version_conflict")
        #expect(apiError { _ = try f.cp.rollbackJob(environmentID: f.env, idOrName: "rv", toVersion: 1, resourceVersion: stale) }?
            .status == 409)
        let env = try f.cp.environment(id: f.env)
        #expect(apiError { _ = try f.cp.updateEnvironment(id: f.env, UpdateEnvironmentRequest(displayName: "x", resourceVersion: "99")) }?
            .status == 409)
        #expect(try f.cp.updateEnvironment(id: f.env, UpdateEnvironmentRequest(displayName: "x", resourceVersion: String(env.resourceVersion)))
            .resourceVersion == env.resourceVersion + 1)
        let pool = try f.cp.computePool(id: f.pool)
        #expect(apiError { _ = try f.cp.updateComputePool(id: f.pool, UpdateComputePoolRequest(maxCFU: 20, resourceVersion: "0")) }?
            .status == 409)
        #expect(try f.cp.updateComputePool(id: f.pool, UpdateComputePoolRequest(maxCFU: 20, resourceVersion: String(pool.resourceVersion)))
            .maxCFU == 20)
    }

    @Test func versionsArePaged() throws {
        let f = try Fixture()
        try f.create("many", sql: "SELECT 0")
        for i in 1...11 { _ = try f.cp.updateJob(environmentID: f.env, idOrName: "many", UpdateJobRequest(sql: "SELECT \(i)")) }
        let first = try f.cp.jobVersions(environmentID: f.env, idOrName: "many", page: PageRequest(pageSize: 5))
        #expect(first.items.map(\.number) == [1, 2, 3, 4, 5])
        #expect(first.totalSize == 12)
        let second = try f.cp.jobVersions(environmentID: f.env, idOrName: "many",
                                          page: PageRequest(pageSize: 5, pageToken: first.nextPageToken))
        #expect(second.items.map(\.number) == [6, 7, 8, 9, 10])
        let third = try f.cp.jobVersions(environmentID: f.env, idOrName: "many",
                                         page: PageRequest(pageSize: 5, pageToken: second.nextPageToken))
        #expect(third.items.map(\.number) == [11, 12])
        #expect(third.nextPageToken == nil)
    }
}
