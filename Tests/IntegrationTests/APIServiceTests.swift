import Foundation
import Testing
import ControlPlane
import HTTP
import Model
@testable import API

/// The API layer in-process (no sockets): decoding, status codes, envelopes, paging links, error mapping.
@Suite struct APIServiceTests {
    let cp: ControlPlane
    let api: APIService

    init() throws {
        cp = try ControlPlane.inMemory(seed: 7)
        try cp.ensureApiKey(id: "KEY", secret: "SECRET")
        api = APIService(controlPlane: cp, authRequired: true, links: BaseURL(external: nil, fallback: "http://fallback"),
                         logger: Logger(level: .error, sink: { _ in }))
    }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let json: JSONValue?
        let text: String
    }

    func call(_ e: Endpoint, _ params: [String: String] = [:], query: String = "", body: String? = nil,
              auth: Bool = true, headers: [(String, String)] = []) -> Reply {
        var h = HTTPHeaders([("Host", "example.test:9")] + headers)
        if auth { h.set("Authorization", BasicCredentials(key: "KEY", secret: "SECRET").headerValue) }
        // The path as a client sends it (answers are cached by path).
        var path = e.pattern
        for (name, value) in params { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        var r = HTTPRequest(method: e.method, path: path, query: query, headers: h, body: Array((body ?? "").utf8))
        r.pathParameters = params
        r.requestID = "req-1"
        let resp = api.handle(e, r)
        guard case .bytes(let b) = resp.body else { return Reply(status: resp.status, headers: resp.headers, json: nil, text: "") }
        return Reply(status: resp.status, headers: resp.headers, json: try? JSONParser.parse(b), text: String(decoding: b, as: UTF8.self))
    }

    var env: String { cp.defaults.environmentID }

    @Test func healthAndReadyNeedNoAuth() {
        #expect(call(.health, auth: false).status == 200)
        #expect(call(.ready, auth: false).status == 200)
    }

    @Test func unauthenticatedGets401Envelope() {
        let r = call(.listEnvironments, auth: false)
        #expect(r.status == 401)
        #expect(r.headers["WWW-Authenticate"]?.contains(#"error="invalid_key""#) == true)
        let err = r.json?["errors"]?.arrayValue?.first
        #expect(err?["code"] == .string("user_unauthenticated"))
        #expect(err?["status"] == .string("401"))
        #expect(err?["id"]?.stringValue?.isEmpty == false)
        let wrong = call(.listEnvironments, auth: false, headers: [("Authorization", BasicCredentials(key: "KEY", secret: "nope").headerValue)])
        #expect(wrong.status == 401)
    }

    @Test func environmentCRUD() throws {
        let created = call(.createEnvironment, body: #"{"display_name":"staging","unknown":1}"#)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json?["id"]?.stringValue)
        #expect(created.headers["Location"] == "http://example.test:9/org/v2/environments/\(id)")
        #expect(created.json?["metadata"]?["self"] == .string("http://example.test:9/org/v2/environments/\(id)"))
        #expect(created.json?["metadata"]?["resource_version"] == .string("1"))
        #expect(created.json?["stream_governance_config"]?["package"] == .string("ESSENTIALS"))
        #expect(call(.getEnvironment, ["id": id]).status == 200)
        let patched = call(.updateEnvironment, ["id": id], body: #"{"display_name":"prod"}"#)
        #expect(patched.status == 200)
        #expect(patched.json?["display_name"] == .string("prod"))
        let stale = call(.updateEnvironment, ["id": id], body: #"{"display_name":"x"}"#, headers: [("If-Match", "1")])
        #expect(stale.status == 409, "\(stale.text)")
        #expect(call(.deleteEnvironment, ["id": id]).status == 204)
        #expect(call(.getEnvironment, ["id": id]).status == 404)
    }

    @Test func bodyErrorsCarryPointers() throws {
        let wrongType = call(.createJob, ["env": env], body: #"{"name":"a","sql":"SELECT 1","parallelism":"2"}"#)
        #expect(wrongType.status == 400)
        #expect(wrongType.json?["errors"]?.arrayValue?.first?["source"]?["pointer"] == .string("/parallelism"))
        let malformed = call(.createJob, ["env": env], body: #"{"name": "#)
        #expect(malformed.status == 400)
        #expect(malformed.json?["errors"]?.arrayValue?.first?["detail"]?.stringValue?.contains("line 1") == true)
        let missing = call(.createComputePool, body: #"{"spec":{"display_name":"p","max_cfu":5}}"#)
        #expect(missing.status == 400)
        #expect(missing.json?["errors"]?.arrayValue?.first?["source"]?["pointer"] == .string("/spec/environment/id"))
        let label = call(.createJob, ["env": env], body: #"{"name":"a","sql":"SELECT 1","labels":{"k":1}}"#)
        #expect(label.json?["errors"]?.arrayValue?.first?["source"]?["pointer"] == .string("/labels/k"))
    }

    @Test func poolsNeedEnvironmentParameter() {
        let r = call(.listComputePools)
        #expect(r.status == 400)
        #expect(r.json?["errors"]?.arrayValue?.first?["source"]?["parameter"] == .string("environment"))
        let ok = call(.listComputePools, query: "environment=\(env)")
        #expect(ok.status == 200)
        #expect(ok.json?["data"]?.arrayValue?.count == 1)
        #expect(ok.json?["kind"] == .string("ComputePoolList"))
    }

    @Test func jobLifecycleAndVersions() throws {
        let created = call(.createJob, ["env": env], body: #"{"name":"lag-1","sql":"SELECT 1","parallelism":2}"#)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json?["id"]?.stringValue)
        #expect(created.json?["spec"]?["checkpoint_interval"] == .int(300000))
        #expect(created.json?["spec"]?["checkpoint_mode"] == .string("EXACTLY_ONCE"))
        #expect(created.json?["status"]?["current_version"] == .int(1))
        let patched = call(.updateJob, ["env": env, "job": "lag-1"], body: #"{"sql":"SELECT 2"}"#)
        #expect(patched.status == 200, "\(patched.text)")
        #expect(patched.json?["status"]?["current_version"] == .int(2))
        let rolled = call(.rollbackJob, ["env": env, "job": id], body: #"{"version":1}"#)
        #expect(rolled.status == 200, "\(rolled.text)")
        #expect(rolled.json?["spec"]?["sql"] == .string("SELECT 1"))
        let versions = call(.listJobVersions, ["env": env, "job": id])
        #expect(versions.json?["data"]?.arrayValue?.map { $0["version"] } == [.int(1), .int(2), .int(3)])
        #expect(versions.json?["data"]?.arrayValue?.first?["created_by"] == .string("KEY"))
        let v2 = call(.getJobVersion, ["env": env, "job": id, "version": "2"])
        #expect(v2.json?["sql"] == .string("SELECT 2"))
        let cmp = call(.compareJobVersions, ["env": env, "job": id], query: "from=1&to=2")
        #expect(cmp.status == 200)
        #expect(cmp.json?["sql_diff"]?.stringValue?.contains("+SELECT 2") == true)
        let viaParam = call(.getJobVersion, ["env": env, "job": id, "version": "compare"], query: "from=1&to=2")
        #expect(viaParam.status == 200)
        #expect(call(.getJobVersion, ["env": env, "job": id, "version": "x"]).status == 400)
        #expect(call(.stopJob, ["env": env, "job": id]).status == 200)
        #expect(call(.resumeJob, ["env": env, "job": id]).status == 200)
        #expect(call(.deleteJob, ["env": env, "job": id]).status == 204)
        #expect(call(.getJob, ["env": env, "job": id]).status == 404)
    }

    @Test func rollingUpdateFieldsOnTheWire() throws {
        let ddl = "CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');\n"
            + "CREATE TABLE counts (k INT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', "
            + "'topic' = 'counts', 'key.format' = 'json', 'value.format' = 'json');\n"
        func body(_ sql: String, _ extra: String = "") -> String {
            var w = JSONWriter()
            w.beginObject()
            w.member("sql", sql)
            w.endObject()
            return String(decoding: w.bytes, as: UTF8.self).dropLast() + extra + "}"
        }
        let v1 = ddl + "INSERT INTO counts SELECT MOD(id, 5), COUNT(*) FROM src GROUP BY MOD(id, 5);"
        let v2 = ddl + "INSERT INTO counts SELECT MOD(id, 5), COUNT(name) FROM src GROUP BY MOD(id, 5);"
        let created = call(.createJob, ["env": env], body: body(v1, #","name":"upd","auto_rollback":false,"rollback_probation":5000"#))
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json?["spec"]?["auto_rollback"] == .bool(false))
        #expect(created.json?["spec"]?["rollback_probation"] == .int(5000))
        #expect(created.json?["status"]?["update_phase"] == .null)
        #expect(call(.updateJob, ["env": env, "job": "upd"], body: #"{"rollback_probation":-1}"#).status == 400)

        let changed = call(.updateJob, ["env": env, "job": "upd"], body: body(v2))
        #expect(changed.status == 200, "\(changed.text)")
        #expect(changed.json?["status"]?["state_restore"]?["mode"] == .string("OFFSETS_ONLY"))
        #expect(changed.json?["status"]?["state_restore"]?["reason"]?.stringValue?.contains("GroupAggregate") == true)
        #expect(changed.json?["status"]?["state_restore"]?["from_version"] == .int(1))
        let rescaled = call(.updateJob, ["env": env, "job": "upd"], body: #"{"parallelism":2}"#)
        #expect(rescaled.json?["status"]?["state_restore"]?["mode"] == .string("CARRIED_OVER"))
        #expect(rescaled.json?["status"]?["state_restore"]?["reason"]?.stringValue?.contains("Rescale 1 → 2") == true)

        let versions = call(.listJobVersions, ["env": env, "job": "upd"]).json?["data"]?.arrayValue ?? []
        #expect(versions.map { $0["cause"] } == [.string("CREATED"), .string("UPDATE"), .string("UPDATE")])
        #expect(versions.map { $0["restore_from_version"] } == [.null, .int(1), .int(2)])
        #expect(versions.last?["switch_gap_ms"] == .null)
        #expect(versions.last?["config"]?["auto_rollback"] == .bool(false))

        let incompatible = call(.compareJobVersions, ["env": env, "job": "upd"], query: "from=1&to=2")
        #expect(incompatible.json?["state_compatible"] == .bool(false))
        #expect(incompatible.json?["sql_diff"]?.stringValue?.contains("+INSERT INTO counts SELECT MOD(id, 5), COUNT(name)") == true)
        let rescale = call(.compareJobVersions, ["env": env, "job": "upd"], query: "from=2&to=3")
        #expect(rescale.json?["state_compatible"] == .bool(true))
        #expect(rescale.json?["sql_diff"] == .string(""))
        #expect(rescale.json?["changed_config"]?.arrayValue?.map { $0["key"] } == [.string("parallelism")])

        let rolled = call(.rollbackJob, ["env": env, "job": "upd"], body: #"{"version":1}"#)
        #expect(rolled.status == 200, "\(rolled.text)")
        #expect(rolled.json?["status"]?["current_version"] == .int(4))
        let v4 = call(.getJobVersion, ["env": env, "job": "upd", "version": "4"])
        #expect(v4.json?["cause"] == .string("ROLLBACK") && v4.json?["rolled_back_from"] == .int(1))
    }

    @Test func invalidSQLIs400WithLineAndColumn() throws {
        let bad = call(.createJob, ["env": env], body: #"{"name":"bad","sql":"SELECT a\nFROM t\nGROUP a;"}"#)
        #expect(bad.status == 400)
        let error = bad.json?["errors"]?.arrayValue?.first
        #expect(error?["code"] == .string("sql_parse_error"))
        #expect(error?["source"]?["pointer"] == .string("/sql"))
        #expect(error?["source"]?["line"] == .int(3))
        #expect(error?["source"]?["column"] == .int(7))
        #expect(error?["detail"]?.stringValue?.hasPrefix("SQL parse failed. Encountered") == true)
        #expect(call(.listJobs, ["env": env]).json?["data"]?.arrayValue?.isEmpty == true)
    }

    @Test func validateAnswersThePlanOrTheErrors() throws {
        let sql = #"CREATE TABLE t (a INT, b STRING) WITH ('connector' = 'blackhole');\nINSERT INTO t SELECT a, b FROM (VALUES (1, 'x')) AS v(a, b);"#
        let ok = call(.validateJob, ["env": env], body: #"{"sql":"\#(sql)","parallelism":2}"#)
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.json?["valid"] == .bool(true))
        #expect(ok.json?["statements"]?.arrayValue?.map { $0["kind"] } == [.string("CREATE_TABLE"), .string("INSERT")])
        #expect(ok.json?["statements"]?.arrayValue?.last?["line"] == .int(2))
        #expect(ok.json?["schema"]?.arrayValue?.map { $0["type"] } == [.string("INT"), .string("STRING")])
        #expect(ok.json?["changelog_mode"] == .string("append"))
        #expect(ok.json?["graph"]?["nodes"]?.arrayValue?.isEmpty == false)
        #expect(ok.json?["graph"]?["edges"]?.arrayValue?.first?["ship_strategy"] != nil)
        let bad = call(.validateJob, ["env": env], body: #"{"sql":"SELECT nope FROM (VALUES (1)) AS v(a)"}"#)
        #expect(bad.status == 200)
        #expect(bad.json?["valid"] == .bool(false))
        let error = bad.json?["errors"]?.arrayValue?.first
        #expect(error?["code"] == .string("sql_validation_error"))
        #expect(error?["source"]?["line"] == .int(1) && error?["source"]?["column"] == .int(8), "\(bad.text)")
        #expect(call(.validateJob, ["env": env], body: #"{"parallelism":1}"#).status == 400)
        #expect(call(.listJobs, ["env": env]).json?["data"]?.arrayValue?.isEmpty == true)
    }

    @Test func pagingBuildsAbsoluteNext() throws {
        for i in 0..<5 {
            #expect(call(.createJob, ["env": env], body: #"{"name":"p-\#(i)","sql":"SELECT 1","labels":{"team":"a"}}"#).status == 201)
        }
        var seen: [String] = []
        var query = "page_size=2&label=team%3Da"
        var pages = 0
        while true {
            let r = call(.listJobs, ["env": env], query: query)
            #expect(r.status == 200, "\(r.text)")
            seen += r.json?["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(r.json?["metadata"]?["total_size"] == .int(5))
            pages += 1
            let next = try #require(r.json?["metadata"]?["next"]?.stringValue)
            if next.isEmpty { break }
            #expect(next.hasPrefix("http://example.test:9/flink/v1/environments/\(env)/jobs?"))
            #expect(next.contains("label=team%3Da"))
            query = String(next.split(separator: "?", maxSplits: 1)[1])
            if pages > 5 { break }
        }
        #expect(pages == 3)
        #expect(seen == (0..<5).map { "p-\($0)" })
        #expect(call(.listJobs, ["env": env], query: "page_size=0").status == 400)
        #expect(call(.listJobs, ["env": env], query: "status=BOGUS").status == 400)
    }

    @Test func apiKeysCreateListDelete() throws {
        let created = call(.createApiKey, body: #"{"spec":{"description":"ci"}}"#)
        #expect(created.status == 202, "\(created.text)")
        let id = try #require(created.json?["id"]?.stringValue)
        let secret = try #require(created.json?["spec"]?["secret"]?.stringValue)
        let listed = call(.listApiKeys)
        #expect(listed.text.contains(id))
        #expect(!listed.text.contains(secret))
        // The new key authenticates.
        var h = HTTPHeaders()
        h.set("Authorization", BasicCredentials(key: id, secret: secret).headerValue)
        #expect(api.handle(.listRegions, HTTPRequest(method: "GET", path: "/fcpm/v2/regions", headers: h)).status == 200)
        #expect(call(.deleteApiKey, ["id": id]).status == 204)
        #expect(api.handle(.listRegions, HTTPRequest(method: "GET", path: "/fcpm/v2/regions", headers: h)).status == 401)
    }

    @Test func externalURLWinsOverHost() {
        let ext = APIService(controlPlane: cp, authRequired: false, links: BaseURL(external: "https://flink.example", fallback: "x"),
                             logger: Logger(level: .error, sink: { _ in }))
        var r = HTTPRequest(method: "GET", path: "/org/v2/environments", headers: HTTPHeaders([("Host", "evil")]))
        r.requestID = "r"
        guard case .bytes(let b) = ext.handle(.listEnvironments, r).body else { Issue.record("no body"); return }
        #expect(String(decoding: b, as: UTF8.self).contains("https://flink.example/org/v2/environments/"))
    }
}
