import Foundation
import Testing
import ControlPlane
import HTTP
import Model
@testable import API

/// Savepoints, detached savepoints, secrets, mappings, catalogs, databases, system information, routing.
@Suite struct CMFResourceTests {
    let c: CMFTestClient

    init() throws {
        c = try CMFTestClient()
        #expect(c.environment("prod").status == 200)
        #expect(c.call(.upsertApplication, ["env": "prod"],
                       body: CMFTestClient.sqlApplication("rss-hourly", sql: CMFTestClient.job1)).status == 201)
    }

    @Test func applicationSavepointsAreRecordedHonestlyAndDetach() throws {
        let p = ["env": "prod", "app": "rss-hourly"]
        // The CLI's body without a name: the server generates one.
        let created = c.call(.createApplicationSavepoint, p, body: #"{"apiVersion":"cmf.confluent.io/v1","kind":"Savepoint","metadata":{},"spec":{"backoffLimit":0,"formatType":"CANONICAL"},"status":{"path":""}}"#)
        #expect(created.status == 201, "\(created.text)")
        let name = try #require(created.json?["metadata"]?["name"]?.stringValue)
        #expect(name.hasPrefix("savepoint-"))
        #expect(created.json?["metadata"]?["uid"]?.stringValue?.count == 36)
        // No runtime here: the job never runs, so the savepoint cannot be taken — FAILED with the reason.
        #expect(created.json?["status"]?["state"] == .string("FAILED"))
        #expect(created.json?["status"]?["error"]?.stringValue?.contains("not RUNNING") == true, "\(created.text)")
        #expect(created.json?["spec"]?["backoffLimit"] == .int(0))
        let named = c.call(.createApplicationSavepoint, p, body: #"{"metadata":{"name":"before-upgrade"},"spec":{}}"#)
        #expect(named.json?["spec"]?["formatType"] == .string("CANONICAL"))
        #expect(named.json?["spec"]?["backoffLimit"] == .int(-1))
        #expect(c.call(.createApplicationSavepoint, p, body: #"{"metadata":{"name":"before-upgrade"}}"#).status == 409)
        #expect(c.call(.createApplicationSavepoint, p, body: #"{"spec":{"formatType":"ZIP"}}"#).status == 400)
        #expect(c.call(.listApplicationSavepoints, p, query: "page=0&size=10").items.count == 2)
        #expect(c.call(.listApplicationSavepoints, p, query: "page=1&size=10").items.isEmpty)
        var sp = p
        sp["savepoint"] = "before-upgrade"
        #expect(c.call(.getApplicationSavepoint, sp).json?["metadata"]?["name"] == .string("before-upgrade"))
        // startFromSavepointUid must name one of the application's savepoints, and a completed one.
        let uid = try #require(named.json?["metadata"]?["uid"]?.stringValue)
        let started = c.call(.startApplication, p, query: "startFromSavepointUid=\(uid)")
        #expect(started.status == 409, "\(started.text)")
        #expect(c.call(.startApplication, p, query: "startFromSavepointUid=nope").status == 404)
        // Detach: it leaves the application and becomes a detached savepoint.
        let detached = c.call(.detachApplicationSavepoint, sp)
        #expect(detached.status == 200, "\(detached.text)")
        #expect(c.call(.getApplicationSavepoint, sp).status == 404)
        #expect(c.call(.getDetachedSavepoint, ["savepoint": "before-upgrade"]).status == 200)
        sp["savepoint"] = name
        #expect(c.call(.deleteApplicationSavepoint, sp, query: "force=true").status == 204)
        #expect(c.call(.getApplicationSavepoint, sp).status == 404)
        #expect(c.call(.listApplicationSavepoints, ["env": "prod", "app": "nope-app"]).status == 404)
    }

    @Test func statementSavepoints() throws {
        #expect(c.call(.createComputePool, ["env": "prod"], body: #"{"metadata":{"name":"pool-one"},"spec":{}}"#).status == 200)
        #expect(c.call(.createStatement, ["env": "prod"], body: #"{"metadata":{"name":"show-one"},"spec":{"statement":"SHOW TABLES","computePoolName":"pool-one"}}"#).status == 200)
        let p = ["env": "prod", "stmt": "show-one"]
        let sp = c.call(.createStatementSavepoint, p, body: #"{"metadata":{"name":"sp-stmt"}}"#)
        #expect(sp.status == 201)
        #expect(sp.json?["status"]?["state"] == .string("FAILED"))
        #expect(sp.json?["status"]?["error"]?.stringValue?.contains("run as jobs") == true, "\(sp.text)")
        #expect(c.call(.listStatementSavepoints, p).items.count == 1)
        #expect(c.call(.getStatementSavepoint, ["env": "prod", "stmt": "show-one", "savepoint": "sp-stmt"]).status == 200)
        #expect(c.call(.deleteStatementSavepoint, ["env": "prod", "stmt": "show-one", "savepoint": "sp-stmt"]).status == 204)
        #expect(c.call(.listStatementSavepoints, p).items.isEmpty)
    }

    @Test func detachedSavepointsFilterByNamePrefix() throws {
        for name in ["nightly-one", "nightly-two", "manual-one"] {
            let r = c.call(.createDetachedSavepoint, body: #"{"metadata":{"name":"\#(name)"},"spec":{"path":"file:///savepoints/\#(name)"},"status":{"path":"file:///savepoints/\#(name)"}}"#)
            #expect(r.status == 201)
            #expect(r.json?["status"]?["state"] == .string("COMPLETED"))
            #expect(r.json?["status"]?["path"] == .string("file:///savepoints/\(name)"))
        }
        #expect(c.call(.createDetachedSavepoint, body: #"{"metadata":{"name":"no-path"},"spec":{}}"#).status == 400)
        #expect(c.call(.createDetachedSavepoint, body: #"{"metadata":{"name":"manual-one"},"spec":{"path":"/x"}}"#).status == 409)
        // The CLI always sends name=, empty meaning all.
        #expect(c.call(.listDetachedSavepoints, query: "name=&page=0&size=100").items.count == 3)
        #expect(c.call(.listDetachedSavepoints, query: "name=nightly&page=0&size=100").items.count == 2)
        #expect(c.call(.listDetachedSavepoints, query: "name=&page=1&size=100").items.isEmpty)
        #expect(c.call(.deleteDetachedSavepoint, ["savepoint": "manual-one"]).status == 204)
        #expect(c.call(.getDetachedSavepoint, ["savepoint": "manual-one"]).status == 404)
    }

    @Test func secretsAreMaskedAndMappingsReferenceThem() throws {
        let created = c.call(.createSecret, body: #"{"apiVersion":"cmf.confluent.io/v1","kind":"Secret","metadata":{"name":"kafka-creds"},"spec":{"data":{"sasl.jaas.config":"hunter2"}}}"#)
        #expect(created.status == 200, "\(created.text)")
        #expect(created.json?["spec"]?["data"]?["sasl.jaas.config"] == .string("********"))
        #expect(!created.text.contains("hunter2"))
        #expect(created.json?["status"]?["version"] == .string("1"))
        #expect(c.call(.createSecret, body: #"{"metadata":{"name":"kafka-creds"},"spec":{"data":{}}}"#).status == 409)
        #expect(c.call(.createSecret, body: #"{"metadata":{"name":"bad-data"},"spec":{"data":{"a":1}}}"#).status == 400)
        let updated = c.call(.updateSecret, ["secret": "kafka-creds"], body: #"{"metadata":{"name":"kafka-creds"},"spec":{"data":{"k":"v2"}}}"#)
        #expect(updated.json?["status"]?["version"] == .string("2"))
        #expect(!c.call(.getSecret, ["secret": "kafka-creds"]).text.contains("v2"))
        #expect(c.call(.listSecrets, query: "page=0&size=10").items.count == 1)
        #expect(c.call(.listSecrets, query: "page=1&size=10").items.isEmpty)

        let mapping = c.call(.createSecretMapping, ["env": "prod"], body: #"{"metadata":{"name":"kafka-conn"},"spec":{"secretName":"kafka-creds"}}"#)
        #expect(mapping.status == 200, "\(mapping.text)")
        #expect(mapping.json?["kind"] == .string("EnvironmentSecretMapping"))
        #expect(c.call(.createSecretMapping, ["env": "prod"], body: #"{"metadata":{"name":"kafka-conn"},"spec":{"secretName":"kafka-creds"}}"#).status == 409)
        #expect(c.call(.createSecretMapping, ["env": "prod"], body: #"{"metadata":{"name":"other-conn"},"spec":{"secretName":"missing"}}"#).status == 404)
        #expect(c.call(.createSecretMapping, ["env": "nope"], body: #"{"metadata":{"name":"other-conn"},"spec":{"secretName":"kafka-creds"}}"#).status == 404)
        let m = ["env": "prod", "mapping": "kafka-conn"]
        #expect(c.call(.updateSecretMapping, m, body: #"{"metadata":{"name":"kafka-conn"},"spec":{"secretName":"kafka-creds"}}"#).status == 200)
        #expect(c.call(.getSecretMapping, m).json?["spec"]?["secretName"] == .string("kafka-creds"))
        #expect(c.call(.listSecretMappings, ["env": "prod"]).items.count == 1)
        #expect(c.call(.deleteSecretMapping, m).status == 204)
        #expect(c.call(.getSecretMapping, m).status == 404)
        #expect(c.call(.deleteSecret, ["secret": "kafka-creds"]).status == 204)
        #expect(c.call(.getSecret, ["secret": "kafka-creds"]).status == 404)
    }

    @Test func kafkaCatalogsAndDatabases() throws {
        let catalog = c.call(.createKafkaCatalog, body: #"{"apiVersion":"cmf.confluent.io/v1","kind":"KafkaCatalog","metadata":{"name":"kafka-cat"},"spec":{"srInstance":{"connectionConfig":{"schema.registry.url":"http://sr:8081"}},"kafkaClusters":[]}}"#)
        #expect(catalog.status == 200, "\(catalog.text)")
        #expect(catalog.json?["status"]?["environmentsWithAccess"] == .array([]))
        #expect(c.call(.createKafkaCatalog, body: #"{"metadata":{"name":"kafka-cat"},"spec":{}}"#).status == 409)
        // PUT answers an empty 200; the CLI reads it back with GET.
        let put = c.call(.updateKafkaCatalog, ["catalog": "kafka-cat"], body: #"{"metadata":{"name":"kafka-cat"},"spec":{"kafkaClusters":[{"databaseName":"db"}]}}"#)
        #expect(put.status == 200)
        #expect(put.text.isEmpty)
        #expect(c.call(.getKafkaCatalog, ["catalog": "kafka-cat"]).json?["spec"]?["kafkaClusters"]?.arrayValue?.count == 1)
        let db = c.call(.createKafkaDatabase, ["catalog": "kafka-cat"], body: #"{"metadata":{"name":"orders-db"},"spec":{"kafkaCluster":{"connectionConfig":{"bootstrap.servers":"k:9092"}}}}"#)
        #expect(db.status == 200, "\(db.text)")
        #expect(c.call(.createKafkaDatabase, ["catalog": "nope-cat"], body: #"{"metadata":{"name":"orders-db"},"spec":{}}"#).status == 404)
        let d = ["catalog": "kafka-cat", "database": "orders-db"]
        #expect(c.call(.updateKafkaDatabase, d, body: #"{"metadata":{"name":"orders-db"},"spec":{"kafkaCluster":{}}}"#).status == 200)
        #expect(c.call(.getKafkaDatabase, d).status == 200)
        #expect(c.call(.listKafkaDatabases, ["catalog": "kafka-cat"], query: "page=0&size=5").items.count == 1)
        #expect(c.call(.listKafkaDatabases, ["catalog": "kafka-cat"], query: "page=1&size=5").items.isEmpty)
        #expect(c.call(.listKafkaCatalogs, query: "page=1&size=5").items.isEmpty)
        // Deleting the catalog takes its databases.
        #expect(c.call(.deleteKafkaCatalog, ["catalog": "kafka-cat"]).status == 204)
        #expect(c.call(.createKafkaCatalog, body: #"{"metadata":{"name":"kafka-cat"},"spec":{}}"#).status == 200)
        #expect(c.call(.listKafkaDatabases, ["catalog": "kafka-cat"]).items.isEmpty)
        #expect(c.call(.deleteKafkaDatabase, d).status == 404)
    }

    @Test func systemInformation() {
        let r = c.call(.getSystemInformation)
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "application/json")
        #expect(r.json?["status"]?["version"] == .string("2.3.1-local"))
        #expect(r.json?["status"]?["revision"]?.stringValue?.isEmpty == false)
    }

    @Test func routerServesCMFPathsIncludingDoubleSlash() throws {
        let router = c.api.makeRouter()
        for path in ["/cmf/api/v1/environments", "//cmf/api/v1/environments"] {
            var r = HTTPRequest(method: "GET", path: path, query: "page=0&size=10", headers: HTTPHeaders([("Host", "h")]))
            _ = router.prepare(&r)
            let resp = router.handle(r)
            #expect(resp.status == 200, "\(path)")
            #expect(resp.headers["Content-Type"] == "application/json")
        }
        var events = HTTPRequest(method: "GET", path: "/cmf/api/v1alpha1/environments/prod/applications/rss-hourly/events")
        _ = router.prepare(&events)
        #expect(router.handle(events).status == 200)
    }
}
