import Foundation
import Testing
import ControlPlane
import HTTP
import Model
@testable import API

/// The CMF API's environments, applications, instances and events, in-process.
@Suite struct CMFEnvironmentAndApplicationTests {
    @Test func environmentLifecycleWithRFC3339TimesAndPaging() throws {
        let c = try CMFTestClient()
        let created = c.environment("prod")
        #expect(created.status == 200, "\(created.text)")
        #expect(created.headers["Content-Type"] == "application/json")
        #expect(created.json?["name"] == .string("prod"))
        #expect(created.json?["kubernetesNamespace"] == .string("default"))
        let time = try #require(created.json?["created_time"]?.stringValue)
        #expect(time.count == 24 && time.hasSuffix("Z") && time.contains("."), "\(time)")
        #expect(created.json?["updated_time"]?.stringValue != nil)
        // The FlinkCloud environment behind it.
        let envID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/environment-id"]?.stringValue)
        #expect(try c.cp.environment(id: envID).displayName == "prod")

        // Update keeps what is absent or null; namespace optional on update.
        let updated = c.call(.upsertEnvironment, body: #"{"name":"prod","flinkApplicationDefaults":{"spec":{"flinkConfiguration":{"a":"b"}}},"computePoolDefaults":null}"#)
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated.json?["kubernetesNamespace"] == .string("default"))
        #expect(updated.json?["flinkApplicationDefaults"]?["spec"]?["flinkConfiguration"]?["a"] == .string("b"))
        #expect(updated.json?["created_time"] == created.json?["created_time"])

        for name in ["env-b", "env-c"] { #expect(c.environment(name).status == 200) }
        let page0 = c.call(.listEnvironments, query: "page=0&size=2")
        #expect(page0.status == 200)
        #expect(page0.items.compactMap { $0["name"]?.stringValue } == ["prod", "env-b"])
        #expect(page0.json?["metadata"]?["size"] == .int(3))
        #expect(page0.json?["pageable"]?["page"] == .int(0))
        #expect(page0.json?["pageable"]?["size"] == .int(2))
        let page1 = c.call(.listEnvironments, query: "page=1&size=2")
        #expect(page1.items.compactMap { $0["name"]?.stringValue } == ["env-c"])
        let past = c.call(.listEnvironments, query: "page=2&size=2")
        #expect(past.status == 200)
        #expect(past.json?["items"] == .array([]), "past the end must be empty: \(past.text)")
        #expect(c.call(.listEnvironments, query: "page=-1").status == 400)

        #expect(c.call(.deleteEnvironment, ["env": "prod"]).status == 204)
        let missing = c.call(.getEnvironment, ["env": "prod"])
        #expect(missing.status == 404)
        #expect(missing.message == "Environment 'prod' not found.")
        #expect(missing.headers["Content-Type"] == "application/json")
        #expect(throws: APIError.self) { try c.cp.environment(id: envID) }
    }

    @Test func environmentValidationUsesCMFErrorBody() throws {
        let c = try CMFTestClient()
        let short = c.call(.upsertEnvironment, body: #"{"name":"e1","kubernetesNamespace":"default"}"#)
        #expect(short.status == 400)
        #expect(short.message?.contains("size must be between 4 and 253") == true, "\(short.text)")
        #expect(short.json?["errors"]?.arrayValue?.first?.objectValue?.keys == ["message"])
        #expect(c.call(.upsertEnvironment, body: #"{"name":"Bad_Name","kubernetesNamespace":"x"}"#).status == 400)
        let noNamespace = c.call(.upsertEnvironment, body: #"{"name":"fresh"}"#)
        #expect(noNamespace.status == 400)
        #expect(noNamespace.message == "kubernetesNamespace: must not be null")
        #expect(c.call(.upsertEnvironment, body: "{").status == 400)
        // metadata.name is accepted too.
        #expect(c.call(.upsertEnvironment, body: #"{"metadata":{"name":"meta-named"},"kubernetesNamespace":"x"}"#).status == 200)
    }

    @Test func authOnRequiresCredentialsOnCMFRoutes() throws {
        let c = try CMFTestClient(auth: true)
        let anonymous = c.call(.listEnvironments)
        #expect(anonymous.status == 401)
        #expect(anonymous.message?.contains("--auth off") == true)
        #expect(c.call(.listEnvironments, basic: true).status == 200)
        #expect(c.call(.getSystemInformation).status == 401)
        let open = try CMFTestClient(auth: false)
        #expect(open.call(.listEnvironments).status == 200)
    }

    @Test func sqlApplicationIsAJobWithParallelismAndCheckpointing() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let body = CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 3, interval: "1 min",
                                                mode: "AT_LEAST_ONCE")
        let created = c.call(.upsertApplication, ["env": "prod"], body: body)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.headers["Content-Type"] == "application/json")
        #expect(created.json?["kind"] == .string("FlinkApplication"))
        #expect(created.json?["metadata"]?["name"] == .string("rss-hourly"))
        #expect(created.json?["spec"]?["job"]?["parallelism"] == .int(3))
        let status = try #require(created.json?["status"])
        #expect(status["jobStatus"]?["jobName"]?.stringValue == "rss-hourly")
        #expect(status["jobStatus"]?["state"]?.stringValue == "CREATED")
        #expect(status["lifecycleState"]?.stringValue == "DEPLOYED")
        #expect(status["currentDeployedInstanceName"]?.stringValue?.count == 36)
        #expect(status["error"] == .null)

        // The FlinkCloud job behind it.
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        let envID = try c.cp.cmfEnvironment(name: "prod").environmentID
        let job = try c.cp.job(environmentID: envID, idOrName: jobID)
        #expect(job.name == "rss-hourly")
        #expect(job.parallelism == 3)
        #expect(job.config.checkpointIntervalMillis == 60_000)
        #expect(job.config.checkpointMode == .atLeastOnce)
        #expect(job.sql == CMFTestClient.job1)
        #expect(job.status == .pending)

        // GET and list carry the fields the CLI's `application list` asserts as strings.
        let got = c.call(.getApplication, ["env": "prod", "app": "rss-hourly"])
        #expect(got.status == 200)
        let list = c.call(.listApplications, ["env": "prod"], query: "page=0&size=100")
        #expect(list.items.count == 1)
        #expect(list.items.first?["status"]?["jobStatus"]?["jobName"]?.stringValue == "rss-hourly")
        #expect(list.items.first?["status"]?["jobStatus"]?["state"]?.stringValue != nil)
        #expect(c.call(.listApplications, ["env": "prod"], query: "page=1&size=100").items.isEmpty)
        #expect(c.call(.getApplication, ["env": "prod", "app": "nope-app"]).status == 404)
        #expect(c.call(.listApplications, ["env": "nope"]).status == 404)
    }

