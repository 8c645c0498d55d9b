import ControlPlane
import Foundation
import HTTP
import Model
import Testing
import TestSupport
@testable import API

/// Hot GETs (job list, job) are answered from encoded answers cached until the next write, and such
/// answers run on the event loop — without losing auth or read-your-writes.
@Suite struct CachedReadTests {
    let cp: ControlPlane
    let api: APIService
    let auth = BasicCredentials(key: "KEY", secret: "SECRET").headerValue

    init() throws {
        cp = try ControlPlane.inMemory(seed: 5)
        try cp.ensureApiKey(id: "KEY", secret: "SECRET")
        api = APIService(controlPlane: cp, authRequired: true, links: BaseURL(external: nil, fallback: "http://fallback"),
                         logger: Logger(level: .error, sink: { _ in }))
    }

    var jobsPath: String { "/flink/v1/environments/\(cp.defaults.environmentID)/jobs" }

    func request(_ path: String, query: String = "", host: String = "a.test:1") -> HTTPRequest {
        HTTPRequest(method: "GET", path: path, query: query, headers: HTTPHeaders([("Host", host), ("Authorization", auth)]))
    }

    @Test func answersAreReusedUntilTheNextWrite() throws {
        _ = try cp.createJob(environmentID: cp.defaults.environmentID, CreateJobRequest(name: "one", sql: "SELECT 1"))
        var list = request(jobsPath, query: "page_size=5")
        #expect(!api.hasCachedAnswer(list))
        #expect(api.makeService().prepare(&list) == .standard)
        let first = try names(api.makeRouter().handle(list))
        #expect(first == ["one"])
        #expect(api.hasCachedAnswer(list))
        #expect(api.makeService().prepare(&list) == .inline)
        // Another host gets its own answer (links carry the host); another query too.
        #expect(!api.hasCachedAnswer(request(jobsPath, query: "page_size=5", host: "b.test:2")))
        #expect(!api.hasCachedAnswer(request(jobsPath, query: "page_size=6")))
        // A write makes every cached answer stale before it returns.
        _ = try cp.createJob(environmentID: cp.defaults.environmentID, CreateJobRequest(name: "two", sql: "SELECT 2"))
        #expect(!api.hasCachedAnswer(list))
        #expect(try names(api.makeRouter().handle(list)) == ["one", "two"])
        // Errors are not cached.
        let missing = request(jobsPath + "/nope")
        #expect(api.makeRouter().handle(missing).status == 404)
        #expect(!api.hasCachedAnswer(missing))
    }

    @Test func inlineAnswersStillAuthenticateAndSeeWrites() throws {
        let server = try TestServer(service: api.makeService())
        defer { server.stop() }
        let client = TestHTTPClient(host: "127.0.0.1", port: server.port, authorization: auth)
        let created = try client.send("POST", jobsPath, json: #"{"name":"j","sql":"SELECT 1"}"#)
        #expect(created.status == 201)
        let job = jobsPath + "/j"
        let first = try client.get(job)
        #expect(first.status == 200)
        #expect(api.hasCachedAnswer(request(job, host: "127.0.0.1:\(server.port)")))
        // Cached and current: answered on the loop, same bytes, own request id, still needs a valid key.
        let second = try client.get(job)
        #expect(second.body == first.body)
        #expect(second.header("X-Request-Id") != nil && second.header("X-Request-Id") != first.header("X-Request-Id"))
        let anonymous = TestHTTPClient(host: "127.0.0.1", port: server.port)
        #expect(try anonymous.get(job).status == 401)
        let wrongKey = TestHTTPClient(host: "127.0.0.1", port: server.port,
                                      authorization: BasicCredentials(key: "KEY", secret: "wrong").headerValue)
        #expect(try wrongKey.get(job).status == 401)
        // Read your writes: a PATCH answered 200 is visible to the very next GET.
        for n in 2...5 {
            let patched = try client.send("PATCH", job, json: #"{"parallelism":\#(n)}"#)
            #expect(patched.status == 200)
            let read = try JSONParser.parse(client.get(job).body)
            #expect(read["spec"]?["parallelism"] == .int(Int64(n)))
            #expect(read["status"]?["current_version"] == .int(Int64(n)))
        }
    }

    /// Clients reading a catalog of many jobs (the load bench: 1,000 connections over 2,100 jobs) keep
    /// hitting: the cache holds thousands of job answers, not a few hundred that are dropped on overflow.
    @Test func manyJobsStayCachedTogether() throws {
        let count = 600
        for n in 0..<count {
            _ = try cp.createJob(environmentID: cp.defaults.environmentID, CreateJobRequest(name: "j\(n)", sql: "SELECT \(n)"))
        }
        let router = api.makeRouter()
        for n in 0..<count { #expect(router.handle(request(jobsPath + "/j\(n)")).status == 200) }
        let cached = (0..<count).filter { api.hasCachedAnswer(request(jobsPath + "/j\($0)")) }.count
        #expect(cached == count, "\(cached) of \(count) job answers still cached")
    }

    func names(_ response: HTTPResponse) throws -> [String] {
        guard case .bytes(let body) = response.body else { return [] }
        return try JSONParser.parse(body)["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }
}
