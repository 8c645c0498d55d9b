import Foundation
import Model
import SQLite
import Store
import Testing

@Suite struct StoreTests {
    let now: Int64 = 1_750_000_000_000

    func seeded(_ store: Store) throws {
        try store.write { tx in
            try tx.insertOrganization(Organization(id: "org-1", displayName: "o", createdAt: now, updatedAt: now))
            try tx.insertEnvironment(Environment(id: "env-1", organizationID: "org-1", displayName: "e", createdAt: now, updatedAt: now))
            try tx.insertComputePool(ComputePool(id: "lfcp-1", environmentID: "env-1", displayName: "p", cloud: "AWS",
                                                 region: "us-east-1", maxCFU: 4, createdAt: now, updatedAt: now))
        }
    }

    func job(_ id: String, name: String, labels: [String: String] = [:], held: Int = 0) -> (Job, JobVersion) {
        let config = JobConfig(parallelism: 2, computePoolID: "lfcp-1", labels: labels)
        let job = Job(id: id, name: name, environmentID: "env-1", organizationID: "org-1", currentVersion: 1, sql: "SELECT 1",
                      config: config, status: .pending, scalingStatus: .ok, heldCFU: held, createdBy: "K",
                      createdAt: now, updatedAt: now)
        return (job, JobVersion(jobID: id, number: 1, sql: "SELECT 1", config: config, createdAt: now, createdBy: "K"))
    }

    func insert(_ store: Store, _ pair: (Job, JobVersion)) throws {
        try store.write { tx in
            try tx.insertJob(pair.0)
            try tx.insertJobVersion(pair.1)
        }
    }

    @Test func migratesToCurrentSchema() throws {
        let store = try Store.inMemory()
        #expect(try store.database.schemaVersion() == StoreSchema.version)
    }

    @Test func jobRoundTripsWithAwkwardLabels() throws {
        let store = try Store.inMemory()
        try seeded(store)
        let labels = ["a=b": "c\\d", "multi\nline": "x=y\nz", "plain": "", "ünï": "çødé"]
        let pair = job("job-1", name: "j", labels: labels, held: 2)
        try insert(store, pair)
        let read = try store.read { try $0.job(id: "job-1") }
        #expect(read == pair.0)
        #expect(try store.read { try $0.job(environmentID: "env-1", name: "j") } == pair.0)
        #expect(try store.read { try $0.jobVersion(jobID: "job-1", number: 1) } == pair.1)
        #expect(try store.read { try $0.computePool(id: "lfcp-1") }?.currentCFU == 2)
    }

    @Test func uniqueNamePerEnvironmentIsEnforcedByTheSchema() throws {
        let store = try Store.inMemory()
        try seeded(store)
        try insert(store, job("job-1", name: "same"))
        do {
            try insert(store, job("job-2", name: "same"))
            Issue.record("expected a constraint violation")
        } catch let error as SQLiteError {
            #expect(error.isConstraintViolation)
        }
        // The failed transaction left nothing behind.
        #expect(try store.read { try $0.job(id: "job-2") } == nil)
    }

    @Test func versionsAreAppendOnlyKeyedByNumber() throws {
        let store = try Store.inMemory()
        try seeded(store)
        let pair = job("job-1", name: "j")
        try insert(store, pair)
        var v1 = pair.1
        v1.sql = "SELECT other"
        #expect(throws: SQLiteError.self) { try store.write { try $0.insertJobVersion(v1) } }
        try store.write { tx in
            try tx.endJobVersion(jobID: "job-1", number: 1, state: .superseded, reason: "superseded by version 2", at: 5)
            var v2 = pair.1
            v2.number = 2
            try tx.insertJobVersion(v2)
        }
        let versions = try store.read { try $0.allJobVersions(jobID: "job-1") }
        #expect(versions.map(\.number) == [1, 2])
        #expect(versions[0].sql == "SELECT 1")
        #expect(versions[0].endReason == "superseded by version 2")
        #expect(try store.read { try $0.latestJobVersionNumber(jobID: "job-1") } == 2)
    }

