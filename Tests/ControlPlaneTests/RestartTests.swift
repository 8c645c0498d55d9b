import ControlPlane
import Foundation
import Model
import Testing

@Suite struct RestartTests {
    /// Restarting with the same seed replays the id stream; new resources must still get fresh ids.
    @Test func sameSeedAfterRestartNeverReusesIds() throws {
        let dir = NSTemporaryDirectory() + "cp-restart-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/db"
        var seen = Set<String>()
        for round in 0..<3 {
            let cp = try ControlPlane.open(path: path, seed: 11, clock: ManualClock())
            let env = try cp.createEnvironment(CreateEnvironmentRequest(displayName: "e\(round)"))
            let pool = try cp.createComputePool(CreateComputePoolRequest(environmentID: env.id, displayName: "p\(round)"))
            let job = try cp.createJob(environmentID: env.id, CreateJobRequest(name: "j", sql: "SELECT 1"))
            let cluster = try cp.kafkaClusters(environmentID: env.id)[0]
            for id in [env.id, pool.id, job.id, cluster.id] {
                #expect(!seen.contains(id), "id \(id) reused in round \(round)")
                seen.insert(id)
            }
            cp.close()
        }
    }

    @Test func refusesADatabaseFromANewerBuildWithAClearMessage() throws {
        let dir = NSTemporaryDirectory() + "cp-newer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/db"
        let cp = try ControlPlane.open(path: path, seed: 1, clock: ManualClock())
        try cp.store.database.withWriter { try $0.execute("PRAGMA user_version = 99") }
        cp.close()
        let error = apiError { _ = try ControlPlane.open(path: path, seed: 1, clock: ManualClock()) }
        #expect(error?.code == "database_unavailable")
        #expect(error?.detail.contains("schema version 99, newer than this build knows") == true)
    }
}
