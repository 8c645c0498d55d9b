import Testing
import Foundation
import Model
@testable import CLI

@Suite struct ConfigAndClientTests {
    static func tempDir() -> String {
        let p = NSTemporaryDirectory() + "cli-test-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    @Test func configPathHonoursOverrideThenHome() {
        #expect(ConfigStore(environment: ["FLINKCLOUD_CONFIG": "/x/c.json", "HOME": "/h"]).path == "/x/c.json")
        #expect(ConfigStore(environment: ["HOME": "/h"]).path == "/h/.flinkcloud/config.json")
    }

    @Test func configRoundTripsWithPrivatePermissions() throws {
        let dir = Self.tempDir()
        let store = ConfigStore(environment: ["HOME": dir])
        #expect(try store.load() == CLIConfig())
        let c = CLIConfig(url: "http://127.0.0.1:1", apiKey: "K", apiSecret: "S", organizationID: "o", environmentID: "env-1",
                          computePoolID: "lfcp-1")
        try store.save(c)
        #expect(try store.load() == c)
        let attrs = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        store.remove()
        #expect(try store.load() == CLIConfig())
        try "not json".write(toFile: store.path, atomically: true, encoding: .utf8)
        #expect(throws: CLIFailure.self) { try store.load() }
    }

    @Test func serverErrorsBecomeDetailAndResolution() {
        let envelope = #"{"errors":[{"id":"1","status":"400","code":"invalid_sql","title":"Bad Request","detail":"Line 1, column 8: unknown column 'x'","resolution":"Fix the SQL."}]}"#
        let f = RESTClient.failure(status: 400, body: Array(envelope.utf8))
        #expect(f.message == "Line 1, column 8: unknown column 'x'")
        #expect(f.resolution == "Fix the SQL.")
        #expect(f.code == "invalid_sql")
        let kafka = RESTClient.failure(status: 400, body: Array(#"{"error_code":40002,"message":"Topic 'a' already exists."}"#.utf8))
        #expect(kafka.message == "Topic 'a' already exists.")
        #expect(kafka.code == "40002")
        #expect(RESTClient.failure(status: 502, body: Array("bad gateway".utf8)).message == "the server answered HTTP 502: bad gateway")
    }

    @Test func queryStrings() {
        #expect(QueryString.build([("a", "x y"), ("b", "k=v/1")]) == "?a=x%20y&b=k%3Dv%2F1")
        #expect(QueryString.value(of: "page_token", in: "http://h/x?page_size=10&page_token=ab%2Fc") == "ab/c")
        #expect(QueryString.value(of: "page_token", in: "http://h/x?page_size=10") == nil)
    }

    @Test func jsonSetting() throws {
        let v = try JSONParser.parse(#"{"spec":{"stopped":false,"statement":"x"}}"#)
        let s = v.setting(["spec", "stopped"], to: .bool(true)).setting(["spec", "principal"], to: .string("u-1"))
        #expect(s.at("spec/stopped") == .bool(true))
        #expect(s.at("spec/principal") == .string("u-1"))
        #expect(s.at("spec/statement") == .string("x"))
    }

    @Test func urlsAreValidated() {
        #expect(throws: CLIFailure.self) { try RESTClient(url: "https://x", apiKey: nil, apiSecret: nil) }
        #expect(throws: CLIFailure.self) { try RESTClient(url: "http://", apiKey: nil, apiSecret: nil) }
        #expect((try? RESTClient(url: "127.0.0.1:8080/", apiKey: nil, apiSecret: nil))?.baseURL == "http://127.0.0.1:8080")
        #expect((try? RESTClient(url: "http://127.0.0.1:8080/confluent.cloud", apiKey: nil, apiSecret: nil))?.baseURL == "http://127.0.0.1:8080")
    }
}