    @Test func deletingEnvironmentCascades() throws {
        let store = try Store.inMemory()
        try seeded(store)
        try insert(store, job("job-1", name: "j", labels: ["k": "v"]))
        try store.write { tx in
            try tx.appendJobLog(jobID: "job-1", timestamp: 1, level: "INFO", message: "m")
            try tx.deleteEnvironment(id: "env-1")
        }
        let counts = try store.read { tx in
            try ["jobs", "job_versions", "job_labels", "job_logs", "compute_pools"].map {
                try tx.connection.scalarInt("SELECT count(*) FROM \($0)") ?? -1
            }
        }
        #expect(counts == [0, 0, 0, 0, 0])
    }

    @Test func environmentsPageWithOpaqueTokens() throws {
        let store = try Store.inMemory()
        try seeded(store)
        try store.write { tx in
            for i in 2...12 {
                try tx.insertEnvironment(Environment(id: "env-\(i)", organizationID: "org-1", displayName: "e\(i)",
                                                     createdAt: now, updatedAt: now))
            }
        }
        let first = try store.read { try $0.environments(page: PageRequest(pageSize: 5)) }
        #expect(first.items.map(\.id) == ["env-1", "env-2", "env-3", "env-4", "env-5"])
        #expect(first.totalSize == 12)
        let token = try #require(first.nextPageToken)
        #expect(!token.contains("5"))
        let last = try store.read { try $0.environments(page: PageRequest(pageSize: 100, pageToken: token)) }
        #expect(last.items.count == 7)
        #expect(last.nextPageToken == nil)
        #expect(throws: APIError.self) { try store.read { try $0.environments(page: PageRequest(pageToken: "p1.!!")) } }
        #expect(PageToken.clampedSize(0) == 10)
        #expect(PageToken.clampedSize(1000) == 100)
    }

    @Test func jobLogsAreBoundedPerJob() throws {
        let store = try Store(database: try Database(path: ":memory:"), maxLogLinesPerJob: 5)
        try seeded(store)
        try insert(store, job("job-1", name: "a"))
        try insert(store, job("job-2", name: "b"))
        try store.write { tx in
            for i in 1...12 { try tx.appendJobLog(jobID: "job-1", timestamp: Int64(i), level: "INFO", message: "line \(i)") }
            try tx.appendJobLog(jobID: "job-2", timestamp: 0, level: "INFO", message: "other")
        }
        let logs = try store.read { try $0.jobLogs(jobID: "job-1") }
        #expect(logs.map(\.message) == (8...12).map { "line \($0)" })
        #expect(logs.map(\.sequence) == Array(8...12))
        #expect(try store.read { try $0.jobLogs(jobID: "job-1", after: 10) }.count == 2)
        #expect(try store.read { try $0.jobLogs(jobID: "job-2") }.count == 1)
    }

    @Test func apiKeysStoreOnlySaltedHashes() throws {
        let store = try Store.inMemory()
        let salt: [UInt8] = [9, 9, 9]
        let hash = SecretHasher.hash(secret: "top-secret", salt: salt)
        try store.write { tx in
            try tx.insertApiKey(ApiKey(id: "K1", owner: "u", description: "d", createdAt: now, secret: "top-secret"),
                                salt: salt, secretHash: hash)
        }
        let stored = try #require(try store.read { try $0.storedApiKey(id: "K1") })
        #expect(stored.key.secret == nil)
        #expect(SecretHasher.verify(secret: "top-secret", salt: stored.salt, expectedHash: stored.secretHash))
        let dump = try store.read { tx in
            try tx.connection.query("SELECT * FROM api_keys") { row in (0..<row.columnCount).map { "\(row.value($0))" } }
        }
        #expect(!dump.flatMap { $0 }.contains { $0.contains("top-secret") })
        #expect(try store.write { try $0.deleteApiKey(id: "K1") })
        #expect(try store.write { try $0.deleteApiKey(id: "K1") } == false)
    }

    @Test func metaIsAKeyValueTable() throws {
        let store = try Store.inMemory()
        try store.write { try $0.setMeta("a", "1") }
        try store.write { try $0.setMeta("a", "2") }
        #expect(try store.read { try $0.meta("a") } == "2")
        #expect(try store.read { try $0.meta("b") } == nil)
    }
}

@Suite struct StoreOpenTests {
    @Test func opensInAMissingDirectory() throws {
        let base = "/tmp/store-open-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let store = try Store(path: base + "/nested/dir/db.sqlite")
        #expect(try store.database.schemaVersion() == StoreSchema.version)
        store.close()
    }
}
