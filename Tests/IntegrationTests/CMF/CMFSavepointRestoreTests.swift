import Foundation
import Testing
import ControlPlane
import HTTP
import Model
import Runtime
@testable import API

/// CMF savepoints are really taken by the runtime, applications restore them, and `upgradeMode` decides
/// what state a suspend/resume and an upgrade keep. The application counts events per key into an
/// upsert-kafka topic, so every output record shows the count the job's state held.
@Suite struct CMFSavepointRestoreTests {
    static let counting = """
    CREATE TABLE ev (k STRING) WITH ('connector' = 'kafka', 'topic' = 'ev', 'format' = 'json');
    CREATE TABLE counts (k STRING, n BIGINT, PRIMARY KEY (k) NOT ENFORCED)
      WITH ('connector' = 'upsert-kafka', 'topic' = 'counts', 'key.format' = 'json', 'value.format' = 'json');
    INSERT INTO counts SELECT k, COUNT(*) AS n FROM ev GROUP BY k;
    """

    final class World: Sendable {
        let c: CMFTestClient
        let envID: String
        let p = ["env": "prod", "app": "counter"]

        init() throws {
            c = try CMFTestClient(run: true)
            let env = c.environment("prod")
            envID = try #require(env.json?["metadata"]?["annotations"]?["flinkcloud.io/environment-id"]?.stringValue)
            let store = try c.cp.topicStore(environmentID: envID)
            for t in ["ev", "counts"] where store.topic(t) == nil { _ = try store.createTopic(t, partitions: 1) }
        }

        func post(interval: String, upgradeMode: String, state: String = "running") -> CMFTestClient.Reply {
            c.call(.upsertApplication, ["env": "prod"],
                   body: CMFTestClient.sqlApplication("counter", sql: CMFSavepointRestoreTests.counting, state: state,
                                                      interval: interval, mode: "AT_LEAST_ONCE", upgradeMode: upgradeMode))
        }

        func produce(_ n: Int) throws {
            let t = try #require(try c.cp.topicStore(environmentID: envID).topic("ev"))
            for _ in 0..<n { _ = try t.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"k":"a"}"#.utf8)), partition: 0) }
        }

        /// The counts the job wrote so far, in order.
        func counts() throws -> [Int64] {
            guard let t = try c.cp.topicStore(environmentID: envID).topic("counts") else { return [] }
            return t.partitions[0].records(from: 0, max: 10_000).compactMap { r in
                r.value.flatMap { try? JSONParser.parse($0) }?["n"]?.intValue
            }
        }

        /// Waits until the output has `count` records, then a little longer (nothing more may come).
        func awaitCounts(_ count: Int) throws -> [Int64] {
            let deadline = Date().addingTimeInterval(15)
            while try counts().count < count && Date() < deadline { usleep(20_000) }
            usleep(400_000)
            return try counts()
        }

        func jobState() -> String? { c.call(.getApplication, p).json?["status"]?["jobStatus"]?["state"]?.stringValue }

        /// Waits until the job has state `s` and, when running, its current version runs in the runtime (a
        /// rolling update keeps the previous version running until the new one is planned).
        func awaitState(_ s: String) -> Bool {
            let ok = c.wait(.getApplication, p) { $0.json?["status"]?["jobStatus"]?["state"]?.stringValue == s }
                .json?["status"]?["jobStatus"]?["state"]?.stringValue == s
            guard ok, s == "RUNNING", let job = try? c.cp.job(environmentID: envID, idOrName: "counter") else { return ok }
            let deadline = Date().addingTimeInterval(15)
            while c.executor?.runtimeInfo(jobID: job.id)?.version != job.currentVersion && Date() < deadline { usleep(20_000) }
            usleep(200_000)
            return c.executor?.runtimeInfo(jobID: job.id)?.version == job.currentVersion
        }
    }

