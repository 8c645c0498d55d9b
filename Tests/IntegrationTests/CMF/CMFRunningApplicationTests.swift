import Foundation
import Testing
import ControlPlane
import HTTP
import Model
@testable import API

/// A CMF application really runs in the embedded runtime (the runtime executor installed).
@Suite struct CMFRunningApplicationTests {
    @Test func seedJobRunsAtItsParallelismSuspendsAndResumes() throws {
        let c = try CMFTestClient(run: true)
        #expect(c.environment("prod").status == 200)
        let p = ["env": "prod", "app": "rss-hourly"]
        let created = c.call(.upsertApplication, ["env": "prod"],
                             body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 2))
        #expect(created.status == 201, "\(created.text)")
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        func state(_ r: CMFTestClient.Reply) -> String? { r.json?["status"]?["jobStatus"]?["state"]?.stringValue }

        let running = c.wait(.getApplication, p) { state($0) == "RUNNING" }
        #expect(state(running) == "RUNNING", "\(running.text)")
        #expect(running.json?["status"]?["lifecycleState"] == .string("STABLE"))
        let info = try #require(c.executor?.runtimeInfo(jobID: jobID))
        #expect(info.parallelism == 2)
        #expect(info.vertices.allSatisfy { $0.parallelism == 2 })

        #expect(c.call(.suspendApplication, p).status == 200)
        let suspended = c.wait(.getApplication, p) { state($0) == "SUSPENDED" }
        #expect(state(suspended) == "SUSPENDED", "\(suspended.text)")
        #expect(c.executor?.runtimeInfo(jobID: jobID) == nil)

        #expect(c.call(.startApplication, p).status == 200)
        let resumed = c.wait(.getApplication, p) { state($0) == "RUNNING" }
        #expect(state(resumed) == "RUNNING", "\(resumed.text)")
        #expect(c.executor?.runtimeInfo(jobID: jobID)?.parallelism == 2)

        // The events record each job status change the runtime reported, newest first (polled: the runtime
        // may report a status change after the application already reads RUNNING).
        func jobStatuses(_ reply: CMFTestClient.Reply) -> [String] {
            reply.items.filter { $0["status"]?["type"] == .string("JOB_STATUS") }
                .compactMap { $0["status"]?["data"]?["newStatus"]?.stringValue }
        }
        _ = c.wait(.listApplicationEvents, p) { jobStatuses($0).first == "RUNNING" }
        let statuses = jobStatuses(c.call(.listApplicationEvents, p, query: "size=100"))
        #expect(statuses.first == "RUNNING")
        #expect(statuses.contains("SUSPENDED"))
        #expect(statuses.filter { $0 == "RUNNING" }.count >= 2, "\(statuses)")
        // Instances: created, suspended, started.
        #expect(c.call(.listApplicationInstances, p, query: "size=100").items
                    .map { $0["status"]?["spec"]?["job"]?["state"]?.stringValue } == ["running", "suspended", "running"])
        #expect(c.call(.deleteApplication, p).status == 204)
    }
}
