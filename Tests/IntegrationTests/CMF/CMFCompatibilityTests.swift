import Foundation
import Testing
import ControlPlane
import HTTP
import Model
@testable import API

/// The rest of CMF's surface: YAML bodies and answers, list filter/search/sort, secrets' environments,
/// resource information, license, Kubernetes clusters, and the Flink web UI forward.
@Suite struct CMFCompatibilityTests {
    static let appYAML = """
    apiVersion: cmf.confluent.io/v1
    kind: FlinkApplication
    metadata:
      name: yaml-app
      labels:
        team: data
      annotations:
        flinkcloud.io/sql: |
          CREATE TABLE out_t (a INT) WITH ('connector' = 'blackhole');
          INSERT INTO out_t SELECT 1;
    spec:
      image: confluentinc/cp-flink:1.19.3-cp1
      flinkVersion: v1_19
      flinkConfiguration:
        execution.checkpointing.interval: 10s
      job:
        jarURI: local:///opt/flink/usrlib/sql-runner.jar
        state: suspended
        parallelism: 2
        upgradeMode: stateless
    """

    @Test func yamlBodiesAndYamlAnswers() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let created = c.call(.upsertApplication, ["env": "prod"], body: Self.appYAML, contentType: "application/yaml")
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json?["spec"]?["job"]?["parallelism"] == .int(2))
        #expect(created.json?["metadata"]?["labels"]?["team"] == .string("data"))
        #expect(try c.cp.job(environmentID: c.cp.cmfEnvironment(name: "prod").environmentID, idOrName: "yaml-app").parallelism == 2)
        // Asked for YAML only, the answer is YAML (and reads back to the same document as the JSON answer).
        let asJSON = c.call(.getApplication, ["env": "prod", "app": "yaml-app"])
        let asYAML = c.call(.getApplication, ["env": "prod", "app": "yaml-app"], accept: "application/yaml")
        #expect(asYAML.headers["Content-Type"] == "application/yaml")
        #expect(asYAML.text.hasPrefix("apiVersion: cmf.confluent.io/v1\n"), "\(asYAML.text)")
        #expect(asYAML.json == asJSON.json)
        #expect(c.call(.getApplication, ["env": "prod", "app": "yaml-app"], accept: "application/json, application/yaml")
                    .headers["Content-Type"]?.contains("json") == true)
        // A YAML environment, and bad YAML → 400 in CMF's error body with the line.
        #expect(c.call(.upsertEnvironment, body: "name: staging\nkubernetesNamespace: default\n", contentType: "application/yaml").status == 200)
        let bad = c.call(.upsertEnvironment, body: "name: x\nname: y\n", contentType: "application/yaml")
        #expect(bad.status == 400)
        #expect(bad.message?.contains("line 2") == true, "\(bad.text)")
        #expect(c.call(.upsertEnvironment, body: "- a\n- b\n", contentType: "text/yaml").status == 400)
    }

    @Test func listsFilterSearchAndSort() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        for (name, team, state) in [("orders-agg", "data", "running"), ("clicks-agg", "web", "suspended"), ("orders-join", "web", "running")] {
            let body = CMFTestClient.sqlApplication(name, sql: "CREATE TABLE \(name.replacingOccurrences(of: "-", with: "_")) (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO \(name.replacingOccurrences(of: "-", with: "_")) SELECT 1;", state: state)
                .replacingOccurrences(of: #""annotations":{"#, with: #""labels":{"team":"\#(team)"},"annotations":{"#)
            #expect(c.call(.upsertApplication, ["env": "prod"], body: body).status == 201)
        }
        func names(_ query: String) -> [String] {
            c.call(.listApplications, ["env": "prod"], query: query).items.compactMap { $0["metadata"]?["name"]?.stringValue }
        }
        #expect(names("filter=name%3Dorders*") == ["orders-agg", "orders-join"])
        #expect(names("filter=labels.team%20in%20(web)&sort=name,desc") == ["orders-join", "clicks-agg"])
        #expect(names("filter=labels.team!=web") == ["orders-agg"])
        #expect(names("filter=spec.job.state=suspended") == ["clicks-agg"])
        #expect(names("filter=name%3Dorders*,labels.team%20notin%20(data)") == ["orders-join"])
        #expect(names("search=JOIN") == ["orders-join"])
        #expect(names("sort=name") == ["clicks-agg", "orders-agg", "orders-join"])
        // Paging applies after filtering; metadata.size is the number that matched; sorted is reported.
        let page = c.call(.listApplications, ["env": "prod"], query: "sort=name&page=1&size=1")
        #expect(page.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["orders-agg"])
        #expect(page.json?["metadata"]?["size"] == .int(3))
        #expect(page.json?["pageable"]?["sort"]?["sorted"] == .bool(true))
        #expect(c.call(.listApplications, ["env": "prod"], query: "sort=name&page=3&size=1").items.isEmpty)
        #expect(c.call(.listApplications, ["env": "prod"], query: "filter=nonsense").status == 400)
        #expect(c.call(.listApplications, ["env": "prod"], query: "sort=name,sideways").status == 400)
        #expect(c.call(.listEnvironments, query: "filter=name=pr*").items.count == 1)
        #expect(c.call(.listEnvironments, query: "filter=name=nope*").items.isEmpty)
    }

    @Test func secretsListTheEnvironmentsThatMapThem() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        #expect(c.environment("dev-env").status == 200)
        #expect(c.call(.createSecret, body: #"{"metadata":{"name":"kafka-creds"},"spec":{"data":{"k":"v"}}}"#).status == 200)
        #expect(c.call(.getSecret, ["secret": "kafka-creds"]).json?["status"]?["environments"] == .array([]))
        for env in ["prod", "dev-env"] {
            #expect(c.call(.createSecretMapping, ["env": env], body: #"{"metadata":{"name":"conn"},"spec":{"secretName":"kafka-creds"}}"#).status == 200)
        }
        #expect(c.call(.getSecret, ["secret": "kafka-creds"]).json?["status"]?["environments"] == .array([.string("dev-env"), .string("prod")]))
        #expect(c.call(.listSecrets).items.first?["status"]?["environments"]?.arrayValue?.count == 2)
        #expect(c.call(.deleteSecretMapping, ["env": "prod", "mapping": "conn"]).status == 204)
        #expect(c.call(.getSecret, ["secret": "kafka-creds"]).json?["status"]?["environments"] == .array([.string("dev-env")]))
    }

    @Test func resourceInformationLicenseAndKubernetesClusters() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        #expect(c.call(.upsertApplication, ["env": "prod"], body: CMFTestClient.sqlApplication("app-one", sql: CMFTestClient.job1)).status == 201)
        let info = c.call(.getResourceInformation)
        #expect(info.status == 200)
        #expect(info.json?["status"]?["environments"] == .int(1))
        #expect(info.json?["status"]?["applications"] == .int(1))
        let license = c.call(.getLicense)
        #expect(license.json?["kind"] == .string("C3LicenseInformation"))
        #expect(license.json?["status"]?["status"] == .string("VALID"))
        let clusters = c.call(.listKubernetesClusters)
        #expect(clusters.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["flinkcloud-local"])
        #expect(clusters.items.first?["kind"] == .string("KubernetesCluster"))
        #expect(c.call(.listKubernetesClusters, query: "page=1").items.isEmpty)
        #expect(c.call(.getKubernetesCluster, ["cluster": "other"]).status == 404)
        let put = c.call(.updateKubernetesCluster, ["cluster": "flinkcloud-local"], body: #"{"spec":{"lifecycleState":"DRAINING"}}"#)
        #expect(put.status == 200, "\(put.text)")
        #expect(c.call(.getKubernetesCluster, ["cluster": "flinkcloud-local"]).json?["spec"]?["lifecycleState"] == .string("DRAINING"))
        #expect(c.call(.updateKubernetesCluster, ["cluster": "flinkcloud-local"], body: #"{"spec":{}}"#).status == 400)
    }

    @Test func webUIForwardShowsTheResourcesJob() throws {
        let c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        let app = c.call(.upsertApplication, ["env": "prod"], body: CMFTestClient.sqlApplication("app-one", sql: CMFTestClient.job1))
        let jobID = try #require(app.json?["metadata"]?["annotations"]?["flinkcloud.io/job-id"]?.stringValue)
        let p = ["env": "prod", "app": "app-one"]
        let page = c.call(.applicationWebUI, p)
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(page.text.contains(FlinkIDs.job(jobID)))
        let overview = c.call(.applicationWebUIJobs, p)
        #expect(overview.json?["jobs"]?.arrayValue?.count == 1)
        #expect(overview.json?["jobs"]?.arrayValue?.first?["jid"] == .string(FlinkIDs.job(jobID)))
        var job = p
        job["jobid"] = FlinkIDs.job(jobID)
        #expect(c.call(.applicationWebUIJob, job).json?["jid"] == .string(FlinkIDs.job(jobID)))
        job["jobid"] = String(repeating: "0", count: 32)
        #expect(c.call(.applicationWebUIJob, job).status == 404)
        // A statement without a job (DDL) has no web UI.
        #expect(c.call(.createComputePool, ["env": "prod"], body: #"{"metadata":{"name":"pool-one"},"spec":{}}"#).status == 200)
        #expect(c.call(.createStatement, ["env": "prod"], body: #"{"metadata":{"name":"show-one"},"spec":{"statement":"SHOW TABLES","computePoolName":"pool-one"}}"#).status == 200)
        #expect(c.call(.statementWebUI, ["env": "prod", "stmt": "show-one"]).status == 404)
        #expect(c.call(.applicationWebUI, ["env": "prod", "app": "nope-app"]).status == 404)
    }
}
