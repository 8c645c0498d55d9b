import Testing
import ControlPlane
import HTTP
import Model
import Synchronization
@testable import API

/// `POST …/jobs/{job}/stop` with a drain flag (query `?drain=true` or body `{"drain":true}`) reaches the
/// executor as a drained stop; a bad flag is a 400 and stops nothing.
@Suite struct StopDrainAPITests {
    /// Reports RUNNING on start and STOPPED on stop, recording each stop's drain flag.
    final class DrainRecorder: JobExecutor {
        let stops = Mutex<[String]>([])
        let controlPlane = Mutex<ControlPlane?>(nil)

        func start(job: Job, version: JobVersion) {
            if let cp = controlPlane.withLock({ $0 }) { _ = try? cp.reportJobStatus(jobID: job.id, status: .running) }
        }

        func stop(job: Job) { stop(job: job, drain: false) }

        func stop(job: Job, drain: Bool) {
            stops.withLock { $0.append("\(job.name) drain=\(drain)") }
            if let cp = controlPlane.withLock({ $0 }) { _ = try? cp.reportJobStatus(jobID: job.id, status: .stopped) }
        }
    }

    @Test func stopPassesTheDrainFlag() throws {
        let cp = try ControlPlane.inMemory(seed: 11)
        try cp.ensureApiKey(id: "KEY", secret: "SECRET")
        let recorder = DrainRecorder()
        recorder.controlPlane.withLock { $0 = cp }
        cp.setExecutor(recorder)
        let api = APIService(controlPlane: cp, authRequired: true, links: BaseURL(external: nil, fallback: "http://fallback"),
                             logger: Logger(level: .error, sink: { _ in }))
        let env = cp.defaults.environmentID
        func call(_ e: Endpoint, _ params: [String: String], query: String = "", body: String = "") -> (status: Int, text: String) {
            var h = HTTPHeaders([("Host", "example.test:9")])
            h.set("Authorization", BasicCredentials(key: "KEY", secret: "SECRET").headerValue)
            var r = HTTPRequest(method: e.method, path: e.pattern, query: query, headers: h, body: Array(body.utf8))
            r.pathParameters = params
            r.requestID = "req-1"
            let resp = api.handle(e, r)
            guard case .bytes(let b) = resp.body else { return (resp.status, "") }
            return (resp.status, String(decoding: b, as: UTF8.self))
        }
        for name in ["q", "b", "plain", "bad"] {
            let created = call(.createJob, ["env": env], body: #"{"name":"\#(name)","sql":"SELECT 1"}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(try cp.job(environmentID: env, idOrName: name).status == .running)
        }
        let bad = call(.stopJob, ["env": env, "job": "bad"], query: "drain=maybe")
        #expect(bad.status == 400, "\(bad.text)")
        #expect(bad.text.contains("drain"))
        let badBody = call(.stopJob, ["env": env, "job": "bad"], body: #"{"drain":"yes"}"#)
        #expect(badBody.status == 400, "\(badBody.text)")
        #expect(try cp.job(environmentID: env, idOrName: "bad").status == .running)

        #expect(call(.stopJob, ["env": env, "job": "q"], query: "drain=true").status == 200)
        #expect(call(.stopJob, ["env": env, "job": "b"], body: #"{"drain":true}"#).status == 200)
        #expect(call(.stopJob, ["env": env, "job": "plain"]).status == 200)
        #expect(recorder.stops.withLock { $0 } == ["q drain=true", "b drain=true", "plain drain=false"])
        #expect(try cp.job(environmentID: env, idOrName: "q").status == .stopped)
    }
}
