import Foundation
import Model
import Testing
import TestSupport

/// sql/v1 and the Confluent CLI's login path against the real binary over HTTP.
@Suite(.serialized) struct StatementsHTTPTests {
    func poll(_ client: TestHTTPClient, _ url: String, until done: (JSONValue) -> Bool, seconds: Double = 20) throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let r = try client.get(url)
            if let j = r.json, done(j) || Date() > deadline { return j }
            if Date() > deadline { return .null }
            usleep(50_000)
        }
    }

    func phase(_ j: JSONValue) -> String { j["status"]?["phase"]?.stringValue ?? "" }

    @Test func cliLoginPathIssuesVerifiedJWTs() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let anon = server.client(auth: false)
        let realm = try anon.get("/api/login/realm?email=x&client_id=cli")
        #expect(realm.status == 200)
        #expect(realm.json?["is_sso"] == .bool(false))
        let bad = try anon.send("POST", "/api/sessions", json: #"{"email":"\#(server.apiKey)","password":"wrong"}"#)
        #expect(bad.status == 401)
        let login = try anon.send("POST", "/api/sessions", json: #"{"email":"\#(server.apiKey)","password":"\#(server.apiSecret)"}"#)
        #expect(login.status == 200)
        let token = try #require(login.json?["token"]?.stringValue)
        #expect(token.split(separator: ".").count == 3)
        #expect(login.json?["refresh_token"]?.stringValue?.isEmpty == false)
        let bearer = TestHTTPClient(host: server.host, port: server.port, authorization: "Bearer " + token)
        let me = try bearer.get("/api/me")
        #expect(me.status == 200)
        let org = try #require(me.json?["organization"]?["resource_id"]?.stringValue)
        let env = try #require(me.json?["accounts"]?.arrayValue?.first?["id"]?.stringValue)
        // The control plane under /api with the session token.
        #expect(try bearer.get("/api/org/v2/environments/\(env)").status == 200)
        let regions = try bearer.get("/api/fcpm/v2/regions?cloud=AWS&region_name=us-east-1&page_size=100")
        #expect(regions.json?["data"]?.arrayValue?.first?["http_endpoint"] == .string(server.baseURL))
        let endpoints = try bearer.get("/api/endpoint/v1/endpoints?service=FLINK&environment=\(env)&cloud=AWS&region=us-east-1")
        #expect(endpoints.json?["data"]?.arrayValue?.first?["endpoint"] == .string(server.baseURL))
        #expect(endpoints.json?["data"]?.arrayValue?.first?["endpoint_type"] == .string("REST"))
        let clusters = try bearer.get("/api/cmk/v2/clusters?environment=\(env)")
        #expect(clusters.json?["data"]?.arrayValue?.count == 1)
        #expect(clusters.json?["data"]?.arrayValue?.first?["spec"]?["http_endpoint"] == .string(server.baseURL))
        // The data-plane token, at the path the CLI builds from its login URL.
        let access = try bearer.send("POST", "/confluent.cloud/api/access_tokens", json: "{}")
        #expect(access.status == 200)
        let dataPlane = try #require(access.json?["token"]?.stringValue)
        let gateway = TestHTTPClient(host: server.host, port: server.port, authorization: "Bearer " + dataPlane)
        #expect(try gateway.get("/sql/v1/organizations/\(org)/environments/\(env)/statements").status == 200)
        // Refresh.
        let refreshed = try anon.send("POST", "/api/sessions", json: #"{"refreshToken":"\#(login.json!["refresh_token"]!.stringValue!)"}"#)
        #expect(refreshed.status == 200)
        // Tampered, unsigned and refresh tokens are not accepted as Bearer.
        var parts = token.split(separator: ".").map(String.init)
        parts[1] = Base64URL.encode(Array(#"{"sub":"x","owner":"u-admin","kind":"session","exp":99999999999}"#.utf8))
        for t in [parts.joined(separator: "."), "abc.def.ghi", login.json!["refresh_token"]!.stringValue!] {
            let c = TestHTTPClient(host: server.host, port: server.port, authorization: "Bearer " + t)
            #expect(try c.get("/api/me").status == 401)
        }
    }

    @Test func statementsLifecycleOverHTTP() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let c = server.client()
        let env = try server.defaultEnvironment()
        let base = "/sql/v1/organizations/any-org/environments/\(env)/statements"
        let create = try c.send("POST", base, json: #"{"name":"ddl","spec":{"statement":"CREATE TABLE people (id INT, name STRING)","properties":{"sql.current-catalog":"default","sql.current-database":"cluster_0"}}}"#)
        #expect(create.status == 201)
        #expect(create.header("Location") == server.baseURL + base + "/ddl")
        #expect(create.json?["status"]?["phase"] == .string("PENDING"))
        #expect(create.json?["status"]?["traits"] == nil)
        #expect(create.json?["spec"]?["compute_pool_id"]?.stringValue?.hasPrefix("lfcp-") == true)
        #expect(create.json?["metadata"]?["uid"]?.stringValue?.isEmpty == false)
        let taken = try c.send("POST", base, json: #"{"name":"ddl","spec":{"statement":"SHOW TABLES"}}"#)
        #expect(taken.status == 409)
        #expect(taken.header("Location") == server.baseURL + base + "/ddl")
        #expect(taken.firstError?["code"] == .string("resource_already_exists"))
        let ddl = try poll(c, base + "/ddl") { phase($0) != "PENDING" }
        #expect(phase(ddl) == "COMPLETED")
        #expect(ddl["status"]?["traits"]?["sql_kind"] == .string("CREATE_TABLE"))

        // INSERT runs as a job (visible in the Jobs API) and completes (bounded VALUES).
        #expect(try c.send("POST", base, json: #"{"name":"fill","spec":{"statement":"INSERT INTO people VALUES (1, 'ann'), (2, 'bob'), (3, CAST(NULL AS STRING))"}}"#).status == 201)
        let fill = try poll(c, base + "/fill") { ["COMPLETED", "FAILED"].contains(phase($0)) }
        #expect(phase(fill) == "COMPLETED", "\(fill)")
        #expect(try c.get("/flink/v1/environments/\(env)/jobs/fill").status == 200)

        // A snapshot SELECT: results paged with absolute next, "" at the end.
        #expect(try c.send("POST", base, json: #"{"name":"q","spec":{"statement":"SELECT id, name FROM people","properties":{"sql.snapshot.mode":"now"}}}"#).status == 201)
        let q = try poll(c, base + "/q") { ["COMPLETED", "FAILED"].contains(phase($0)) }
        #expect(phase(q) == "COMPLETED", "\(q)")
        #expect(q["status"]?["traits"]?["is_bounded"] == .bool(true))
        #expect(q["status"]?["traits"]?["schema"]?["columns"]?.arrayValue?.map { $0["type"]?["type"] } == [.string("INTEGER"), .string("VARCHAR")])
        let results = try c.get(base + "/q/results")
        #expect(results.status == 200)
        #expect(results.json?["metadata"]?["next"] == .string(""))
        let rows = results.json?["results"]?["data"]?.arrayValue ?? []
        #expect(Set(rows.compactMap { $0["row"]?.arrayValue?.first?.stringValue }) == ["1", "2", "3"])
        #expect(rows.contains { $0["row"] == .array([.string("3"), .null]) })
        #expect(rows.allSatisfy { $0["op"] == .int(0) })

        // A running unbounded query keeps returning an absolute next on the request's origin.
        #expect(try c.send("POST", base, json: #"{"name":"live","spec":{"statement":"SELECT name FROM people"}}"#).status == 201)
        _ = try poll(c, base + "/live") { phase($0) == "RUNNING" }
        let live = try c.get(base + "/live/results")
        let next = try #require(live.json?["metadata"]?["next"]?.stringValue)
        #expect(next.hasPrefix(server.baseURL + base + "/live/results?page_token="))

        // PUT with a stale resource_version is 409; PATCH (no content type, upper-case op) stops it: 200.
        let current = try c.get(base + "/live").json!
        let version = current["metadata"]!["resource_version"]!.stringValue!
        let stale = try c.send("PUT", base + "/live", json: #"{"name":"live","metadata":{"resource_version":"999"},"spec":{"stopped":true}}"#)
        #expect(stale.status == 409)
        let patched = try c.request("PATCH", base + "/live", body: Array(#"[{"path":"/spec/stopped","value":true,"op":"REPLACE"}]"#.utf8))
        #expect(patched.status == 200)
        #expect(patched.json?["spec"]?["stopped"] == .bool(true))
        #expect(patched.json?["status"]?["phase"] == .string("STOPPED"))
        #expect(patched.json?["metadata"]?["resource_version"]?.stringValue != version)
        // PUT to resume: 202 echoing the version sent.
        let now = try c.get(base + "/live").json!["metadata"]!["resource_version"]!.stringValue!
        let put = try c.send("PUT", base + "/live", json: #"{"name":"live","metadata":{"resource_version":"\#(now)"},"spec":{"stopped":false},"status":null}"#)
        #expect(put.status == 202)
        #expect(put.json?["metadata"]?["resource_version"] == .string(now))

        // List with label_selector and pool filter; exceptions answer; delete is 202 then 404.
        let labeled = try c.send("POST", base, json: #"{"name":"lbl","metadata":{"labels":{"user.confluent.io/x":"true"}},"spec":{"statement":"SHOW TABLES","compute_pool_id":""}}"#)
        #expect(labeled.status == 201)
        let list = try c.get(base + "?page_size=2&label_selector=user.confluent.io%2Fx%3Dtrue")
        #expect(list.json?["data"]?.arrayValue?.map { $0["name"] } == [.string("lbl")])
        let all = try c.get(base + "?page_size=2")
        #expect(all.json?["metadata"]?["next"]?.stringValue?.hasPrefix(server.baseURL + base + "?page_size=2&page_token=") == true)
        let exceptions = try c.get(base + "/q/exceptions")
        #expect(exceptions.status == 200)
        #expect(exceptions.json?["data"] == .array([]))
        #expect(try c.send("DELETE", base + "/live").status == 202)
        #expect(try c.get(base + "/live").status == 404)
        #expect(try c.get(base + "/live/results").status == 404)

        // A failing statement: FAILED with the detail, and an exception.
        #expect(try c.send("POST", base, json: #"{"name":"bad","spec":{"statement":"SELECT nope FROM people"}}"#).status == 201)
        let bad = try poll(c, base + "/bad") { phase($0) != "PENDING" }
        #expect(phase(bad) == "FAILED")
        #expect(bad["status"]?["detail"]?.stringValue?.contains("nope") == true)
        #expect(try c.get(base + "/bad/exceptions").json?["data"]?.arrayValue?.count == 1)
        // Dry run answers terminally in the POST and stores nothing.
        let dry = try c.send("POST", base, json: #"{"name":"dry","spec":{"statement":"SELECT id FROM people","properties":{"sql.dry-run":"true"}}}"#)
        #expect(dry.json?["status"]?["phase"] == .string("COMPLETED"))
        #expect(try c.get(base + "/dry").status == 404)
    }
}