    @Test func specChangesCreateExactlyOneInstanceEach() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let p = ["env": "prod", "app": "rss-hourly"]
        func instances() -> [JSONValue] { c.call(.listApplicationInstances, p, query: "size=100").items }
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 2)).status == 201)
        #expect(instances().count == 1)
        // The same document again: no new instance.
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 2)).status == 201)
        #expect(instances().count == 1)
        // Rescale: one new instance on a new job version.
        let rescaled = c.call(.upsertApplication, ["env": "prod"],
                              body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 4))
        #expect(rescaled.status == 201)
        var list = instances()
        #expect(list.count == 2)
        #expect(list.last?["status"]?["spec"]?["job"]?["parallelism"] == .int(4))
        #expect(list.last?["metadata"]?["annotations"]?["flinkcloud.io/job-version"] == .string("2"))
        #expect(list.first?["metadata"]?["annotations"]?["flinkcloud.io/job-version"] == .string("1"))
        #expect(rescaled.json?["status"]?["currentDeployedInstanceName"] == list.last?["metadata"]?["name"])
        // An image change (not part of FlinkCloud's job config): one new instance on the same job version.
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 4,
                                                          image: "confluentinc/cp-flink:1.19.3-cp2")).status == 201)
        list = instances()
        #expect(list.count == 3)
        #expect(list.last?["metadata"]?["annotations"]?["flinkcloud.io/job-version"] == .string("2"))
        // A SQL change: one new instance, job version 3.
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1 + "\n-- v3", parallelism: 4,
                                                          image: "confluentinc/cp-flink:1.19.3-cp2")).status == 201)
        list = instances()
        #expect(list.count == 4)
        #expect(list.last?["metadata"]?["annotations"]?["flinkcloud.io/job-version"] == .string("3"))
        // Instance describe, paging past the end, unknown instance.
        let uid = try #require(list.first?["metadata"]?["name"]?.stringValue)
        let one = c.call(.getApplicationInstance, ["env": "prod", "app": "rss-hourly", "instance": uid])
        #expect(one.status == 200)
        #expect(one.json?["kind"] == .string("FlinkApplicationInstance"))
        #expect(one.json?["metadata"]?["uid"] == .string(uid))
        #expect(one.json?["status"]?["jobStatus"]?["state"]?.stringValue != nil)
        #expect(one.json?["status"]?["spec"]?["job"]?["parallelism"] == .int(2))
        #expect(c.call(.listApplicationInstances, p, query: "page=1&size=4").items.isEmpty)
        #expect(c.call(.listApplicationInstances, p, query: "page=1&size=3").items.count == 1)
        #expect(c.call(.getApplicationInstance, ["env": "prod", "app": "rss-hourly", "instance": "nope"]).status == 404)
    }

    @Test func environmentDefaultsTakePrecedence() throws {
        let c = try CMFTestClient()
        #expect(c.call(.upsertEnvironment, body: #"{"name":"prod","kubernetesNamespace":"d","flinkApplicationDefaults":{"spec":{"flinkConfiguration":{"execution.checkpointing.interval":"30s"}}}}"#).status == 200)
        let created = c.call(.upsertApplication, ["env": "prod"],
                             body: CMFTestClient.sqlApplication("app-one", sql: CMFTestClient.job1, interval: "10s"))
        #expect(created.status == 201, "\(created.text)")
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        let job = try c.cp.job(environmentID: try c.cp.cmfEnvironment(name: "prod").environmentID, idOrName: jobID)
        #expect(job.config.checkpointIntervalMillis == 30_000)
        let instance = c.call(.listApplicationInstances, ["env": "prod", "app": "app-one"]).items.first
        #expect(instance?["status"]?["spec"]?["flinkConfiguration"]?["execution.checkpointing.interval"] == .string("30s"))
    }

    @Test func sqlScriptFileInJobArgsRuns() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let path = NSTemporaryDirectory() + "cmf-\(UUID().uuidString).sql"
        try CMFTestClient.job1.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let body = """
            {"metadata":{"name":"runner-app"},"spec":{"image":"x","job":{"jarURI":"local:///opt/flink/usrlib/sql-runner.jar",
             "args":["file://\(path)"],"parallelism":2}}}
            """
        let created = c.call(.upsertApplication, ["env": "prod"], body: body)
        #expect(created.status == 201, "\(created.text)")
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        let job = try c.cp.job(environmentID: try c.cp.cmfEnvironment(name: "prod").environmentID, idOrName: jobID)
        #expect(job.sql == CMFTestClient.job1)
        #expect(job.parallelism == 2)

        // A script the server cannot read: stored, versioned, reported as not runnable.
        let unreadable = c.call(.upsertApplication, ["env": "prod"], body: """
            {"metadata":{"name":"lost-script"},"spec":{"job":{"jarURI":"local:///x.jar","args":["/nonexistent/dir/job.sql"]}}}
            """)
        #expect(unreadable.status == 201)
        #expect(unreadable.json?["status"]?["error"]?.stringValue?.contains("cannot be read") == true)
        #expect(unreadable.json?["status"]?["jobStatus"]?["state"] == .string("FAILED"))
    }

    @Test func jarApplicationIsStoredVersionedAndReportedAsNotRunnable() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        func jar(_ parallelism: Int) -> String {
            """
            {"apiVersion":"cmf.confluent.io/v1","kind":"FlinkApplication","metadata":{"name":"state-machine"},
             "spec":{"image":"confluentinc/cp-flink:1.19.1-cp2","flinkVersion":"v1_19",
               "job":{"jarURI":"local:///opt/flink/examples/streaming/StateMachineExample.jar","state":"running",
                      "parallelism":\(parallelism),"upgradeMode":"stateless"}}}
            """
        }
        let created = c.call(.upsertApplication, ["env": "prod"], body: jar(3))
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json?["status"]?["jobStatus"]?["state"] == .string("FAILED"))
        #expect(created.json?["status"]?["jobStatus"]?["jobName"] == .string("state-machine"))
        #expect(created.json?["status"]?["lifecycleState"] == .string("FAILED"))
        let error = try #require(created.json?["status"]?["error"]?.stringValue)
        #expect(error.contains("StateMachineExample.jar") && error.contains("cannot run here"))
        #expect(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"] == nil)
        let envID = try c.cp.cmfEnvironment(name: "prod").environmentID
        #expect(try c.cp.jobs(environmentID: envID).items.isEmpty, "no job may be faked for a jar")
        #expect(c.call(.upsertApplication, ["env": "prod"], body: jar(4)).status == 201)
        #expect(c.call(.listApplicationInstances, ["env": "prod", "app": "state-machine"]).items.count == 2)
        let events = c.call(.listApplicationEvents, ["env": "prod", "app": "state-machine"])
        #expect(events.items.contains { $0["status"]?["type"] == .string("JOB_EXCEPTION")
            && $0["status"]?["data"]?["exceptionString"]?.stringValue?.contains("cannot run here") == true })
    }

    @Test func eventsHaveCMFShapesNewestFirst() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let created = c.call(.upsertApplication, ["env": "prod"],
                             body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 2))
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        // The executor reports the job running, then failing.
        try c.cp.reportJobStatus(jobID: jobID, status: .running)
        try c.cp.reportJobStatus(jobID: jobID, status: .failed, failure: "boom at line 3")
        let p = ["env": "prod", "app": "rss-hourly"]
        let page = c.call(.listApplicationEvents, p, query: "page=0&size=100")
        #expect(page.status == 200)
        #expect(page.json?["pageable"] == .null)
        let events = page.items
        #expect(events.count == 5, "\(page.text)")
        for e in events {
            #expect(e["apiVersion"] == .string("cmf.confluent.io/v1alpha1"))
            #expect(e["kind"] == .string("FlinkApplicationEvent"))
            #expect(e["metadata"]?["uid"]?.stringValue?.count == 36)
            #expect(e["metadata"]?["creationTimestamp"]?.stringValue?.hasSuffix("Z") == true)
            // data: null, {newStatus} or {exceptionString} — exactly one key.
            switch e["status"]?["data"] {
            case .null?: break
            case .object(let o)?: #expect(o.keys == ["newStatus"] || o.keys == ["exceptionString"], "\(o.keys)")
            default: Issue.record("bad data \(String(describing: e["status"]?["data"]))")
            }
        }
        let types = events.compactMap { $0["status"]?["type"]?.stringValue }
        #expect(types == ["JOB_STATUS", "JOB_EXCEPTION", "JOB_STATUS", "JOB_STATUS", "CMF_STATUS"])
        #expect(events[0]["status"]?["data"]?["newStatus"] == .string("FAILED"))
        #expect(events[1]["status"]?["data"]?["exceptionString"] == .string("boom at line 3"))
        #expect(events[2]["status"]?["data"]?["newStatus"] == .string("RUNNING"))
        #expect(events[4]["status"]?["data"] == .null)
        #expect(events[4]["status"]?["message"] == .string("FlinkApplication created"))
        #expect(c.call(.listApplicationEvents, p, query: "page=1&size=5").items.isEmpty)
        let app = c.call(.getApplication, p)
        #expect(app.json?["status"]?["jobStatus"]?["state"] == .string("FAILED"))
        #expect(app.json?["status"]?["error"] == .string("boom at line 3"))
    }

    @Test func seedJobSuspendsAndResumesWithInstancesForEachChange() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let p = ["env": "prod", "app": "rss-hourly"]
        let created = c.call(.upsertApplication, ["env": "prod"],
                             body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 2))
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        let envID = try c.cp.cmfEnvironment(name: "prod").environmentID
        try c.cp.reportJobStatus(jobID: jobID, status: .running)
        #expect(c.call(.getApplication, p).json?["status"]?["jobStatus"]?["state"] == .string("RUNNING"))
        #expect(c.call(.getApplication, p).json?["status"]?["lifecycleState"] == .string("STABLE"))

        // Suspend through spec.job.state: the job is stopped.
        let suspended = c.call(.upsertApplication, ["env": "prod"],
                               body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1, parallelism: 2,
                                                                  state: "suspended"))
        #expect(suspended.status == 201)
        #expect(try c.cp.job(environmentID: envID, idOrName: jobID).status == .stopping)
        try c.cp.reportJobStatus(jobID: jobID, status: .stopped)
        #expect(c.call(.getApplication, p).json?["status"]?["jobStatus"]?["state"] == .string("SUSPENDED"))
        #expect(c.call(.getApplication, p).json?["status"]?["lifecycleState"] == .string("SUSPENDED"))

        // Resume through the /start endpoint; suspend again through /suspend.
        let started = c.call(.startApplication, p)
        #expect(started.status == 200, "\(started.text)")
        #expect(started.json?["spec"]?["job"]?["state"] == .string("running"))
        let job = try c.cp.job(environmentID: envID, idOrName: jobID)
        #expect(job.status == .pending)
        #expect(job.parallelism == 2)
        try c.cp.reportJobStatus(jobID: jobID, status: .running)
        #expect(c.call(.suspendApplication, p).json?["spec"]?["job"]?["state"] == .string("suspended"))
        #expect(try c.cp.job(environmentID: envID, idOrName: jobID).status == .stopping)

        // One instance per change: created, suspended, started, suspended. Same job version throughout.
        let instances = c.call(.listApplicationInstances, p, query: "size=100").items
        #expect(instances.map { $0["status"]?["spec"]?["job"]?["state"]?.stringValue } ==
                ["running", "suspended", "running", "suspended"])
        #expect(Set(instances.compactMap { $0["metadata"]?["annotations"]?["flinkcloud.io/job-version"]?.stringValue }) == ["1"])
        #expect(c.call(.startApplication, p, query: "startFromSavepointUid=nope").status == 404)
    }

    @Test func deleteCascadesToJobInstancesEventsAndSavepoints() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let created = c.call(.upsertApplication, ["env": "prod"],
                             body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1))
        let jobID = try #require(created.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        let p = ["env": "prod", "app": "rss-hourly"]
        #expect(c.call(.createApplicationSavepoint, p, body: #"{"metadata":{"name":"sp-one"},"spec":{}}"#).status == 201)
        #expect(c.call(.deleteApplication, p, query: "force=false").status == 204)
        #expect(c.call(.getApplication, p).status == 404)
        #expect(c.call(.listApplicationEvents, p).status == 404)
        #expect(throws: APIError.self) { try c.cp.job(environmentID: try c.cp.cmfEnvironment(name: "prod").environmentID, idOrName: jobID) }
        // Recreating starts a fresh history.
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1)).status == 201)
        #expect(c.call(.listApplicationInstances, p).items.count == 1)
        #expect(c.call(.listApplicationSavepoints, p).items.isEmpty)
        #expect(c.call(.deleteApplication, ["env": "prod", "app": "nope-app"]).status == 404)
    }

    @Test func applicationValidation() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        #expect(c.call(.upsertApplication, ["env": "prod"], body: #"{"metadata":{"name":"ok-name"}}"#).status == 400)
        #expect(c.call(.upsertApplication, ["env": "prod"], body: #"{"metadata":{},"spec":{}}"#).status == 400)
        let bad = c.call(.upsertApplication, ["env": "prod"],
                         body: CMFTestClient.sqlApplication("app-bad", sql: "INSERT INTO t SELECT 1;", interval: "soon"))
        #expect(bad.status == 400)
        #expect(bad.message?.contains("execution.checkpointing.interval") == true)
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("app-bad", sql: "x", parallelism: 99)).status == 400)
        #expect(c.call(.upsertApplication, ["env": "nope"],
                       body: CMFTestClient.sqlApplication("app-ok", sql: "x")).status == 404)
        let yaml = c.api.handleCMF(.upsertApplication, {
            var r = HTTPRequest(method: "POST", path: "/x", headers: HTTPHeaders([("Content-Type", "application/yaml")]),
                                body: Array("kind: FlinkApplication".utf8))
            r.pathParameters = ["env": "prod"]
            return r
        }())
        #expect(yaml.status == 400)   // YAML is read; this document has no metadata.name
    }
}
