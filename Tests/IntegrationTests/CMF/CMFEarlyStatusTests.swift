import ControlPlane
import Model
import Synchronization
import Testing

/// The runtime can report a job RUNNING before the CMF application's first instance is recorded (the job is
/// committed and started first). Here the executor reports from inside `start`, which always wins that race:
/// the instance and the events must still say RUNNING (they said CREATED, and the RUNNING event was lost).
@Suite struct CMFEarlyStatusTests {
    final class ImmediateExecutor: JobExecutor {
        let controlPlane = Mutex<ControlPlane?>(nil)
        func start(job: Job, version: JobVersion) { report(job, .running) }
        func stop(job: Job) { report(job, .stopped) }
        private func report(_ job: Job, _ status: JobStatus) {
            _ = try? controlPlane.withLock { $0 }?.reportJobStatus(jobID: job.id, status: status)
        }
    }

    @Test func runningReportedBeforeTheInstanceExistsIsKept() throws {
        let c = try CMFTestClient()
        let executor = ImmediateExecutor()
        executor.controlPlane.withLock { $0 = c.cp }
        c.cp.setExecutor(executor)
        #expect(c.environment("prod").status == 200)
        let created = c.call(.upsertApplication, ["env": "prod"],
                             body: CMFTestClient.sqlApplication("early", sql: CMFTestClient.job1))
        #expect(created.status == 201, "\(created.text)")
        let p = ["env": "prod", "app": "early"]
        let instances = c.call(.listApplicationInstances, p).items
        #expect(instances.map { $0["status"]?["jobStatus"]?["state"]?.stringValue } == ["RUNNING"])
        let statuses = c.call(.listApplicationEvents, p, query: "size=100").items
            .filter { $0["status"]?["type"] == .string("JOB_STATUS") }
            .compactMap { $0["status"]?["data"]?["newStatus"]?.stringValue }
        #expect(statuses == ["RUNNING"])
    }
}
