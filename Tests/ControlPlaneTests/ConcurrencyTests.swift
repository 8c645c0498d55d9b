import ControlPlane
import Dispatch
import Foundation
import Model
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
    /// Many threads create, patch, roll back, stop/resume and delete overlapping jobs on a file database:
    /// only expected conflicts/404s, never a 5xx or "database is locked", and version numbers stay gap-free.
    @Test func concurrentMutationsKeepVersionsGapFree() throws {
        let dir = NSTemporaryDirectory() + "cp-concurrency-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cp = try ControlPlane.open(path: dir + "/flinkcloud.db", seed: 1, clock: SystemClock())
        let env = cp.defaults.environmentID
        _ = try cp.updateComputePool(id: cp.defaults.computePoolID, UpdateComputePoolRequest(maxCFU: 50))
        let unexpected = Mutex<[String]>([])
        let acknowledged = Atomic<Int>(0)
        let names = (0..<6).map { "shared-\($0)" }

        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            var rng = SystemRandomNumberGenerator()
            for step in 0..<40 {
                let name = names[Int.random(in: 0..<names.count, using: &rng)]
                do {
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0...1:
                        _ = try cp.createJob(environmentID: env, CreateJobRequest(name: name, sql: "SELECT \(worker)",
                                                                                  parallelism: Int.random(in: 1...3, using: &rng)))
                    case 2...5:
                        _ = try cp.updateJob(environmentID: env, idOrName: name,
                                             UpdateJobRequest(sql: "SELECT \(worker), \(step)"))
                    case 6...7:
                        let job = try cp.job(environmentID: env, idOrName: name)
                        _ = try cp.rollbackJob(environmentID: env, idOrName: name,
                                               toVersion: Int.random(in: 1...job.currentVersion, using: &rng))
                    case 8:
                        _ = try cp.stopJob(environmentID: env, idOrName: name)
                        _ = try cp.resumeJob(environmentID: env, idOrName: name)
                    default:
                        try cp.deleteJob(environmentID: env, idOrName: name)
                    }
                    acknowledged.add(1, ordering: .relaxed)
                } catch let error as APIError {
                    let expected = [404, 409].contains(error.status)
                    if !expected { unexpected.withLock { $0.append("\(error)") } }
                } catch {
                    unexpected.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(unexpected.withLock { $0 } == [])
        #expect(acknowledged.load(ordering: .relaxed) > 0)
        for job in try cp.jobs(environmentID: env, page: PageRequest(pageSize: 100)).items {
            let versions = try cp.jobVersions(environmentID: env, idOrName: job.id, page: PageRequest(pageSize: 100))
            var all = versions.items
            var token = versions.nextPageToken
            while let next = token {
                let page = try cp.jobVersions(environmentID: env, idOrName: job.id, page: PageRequest(pageSize: 100, pageToken: next))
                all += page.items
                token = page.nextPageToken
            }
            #expect(all.map(\.number) == Array(1...job.currentVersion))
            #expect(all.filter { $0.state == .active || $0.state == .failed }.map(\.number) == [job.currentVersion])
        }
        #expect(try cp.store.database.integrityCheck() == "ok")
        cp.close()
    }

    /// The executor sees starts and stops in commit order: while one thread is still handing a stop to the
    /// executor, a resume committed by another thread is delivered after it, not before.
    @Test func executorSeesEffectsInCommitOrder() throws {
        final class BlockingExecutor: JobExecutor {
            let calls = Mutex<[String]>([])
            let enteredStop = DispatchSemaphore(value: 0)
            let releaseStop = DispatchSemaphore(value: 0)
            func start(job: Job, version: JobVersion) { calls.withLock { $0.append("start") } }
            func stop(job: Job) {
                enteredStop.signal()
                releaseStop.wait()
                calls.withLock { $0.append("stop") }
            }
        }
        let cp = try ControlPlane.inMemory(seed: 2, clock: ManualClock())
        let executor = BlockingExecutor()
        cp.setExecutor(executor)
        let env = cp.defaults.environmentID
        _ = try cp.createJob(environmentID: env, CreateJobRequest(name: "x", sql: "SELECT 1"))
        let stopper = DispatchGroup()
        DispatchQueue.global().async(group: stopper) { _ = try? cp.stopJob(environmentID: env, idOrName: "x") }
        executor.enteredStop.wait()
        let resumed = try cp.resumeJob(environmentID: env, idOrName: "x")
        #expect(resumed.status == .pending)
        executor.releaseStop.signal()
        stopper.wait()
        #expect(executor.calls.withLock { $0 } == ["start", "stop", "start"])
    }

    /// An executor may call back into the control plane from inside `start`/`stop`.
    @Test func executorMayReportSynchronously() throws {
        let f = try Fixture(autoRun: true)
        try f.create("sync")
        #expect(try f.cp.job(environmentID: f.env, idOrName: "sync").status == .running)
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "sync")
        #expect(try f.cp.job(environmentID: f.env, idOrName: "sync").status == .stopped)
    }

    /// Acknowledged writes survive closing and reopening the database, with their exact history.
    @Test func reopenKeepsJobsAndHistory() throws {
        let dir = NSTemporaryDirectory() + "cp-reopen-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/flinkcloud.db"
        let first = try ControlPlane.open(path: path, seed: 3, clock: ManualClock())
        let job = try first.createJob(environmentID: first.defaults.environmentID, CreateJobRequest(name: "keep", sql: "SELECT 1"))
        _ = try first.updateJob(environmentID: first.defaults.environmentID, idOrName: "keep", UpdateJobRequest(sql: "SELECT 2"))
        _ = try first.rollbackJob(environmentID: first.defaults.environmentID, idOrName: "keep", toVersion: 1)
        let key = try first.createApiKey()
        let defaults = first.defaults
        first.close()

        let second = try ControlPlane.open(path: path, seed: 4, clock: ManualClock())
        #expect(second.defaults == defaults)
        let reread = try second.job(environmentID: defaults.environmentID, idOrName: job.id)
        #expect(reread.currentVersion == 3)
        #expect(try second.jobVersions(environmentID: defaults.environmentID, idOrName: "keep").items.map(\.sql)
                == ["SELECT 1", "SELECT 2", "SELECT 1"])
        #expect(second.verifyApiKey(id: key.id, secret: key.secret!) != nil)
        second.close()
    }
}
