import ControlPlane
import Dispatch
import HTTP
import Model

extension APIService {
    /// `GET …/jobs/{job}/logs?since=&level=&limit=&after=&follow=true`: a JSON list, or with `follow` a
    /// chunked stream of one JSON object per line that ends when the client leaves or the job is deleted.
    func jobLogs(_ c: Call) throws -> HTTPResponse {
        let envID = try c.path("env")
        let jobRef = try c.path("job")
        let since = try TimeParameter.parse(c.query["since"], name: "since")
        let level = c.query["level"]
        let limit = try intParameter(c, "limit", default: 1000, range: 1...10_000)
        let after = Int64(try intParameter(c, "after", default: 0, range: 0...Int.max))
        let entries = try controlPlane.jobLogs(environmentID: envID, idOrName: jobRef, after: after, since: since,
                                               minimumLevel: level, limit: limit)
        let follow = ["true", "1", "yes"].contains(c.query["follow"]?.lowercased() ?? "")
        guard follow else {
            return json(200, capacity: 256 + 160 * entries.count) { w in
                w.beginObject()
                w.member("api_version", "flink/v1")
                w.member("kind", "JobLogList")
                w.key("data")
                w.beginArray()
                for e in entries { MonitoringJSON.logEntry(e, into: &w) }
                w.endArray()
                w.endObject()
            }
        }
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/x-ndjson")
        headers.set("Cache-Control", "no-cache")
        let controlPlane = self.controlPlane
        return HTTPResponse(status: 200, headers: headers) { writer in
            var last = entries.last?.sequence ?? after
            if !Self.writeLines(entries, to: writer) { return }
            while true {
                // Nothing new: probe the connection (an empty write fails once the client has gone).
                usleepMillis(250)
                guard writer.write([]) else { return }
                guard let more = try? controlPlane.jobLogs(environmentID: envID, idOrName: jobRef, after: last,
                                                           since: since, minimumLevel: level, limit: 1000) else { return }
                if let l = more.last { last = l.sequence }
                if !Self.writeLines(more, to: writer) { return }
            }
        }
    }

    static func writeLines(_ entries: [JobLogEntry], to writer: any ChunkWriter) -> Bool {
        guard !entries.isEmpty else { return true }
        var out: [UInt8] = []
        out.reserveCapacity(160 * entries.count)
        for e in entries {
            var w = JSONWriter(capacity: 160)
            MonitoringJSON.logEntry(e, into: &w)
            out += w.bytes
            out.append(UInt8(ascii: "\n"))
        }
        return writer.write(out)
    }

    /// `GET …/jobs/{job}/metrics?since=`: current values and the series after `since` (default: the last hour).
    func jobMetrics(_ c: Call) throws -> HTTPResponse {
        let since = try TimeParameter.parse(c.query["since"], name: "since") ?? 0
        let m = try controlPlane.jobMetrics(environmentID: try c.path("env"), idOrName: try c.path("job"), since: since)
        return json(200, capacity: 4096 + 200 * m.series.count) { MonitoringJSON.metrics(m, into: &$0) }
    }

    /// `GET …/jobs/{job}/graph`: vertices with per-subtask metrics and the edges between them.
    func jobGraph(_ c: Call) throws -> HTTPResponse {
        let m = try controlPlane.jobGraph(environmentID: try c.path("env"), idOrName: try c.path("job"))
        return json(200, capacity: 4096) { MonitoringJSON.graph(m, into: &$0) }
    }

    /// `GET /metrics`: Prometheus text exposition format 0.0.4.
    func prometheusMetrics(_ c: Call) throws -> HTTPResponse {
        let text = PrometheusText.render(jobs: try controlPlane.allJobMetrics(), pools: try controlPlane.allComputePools())
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        return HTTPResponse(status: 200, headers: headers, body: Array(text.utf8))
    }

    func intParameter(_ c: Call, _ name: String, default value: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let raw = c.query[name], !raw.isEmpty else { return value }
        guard let n = Int(raw), range.contains(n) else {
            throw APIError.badParameter("Query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(raw)'",
                                        parameter: name)
        }
        return n
    }
}

private func usleepMillis(_ ms: Int) {
    _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(ms))
}
