import ControlPlane
import Foundation
import HTTP
import Model
import Runtime
import Testing
import TestSupport
@testable import API

/// A metrics source answering one fixed report for every running job.
final class FixedMetricsSource: JobMetricsSource {
    let live: LiveJobMetrics
    init(_ live: LiveJobMetrics) { self.live = live }
    func liveMetrics(jobID: String) -> LiveJobMetrics? { live }
}

/// Logs, metrics, graph, Prometheus, Flink REST and the dashboard's static assets, in process.
@Suite struct MonitoringAPITests {
    let cp: ControlPlane
    let api: APIService
    let job: Job

    init() throws {
        cp = try ControlPlane.inMemory(seed: 11)
        try cp.ensureApiKey(id: "KEY", secret: "SECRET")
        api = APIService(controlPlane: cp, authRequired: true, links: BaseURL(external: nil, fallback: "http://fallback"),
                         logger: Logger(level: .error, sink: { _ in }))
        job = try cp.createJob(environmentID: cp.defaults.environmentID,
                               CreateJobRequest(name: "orders-eu", sql: "SELECT 1", parallelism: 2),
                               by: Principal(apiKeyID: "KEY", owner: "u-1"))
        _ = try cp.reportJobStatus(jobID: job.id, status: .running)
        cp.setMetricsSource(FixedMetricsSource(Self.live()))
    }