    @Test func savepointsAreTakenAndRestoredAndUpgradeModesKeepOrDropState() throws {
        let w = try World()
        #expect(w.post(interval: "1s", upgradeMode: "savepoint").status == 201)
        #expect(w.awaitState("RUNNING"))
        try w.produce(2)
        let got2 = try w.awaitCounts(2)
        #expect(got2 == [1, 2], "\(got2)")

        // A savepoint is taken: TRIGGER_PENDING/IN_PROGRESS → COMPLETED with the path of its directory.
        let created = w.c.call(.createApplicationSavepoint, w.p, body: #"{"metadata":{"name":"at-two"},"spec":{}}"#)
        #expect(created.status == 201, "\(created.text)")
        var sp = w.p
        sp["savepoint"] = "at-two"
        let done = w.c.wait(.getApplicationSavepoint, sp) { $0.json?["status"]?["state"]?.stringValue != "IN_PROGRESS" }
        #expect(done.json?["status"]?["state"] == .string("COMPLETED"), "\(done.text)")
        let path = try #require(done.json?["status"]?["path"]?.stringValue)
        #expect(FileManager.default.fileExists(atPath: String(path.dropFirst("file:".count))), "\(path)")
        let uid = try #require(done.json?["metadata"]?["uid"]?.stringValue)

        // upgradeMode savepoint: suspend stops with a savepoint and the resume restores it — the count goes on.
        #expect(w.c.call(.suspendApplication, w.p).status == 200)
        #expect(w.awaitState("SUSPENDED"))
        try w.produce(1)
        #expect(w.c.call(.startApplication, w.p).status == 200)
        #expect(w.awaitState("RUNNING"))
        let got3 = try w.awaitCounts(3)
        #expect(got3 == [1, 2, 3], "\(got3)")

        // An upgrade (new job version) in savepoint mode carries the state over through a savepoint.
        #expect(w.post(interval: "2s", upgradeMode: "savepoint").status == 201)
        #expect(w.awaitState("RUNNING"))
        try w.produce(1)
        let got4 = try w.awaitCounts(4)
        #expect(got4 == [1, 2, 3, 4], "\(got4)")

        // An upgrade in stateless mode starts from empty state: the job counts everything again from 1.
        #expect(w.post(interval: "3s", upgradeMode: "stateless").status == 201)
        #expect(w.awaitState("RUNNING"))
        let got8 = try w.awaitCounts(8)
        #expect(got8 == [1, 2, 3, 4, 1, 2, 3, 4], "\(got8)")

        // Restoring the savepoint taken at count 2 redeploys the running job from it: it re-reads the events
        // after that savepoint and continues from 2.
        let started = w.c.call(.startApplication, w.p, query: "startFromSavepointUid=\(uid)")
        #expect(started.status == 200, "\(started.text)")
        #expect(w.awaitState("RUNNING"))
        let got10 = try w.awaitCounts(10)
        #expect(got10 == [1, 2, 3, 4, 1, 2, 3, 4, 3, 4], "\(got10)")
        let logs = try w.c.cp.jobLogs(environmentID: w.envID, idOrName: "counter").map(\.message)
        #expect(logs.contains { $0.contains("Savepoint") && $0.contains("before the upgrade") }, "\(logs)")
        #expect(logs.contains { $0.contains("Restoring job") && $0.contains("savepoint") }, "\(logs)")
        #expect(w.c.call(.deleteApplication, w.p).status == 204)
    }

    @Test func lastStateResumesFromTheLatestCheckpointAndStatelessResumesEmpty() throws {
        let w = try World()
        #expect(w.post(interval: "1s", upgradeMode: "last-state").status == 201)
        #expect(w.awaitState("RUNNING"))
        try w.produce(2)
        let got2 = try w.awaitCounts(2)
        #expect(got2 == [1, 2], "\(got2)")
        // A last-state upgrade restores the latest checkpoint/savepoint of the previous version.
        Thread.sleep(forTimeInterval: 1.5)   // a checkpoint after the two events completed
        #expect(w.post(interval: "2s", upgradeMode: "last-state").status == 201)
        #expect(w.awaitState("RUNNING"))
        try w.produce(1)
        let afterUpgrade = try w.awaitCounts(3)
        #expect(afterUpgrade.last == 3, "\(afterUpgrade)")
        #expect(!afterUpgrade.dropFirst(2).contains(1), "\(afterUpgrade)")   // never restarted from empty state

        // stateless: suspend + resume drops the state (everything is counted again from 1).
        #expect(w.post(interval: "2s", upgradeMode: "stateless", state: "suspended").status == 201)
        #expect(w.awaitState("SUSPENDED"))
        let before = try w.counts().count
        #expect(w.post(interval: "2s", upgradeMode: "stateless", state: "running").status == 201)
        #expect(w.awaitState("RUNNING"))
        #expect(Array(try w.awaitCounts(before + 3).dropFirst(before)) == [1, 2, 3])

        // Savepoints of a suspended application, and of a statement that is not a job, fail with the reason.
        #expect(w.post(interval: "2s", upgradeMode: "stateless", state: "suspended").status == 201)
        #expect(w.awaitState("SUSPENDED"))
        let refused = w.c.call(.createApplicationSavepoint, w.p, body: #"{"metadata":{"name":"while-suspended"}}"#)
        #expect(refused.status == 201)
        #expect(refused.json?["status"]?["state"] == .string("FAILED"))
        #expect(refused.json?["status"]?["error"]?.stringValue?.contains("STOPPED") == true, "\(refused.text)")
    }
}
