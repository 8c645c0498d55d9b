import ControlPlane
import Foundation
import HTTP
import Model
import TestSupport
@testable import API

/// Calls CMF endpoints in-process, as the CLI would (no Basic credentials unless asked).
struct CMFTestClient {
    let cp: ControlPlane
    let api: APIService
    let executor: RuntimeJobExecutor?

    /// With `run`, jobs really run in the embedded runtime.
    init(auth: Bool = false, run: Bool = false) throws {
        cp = try ControlPlane.inMemory(seed: 11)
        executor = run ? RuntimeJobExecutor(controlPlane: cp) : nil
        if let executor { cp.setExecutor(executor) }
        try cp.ensureApiKey(id: "KEY", secret: "SECRET")
        api = APIService(controlPlane: cp, authRequired: auth, links: BaseURL(external: nil, fallback: "http://fallback"),
                         logger: Logger(level: .error, sink: { _ in }))
    }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let json: JSONValue?
        let text: String

        var items: [JSONValue] { json?["items"]?.arrayValue ?? [] }
        var message: String? { json?["errors"]?.arrayValue?.first?["message"]?.stringValue }
    }

    @discardableResult
    func call(_ e: CMFEndpoint, _ params: [String: String] = [:], query: String = "", body: String? = nil,
              basic: Bool = false, contentType: String = "application/json", accept: String? = nil) -> Reply {
        var h = HTTPHeaders([("Host", "example.test:9"), ("Content-Type", contentType)])
        if let accept { h.set("Accept", accept) }
        if basic { h.set("Authorization", BasicCredentials(key: "KEY", secret: "SECRET").headerValue) }
        var r = HTTPRequest(method: e.method, path: e.pattern, query: query, headers: h, body: Array((body ?? "").utf8))
        r.pathParameters = params
        r.requestID = "req-1"
        let resp = api.handleCMF(e, r)
        guard case .bytes(let b) = resp.body else { return Reply(status: resp.status, headers: resp.headers, json: nil, text: "") }
        let isYAML = resp.headers["Content-Type"]?.contains("yaml") == true
        return Reply(status: resp.status, headers: resp.headers,
                     json: isYAML ? try? YAMLReader.parse(String(decoding: b, as: UTF8.self)) : try? JSONParser.parse(b),
                     text: String(decoding: b, as: UTF8.self))
    }

    /// Creates environment `name` (namespace `default`).
    func environment(_ name: String) -> Reply {
        call(.upsertEnvironment, body: #"{"name":"\#(name)","kubernetesNamespace":"default","flinkApplicationDefaults":null,"computePoolDefaults":null,"statementDefaults":{}}"#)
    }

    /// Polls (up to `seconds`) until `condition` holds for a fresh GET of `e`.
    func wait(_ e: CMFEndpoint, _ params: [String: String], seconds: Double = 15, until condition: (Reply) -> Bool) -> Reply {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var reply = call(e, params)
        while !condition(reply) && ContinuousClock.now < deadline {
            cp.awaitStatementQueue()
            usleep(20_000)
            reply = call(e, params)
        }
        return reply
    }

    static func jsonString(_ s: String) -> String { String(decoding: JSONValue.string(s).encoded(), as: UTF8.self) }

    /// A FlinkApplication document whose SQL is inline in the `flinkcloud.io/sql` annotation.
    static func sqlApplication(_ name: String, sql: String, parallelism: Int = 1, state: String = "running",
                               interval: String = "10s", mode: String = "EXACTLY_ONCE", image: String = "confluentinc/cp-flink:1.19.3-cp1",
                               upgradeMode: String = "savepoint") -> String {
        """
        {"apiVersion":"cmf.confluent.io/v1","kind":"FlinkApplication",
         "metadata":{"name":"\(name)","annotations":{"flinkcloud.io/sql":\(jsonString(sql))}},
         "spec":{"image":"\(image)","flinkVersion":"v1_19","serviceAccount":"flink",
           "flinkConfiguration":{"taskmanager.numberOfTaskSlots":"2","execution.checkpointing.interval":"\(interval)",
                                 "execution.checkpointing.mode":"\(mode)"},
           "jobManager":{"resource":{"memory":"1024m","cpu":1}},"taskManager":{"resource":{"memory":"1024m","cpu":1}},
           "job":{"jarURI":"local:///opt/flink/usrlib/sql-runner.jar","state":"\(state)","parallelism":\(parallelism),
                  "upgradeMode":"\(upgradeMode)"}}}
        """
    }

    static let job1 = SeedJob.job1
}