    /// source (p2) -hash-> window (p2) -forward-> sink (p2), with counters, a watermark, lag and checkpoints.
    static func live() -> LiveJobMetrics {
        let graph = JobGraphDescription(
            nodes: [.init(id: 0, uid: "src", name: "Source: orders", kind: "Source", parallelism: 2),
                    .init(id: 1, uid: "win", name: "Window<Agg>", kind: "WindowAggregate", parallelism: 2),
                    .init(id: 2, uid: "sink", name: "Sink: \"out\"", kind: "Sink", parallelism: 2)],
            edges: [.init(source: 0, target: 1, input: 0, shipStrategy: "HASH[$0]"),
                    .init(source: 1, target: 2, input: 0, shipStrategy: "FORWARD")])
        func snap(_ i: Int64, _ o: Int64, late: Int64 = 0, wm: Int64 = Int64.min) -> VertexMetricsSnapshot {
            var s = VertexMetricsSnapshot()
            s.recordsIn = i
            s.recordsOut = o
            s.lateRecordsDropped = late
            s.watermark = wm
            s.inputWatermark = wm
            return s
        }
        var src0 = snap(0, 600, wm: 1_700_000_000_000)
        src0.partitions = [SourcePartitionPosition(topic: "orders", partition: 0, position: 600, endOffset: 650)]
        var src1 = snap(0, 400, wm: 1_700_000_001_000)
        src1.partitions = [SourcePartitionPosition(topic: "orders", partition: 1, position: 400, endOffset: 400)]
        let h = LatencyHistogram()
        for v in 1...100 { h.record(micros: Int64(v) * 100) }
        var sink0 = snap(10, 0)
        sink0.latency = h.counts
        let report = JobMetricsReport(graph: graph, subtasks: [[src0, src1], [snap(500, 6, late: 3), snap(500, 4)], [sink0, snap(0, 0)]])
        let checkpoints = CheckpointSummary(completed: 3, failed: 1, history: [
            CheckpointAttempt(id: 4, status: .completed, triggeredAt: 1000, completedAt: 1250, sizeBytes: 4096),
            CheckpointAttempt(id: 3, status: .failed, triggeredAt: 900, completedAt: 950, failureMessage: "timeout"),
            CheckpointAttempt(id: 2, status: .completed, triggeredAt: 800, completedAt: 820, sizeBytes: 2048),
        ])
        return LiveJobMetrics(report: report, restarts: 2, runningSince: nil, checkpoints: checkpoints)
    }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let json: JSONValue?
        let text: String
    }

    func call(_ e: Endpoint, _ params: [String: String] = [:], query: String = "", auth: Bool = true) -> Reply {
        var h = HTTPHeaders([("Host", "example.test:9")])
        if auth { h.set("Authorization", BasicCredentials(key: "KEY", secret: "SECRET").headerValue) }
        // The path as a client sends it (answers are cached by path).
        var path = e.pattern
        for (name, value) in params { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        var r = HTTPRequest(method: e.method, path: path, query: query, headers: h, body: [])
        r.pathParameters = params
        r.requestID = "req-1"
        let resp = api.handle(e, r)
        guard case .bytes(let b) = resp.body else { return Reply(status: resp.status, headers: resp.headers, json: nil, text: "<stream>") }
        return Reply(status: resp.status, headers: resp.headers, json: try? JSONParser.parse(b), text: String(decoding: b, as: UTF8.self))
    }

    var jobParams: [String: String] { ["env": cp.defaults.environmentID, "job": job.id] }

    // MARK: logs

    @Test func logsFilterByLevelSinceAndLimit() throws {
        try cp.appendJobLog(jobID: job.id, level: "WARN", message: "slow checkpoint")
        try cp.appendJobLog(jobID: job.id, level: "ERROR", message: "division by zero")
        let all = call(.jobLogs, jobParams)
        #expect(all.status == 200, "\(all.text)")
        let lines = try #require(all.json?["data"]?.arrayValue)
        #expect(lines.count >= 3, "lifecycle lines plus ours")
        #expect(lines.last?["message"]?.stringValue == "division by zero")
        #expect(lines.last?["timestamp"]?.stringValue?.hasSuffix("Z") == true)
        let warn = call(.jobLogs, jobParams, query: "level=warn").json?["data"]?.arrayValue ?? []
        #expect(warn.map { $0["level"]?.stringValue ?? "" } == ["WARN", "ERROR"])
        #expect(call(.jobLogs, jobParams, query: "limit=1").json?["data"]?.arrayValue?.count == 1)
        #expect(call(.jobLogs, jobParams, query: "since=2999-01-01T00:00:00Z").json?["data"]?.arrayValue?.count == 0)
        #expect(call(.jobLogs, jobParams, query: "since=0").json?["data"]?.arrayValue?.count == lines.count)
        #expect(call(.jobLogs, jobParams, query: "level=LOUD").status == 400)
        #expect(call(.jobLogs, jobParams, query: "since=yesterday").status == 400)
        #expect(call(.jobLogs, jobParams, auth: false).status == 401)
        #expect(call(.jobLogs, ["env": cp.defaults.environmentID, "job": "job-nope"]).status == 404)
    }

    @Test func followStreamsNewLinesAsNDJSON() throws {
        let server = try TestServer(router: api.makeRouter())
        defer { server.stop() }
        let conn = try server.raw(timeoutSeconds: 5)
        let auth = BasicCredentials(key: "KEY", secret: "SECRET").headerValue
        conn.send("GET /flink/v1/environments/\(cp.defaults.environmentID)/jobs/\(job.id)/logs?follow=true&level=WARN HTTP/1.1\r\nHost: x\r\nAuthorization: \(auth)\r\n\r\n")
        try cp.appendJobLog(jobID: job.id, level: "WARN", message: "first")
        var received = ""
        func readUntil(_ needle: String) -> Bool {
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, !received.contains(needle) {
                let chunk = conn.readSome()
                if chunk.isEmpty { break }
                received += String(decoding: chunk, as: UTF8.self)
            }
            return received.contains(needle)
        }
        #expect(readUntil("first"))
        #expect(received.contains("Transfer-Encoding: chunked"))
        #expect(received.contains("application/x-ndjson"))
        try cp.appendJobLog(jobID: job.id, level: "INFO", message: "filtered out")
        try cp.appendJobLog(jobID: job.id, level: "ERROR", message: "second")
        #expect(readUntil("second"))
        #expect(!received.contains("filtered out"))
        // Every line of the body is one JSON object.
        let objects = received.utf8.split(separator: UInt8(ascii: "\n")).filter { $0.first == UInt8(ascii: "{") }
        #expect(objects.count == 2)
        for o in objects { #expect((try? JSONParser.parse(Array(o)))?["seq"] != nil) }
    }

    // MARK: metrics and graph

    @Test func metricsAndGraphShapes() throws {
        let m = call(.jobMetrics, jobParams)
        #expect(m.status == 200, "\(m.text)")
        let j = try #require(m.json)
        #expect(j["records_in"]?.doubleValue == 1000)
        #expect(j["records_out"]?.doubleValue == 10)
        #expect(j["restarts"]?.doubleValue == 2)
        #expect(j["cfu"]?.doubleValue == 2)
        #expect(j["late_records_dropped"]?.doubleValue == 3)
        #expect(j["consumer_lag"]?["total"]?.doubleValue == 50)
        #expect(j["consumer_lag"]?["partitions"]?.arrayValue?.count == 2)
        #expect(j["checkpoints"]?["completed"]?.doubleValue == 3)
        #expect(j["checkpoints"]?["success_rate"]?.doubleValue == 0.75)
        #expect(j["checkpoints"]?["last_duration_ms"]?.doubleValue == 250)
        #expect(j["checkpoints"]?["last_size_bytes"]?.doubleValue == 4096)
        #expect(j["latency_ms"]?["p50"]?.doubleValue != nil)
        #expect(j["series"]?.arrayValue?.count == 0)
        cp.sampleMetrics()
        #expect(call(.jobMetrics, jobParams).json?["series"]?.arrayValue?.count == 1)
        let vertices = try #require(j["vertices"]?.arrayValue)
        #expect(vertices.count == 3)
        #expect(vertices[0]["metrics"]?["output_watermark"]?.doubleValue == 1_700_000_000_000)
        #expect(vertices[1]["subtasks"]?.arrayValue?.count == 2)
        #expect(vertices[1]["flink_id"]?.stringValue?.count == 32)
        let g = call(.jobGraph, jobParams)
        #expect(g.status == 200)
        #expect(g.json?["nodes"]?.arrayValue?.map { $0["operator"]?.stringValue ?? "" } == ["Source: orders", "Window<Agg>", "Sink: \"out\""])
        #expect(g.json?["edges"]?.arrayValue?.map { $0["ship_strategy"]?.stringValue ?? "" } == ["HASH", "FORWARD"])
        #expect(call(.jobMetrics, jobParams, query: "since=nope").status == 400)
    }

    // MARK: Prometheus

    @Test func prometheusOutputParses() throws {
        let r = call(.prometheusMetrics)
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let samples = try PrometheusParser.parse(r.text)
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { s in s.name == name && labels.allSatisfy { k, v in s.labels[k] == v } }?.value
        }
        let l = ["environment": cp.defaults.environmentID, "job": job.id]
        #expect(value("flinkcloud_job_up", l) == 1)
        #expect(value("flinkcloud_job_records_in_total", l) == 1000)
        #expect(value("flinkcloud_job_records_out_total", l) == 10)
        #expect(value("flinkcloud_job_restarts_total", l) == 2)
        #expect(value("flinkcloud_job_cfu", l) == 2)
        #expect(value("flinkcloud_job_checkpoints_total", l.merging(["result": "failed"]) { a, _ in a }) == 1)
        #expect(value("flinkcloud_job_checkpoint_success_ratio", l) == 0.75)
        #expect(value("flinkcloud_job_consumer_lag_records", l.merging(["topic": "orders", "partition": "0"]) { a, _ in a }) == 50)
        #expect(value("flinkcloud_vertex_records_out_total", l.merging(["vertex": "win"]) { a, _ in a }) == 10)
        #expect(value("flinkcloud_job_latency_seconds", l.merging(["quantile": "0.99"]) { a, _ in a }) != nil)
        #expect(value("flinkcloud_compute_pool_cfu_used", ["compute_pool": cp.defaults.computePoolID]) == 2)
        #expect(samples.first { $0.name == "flinkcloud_vertex_records_in_total" && $0.labels["vertex"] == "sink" }?.labels["vertex_name"] == "Sink: \"out\"",
                "escaped label value")
        #expect(r.text.contains(#"vertex_name="Sink: \"out\"""#))
        #expect(call(.prometheusMetrics, auth: false).status == 401)
    }

    // MARK: Flink REST

    @Test func flinkRESTSubset() throws {
        let jid = FlinkIDs.job(job.id)
        #expect(jid.count == 32 && jid.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let overview = call(.flinkJobsOverview)
        #expect(overview.status == 200)
        let details = try #require(overview.json?["jobs"]?.arrayValue?.first { $0["jid"]?.stringValue == jid })
        #expect(details["state"] == .string("RUNNING"))
        #expect(details["end-time"]?.doubleValue == -1)
        #expect(details["tasks"]?["total"]?.doubleValue == 6)
        #expect(details["tasks"]?["running"]?.doubleValue == 6)
        #expect(call(.flinkJobs).json?["jobs"]?.arrayValue?.first?["status"] == .string("RUNNING"))

        let info = call(.flinkJob, ["jobid": jid])
        #expect(info.status == 200)
        #expect(info.json?["job-type"] == .string("STREAMING"))
        let vertices = try #require(info.json?["vertices"]?.arrayValue)
        #expect(vertices.count == 3)
        #expect(vertices[0]["metrics"]?["write-records"]?.doubleValue == 1000)
        #expect(vertices[0]["metrics"]?["read-records"]?.doubleValue == 0)
        #expect(vertices[2]["metrics"]?["write-records"]?.doubleValue == 0)
        #expect(info.json?["timestamps"]?["RUNNING"] != nil)
        #expect(info.json?["status-counts"]?["RUNNING"]?.doubleValue == 6)

        let plan = call(.flinkJobPlan, ["jobid": jid])
        let nodes = try #require(plan.json?["plan"]?["nodes"]?.arrayValue)
        #expect(nodes.count == 3)
        #expect(nodes[0]["inputs"] == nil)
        #expect(nodes[1]["inputs"]?.arrayValue?.first?["ship_strategy"] == .string("HASH"))
        #expect(nodes[1]["inputs"]?.arrayValue?.first?["id"] == nodes[0]["id"])
        #expect(nodes[1]["description"] == .string("Window&lt;Agg&gt;"))

        let cps = call(.flinkJobCheckpoints, ["jobid": jid])
        #expect(cps.json?["counts"]?["completed"]?.doubleValue == 3)
        #expect(cps.json?["counts"]?["failed"]?.doubleValue == 1)
        #expect(cps.json?["latest"]?["completed"]?["id"]?.doubleValue == 4)
        #expect(cps.json?["latest"]?["completed"]?["end_to_end_duration"]?.doubleValue == 250)
        #expect(cps.json?["latest"]?["failed"]?["failure_message"] == .string("timeout"))
        #expect(cps.json?["history"]?.arrayValue?.first?["className"] == .string("completed"))
        #expect(cps.json?["summary"]?["end_to_end_duration"]?["max"]?.doubleValue == 250)

        try cp.appendJobLog(jobID: job.id, level: "ERROR", message: "java.lang.ArithmeticException: / by zero")
        let ex = call(.flinkJobExceptions, ["jobid": jid])
        #expect(ex.json?["root-exception"] == .string("java.lang.ArithmeticException: / by zero"))
        #expect(ex.json?["exceptionHistory"]?["entries"]?.arrayValue?.count == 1)

        let missing = call(.flinkJob, ["jobid": String(repeating: "0", count: 32)])
        #expect(missing.status == 404)
        #expect(missing.json?["errors"]?.arrayValue?.first?.stringValue != nil)
        #expect(call(.flinkJob, ["jobid": "not-hex"]).status == 400)
        #expect(call(.flinkJobsOverview, auth: false).status == 401)
        #expect(Endpoint.flinkJobsOverview.pattern == "/flink-rest/v1/jobs/overview")
    }

    // MARK: dashboard assets

    @Test func dashboardAssetsNeedNoAuth() {
        let page = call(.dashboard, auth: false)
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(page.text.contains("/ui/app.js"))
        #expect(!page.text.contains("http://") && !page.text.contains("https://"), "no CDN")
        let script = call(.dashboardScript, auth: false)
        #expect(script.status == 200)
        #expect(script.headers["Content-Type"]?.hasPrefix("text/javascript") == true)
        #expect(!script.text.contains("localStorage"))
        #expect(call(.dashboardStyle, auth: false).headers["Content-Type"]?.hasPrefix("text/css") == true)
        #expect(script.text.contains("sessionStorage"))
    }

    @Test func scriptRequestsGetNoBasicChallenge() {
        #expect(call(.listEnvironments, auth: false).headers["WWW-Authenticate"] != nil)
        var h = HTTPHeaders([("X-Requested-With", "XMLHttpRequest")])
        h.set("Host", "x")
        var r = HTTPRequest(method: "GET", path: Endpoint.listEnvironments.pattern, query: "", headers: h, body: [])
        r.requestID = "req-2"
        let resp = api.handle(.listEnvironments, r)
        #expect(resp.status == 401)
        #expect(resp.headers["WWW-Authenticate"] == nil)
    }
}

/// A small parser of Prometheus' text exposition format (0.0.4): validates `# HELP`/`# TYPE` lines,
/// metric and label names, quoted label values with escapes, sample values, and that every family's
/// samples follow its TYPE line contiguously.
enum PrometheusParser {
    struct Sample { var name: String; var labels: [String: String]; var value: Double }
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        var typed: [String: String] = [:]
        var finished: Set<String> = []
        var current: String?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE"].contains(parts[1]), isName(parts[2]) else {
                    throw Failure(description: "line \(n + 1): bad comment: \(line)")
                }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "summary", "histogram", "untyped"].contains(parts[3]) else {
                        throw Failure(description: "line \(n + 1): bad TYPE")
                    }
                    guard typed[parts[2]] == nil else { throw Failure(description: "line \(n + 1): second TYPE for \(parts[2])") }
                    typed[parts[2]] = parts[3]
                }
                if let c = current, c != parts[2] { finished.insert(c) }
                current = parts[2]
                continue
            }
            var i = line.startIndex
            while i < line.endIndex, line[i] != "{" && line[i] != " " { i = line.index(after: i) }
            let name = String(line[..<i])
            guard isName(name) else { throw Failure(description: "line \(n + 1): bad metric name \(name)") }
            guard !finished.contains(name), typed[name] != nil, current == name else {
                throw Failure(description: "line \(n + 1): sample of \(name) outside its family")
            }
            var labels: [String: String] = [:]
            if i < line.endIndex, line[i] == "{" {
                i = line.index(after: i)
                while line[i] != "}" {
                    var k = i
                    while line[k] != "=" { k = line.index(after: k) }
                    let label = String(line[i..<k])
                    guard isName(label), !label.hasPrefix("__") else { throw Failure(description: "line \(n + 1): bad label \(label)") }
                    k = line.index(after: k)
                    guard line[k] == "\"" else { throw Failure(description: "line \(n + 1): unquoted label value") }
                    k = line.index(after: k)
                    var value = ""
                    while line[k] != "\"" {
                        if line[k] == "\\" {
                            k = line.index(after: k)
                            switch line[k] {
                            case "n": value.append("\n")
                            case "\\": value.append("\\")
                            case "\"": value.append("\"")
                            default: throw Failure(description: "line \(n + 1): bad escape")
                            }
                        } else {
                            value.append(line[k])
                        }
                        k = line.index(after: k)
                    }
                    guard labels[label] == nil else { throw Failure(description: "line \(n + 1): duplicate label \(label)") }
                    labels[label] = value
                    i = line.index(after: k)
                    if line[i] == "," { i = line.index(after: i) }
                }
                i = line.index(after: i)
            }
            guard i < line.endIndex, line[i] == " " else { throw Failure(description: "line \(n + 1): no value") }
            let rest = line[line.index(after: i)...].split(separator: " ")
            guard rest.count == 1 || rest.count == 2 else { throw Failure(description: "line \(n + 1): bad value") }
            let v: Double
            switch rest[0] {
            case "+Inf": v = .infinity
            case "-Inf": v = -.infinity
            case "NaN": v = .nan
            default:
                guard let d = Double(rest[0]) else { throw Failure(description: "line \(n + 1): bad value \(rest[0])") }
                v = d
            }
            samples.append(Sample(name: name, labels: labels, value: v))
        }
        guard !samples.isEmpty else { throw Failure(description: "no samples") }
        return samples
    }

    static func isName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || f == ":" || (f.properties.isASCIIHexDigit && !("0"..."9").contains(Character(f))) || ("a"..."z").contains(Character(f)) || ("A"..."Z").contains(Character(f)) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ("a"..."z").contains(Character($0)) || ("A"..."Z").contains(Character($0)) || ("0"..."9").contains(Character($0)) }
    }
}
