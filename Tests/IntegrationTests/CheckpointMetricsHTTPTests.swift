import Foundation
import Model
import Testing
import TestSupport

/// Checkpoint metrics and consumer lag of a real job on the real server, read over HTTP: a Kafka → GROUP BY
/// → blackhole job with 1 s checkpoints completes checkpoints; the job's metrics, Prometheus `/metrics`,
/// the job's checkpoints resource and Flink's REST `/flink-rest/v1/jobs/{jid}/checkpoints` all show them
/// (counts, last duration and size), and the lag per partition is end offset − committed offset.
@Suite(.serialized) struct CheckpointMetricsHTTPTests {
    static let sql = "CREATE TABLE cp_in (id BIGINT, v STRING) WITH ('connector' = 'kafka', 'topic' = 'cp_in'); "
        + "CREATE TABLE cp_out (v STRING, n BIGINT) WITH ('connector' = 'blackhole'); "
        + "INSERT INTO cp_out SELECT v, COUNT(*) FROM cp_in GROUP BY v"

    @Test func realCheckpointsShowInEveryMetricsView() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let http = server.client()
        let env = try server.defaultEnvironment()
        let topics = try server.topicsPath()
        #expect(try server.createTopic("cp_in", partitions: 2) == 201)

        var writer = JSONWriter()
        writer.value(.object(JSONObject([("name", .string("cp-metrics")), ("sql", .string(Self.sql)),
                                         ("parallelism", .int(2)), ("checkpoint_interval", .int(1000))])))
        let created = try http.send("POST", "/flink/v1/environments/\(env)/jobs", json: String(decoding: writer.bytes, as: UTF8.self))
        #expect(created.status == 201, "\(created.text)")
        let job = "/flink/v1/environments/\(env)/jobs/cp-metrics"
        #expect(try waitFor(seconds: 20) { try http.get(job).json?["status"]?["phase"] == .string("RUNNING") },
                "job never ran: \((try? http.get(job).text) ?? "")")

        // 400 records, 40 keys, over both partitions.
        let records = (0..<400).map { i in #"{"partition_id":\#(i % 2),"value":{"type":"JSON","data":{"id":\#(i),"v":"k\#(i % 40)"}}}"# }
        let stream = try ChunkedStreamClient(port: server.port, path: topics + "/cp_in/records", authorization: server.authorization)
        stream.send(Array(records.joined(separator: "\n").utf8))
        stream.finish()
        #expect(stream.readToEnd().count == 400)

        // Wait until the source read everything and two more checkpoints completed after that: the lag is 0.
        var metrics: JSONValue?
        #expect(try waitFor(seconds: 30) {
            metrics = try http.get(job + "/metrics").json
            let read = metrics?["records_in"]?.intValue ?? metrics?["vertices"]?.arrayValue?.first?["records_out"]?.intValue ?? 0
            return read >= 400
        }, "source never read the 400 records: \(String(describing: metrics))")
        let completedAtCatchUp = metrics?["checkpoints"]?["completed"]?.intValue ?? 0
        #expect(try waitFor(seconds: 30) {
            metrics = try http.get(job + "/metrics").json
            return (metrics?["checkpoints"]?["completed"]?.intValue ?? 0) >= completedAtCatchUp + 2
                && metrics?["consumer_lag"]?["total"]?.intValue == 0
        }, "\(String(describing: metrics?["checkpoints"])) lag \(String(describing: metrics?["consumer_lag"]))")

        // The job's metrics: real counts, duration and size.
        let m = try #require(metrics)
        let cp = try #require(m["checkpoints"])
        let completed = try #require(cp["completed"]?.intValue)
        #expect(completed >= 2)
        #expect(cp["failed"]?.intValue == 0)
        #expect(cp["success_rate"]?.doubleValue == 1)
        let duration = try #require(cp["last_duration_ms"]?.intValue)
        #expect(duration >= 0 && duration < 10_000)
        let size = try #require(cp["last_size_bytes"]?.intValue)
        #expect(size > 0, "the GROUP BY state of 40 keys has a size")
        let history = cp["history"]?.arrayValue ?? []
        #expect(history.count >= 2)
        #expect(history.first?["status"] == .string("COMPLETED"))
        // Lag per partition: end offset − committed offset, committed = end after the checkpoints.
        let partitions = m["consumer_lag"]?["partitions"]?.arrayValue ?? []
        #expect(partitions.count == 2)
        #expect(partitions.compactMap { $0["end_offset"]?.intValue }.reduce(0, +) == 400)
        #expect(partitions.allSatisfy { $0["committed_offset"] == $0["end_offset"] && $0["lag"]?.intValue == 0 }, "\(partitions)")

        // Prometheus.
        let prom = try http.get("/metrics")
        #expect(prom.status == 200)
        let samples = try PrometheusParser.parse(prom.text)
        let jobID = try #require(try http.get(job).json?["id"]?.stringValue)
        func value(_ name: String, _ extra: [String: String] = [:]) -> Double? {
            let labels = ["job": jobID].merging(extra) { a, _ in a }
            return samples.first { s in s.name == name && labels.allSatisfy { s.labels[$0.key] == $0.value } }?.value
        }
        #expect((value("flinkcloud_job_checkpoints_total", ["result": "completed"]) ?? 0) >= Double(completed))
        #expect(value("flinkcloud_job_checkpoints_total", ["result": "failed"]) == 0)
        #expect(value("flinkcloud_job_checkpoint_success_ratio") == 1)
        #expect((value("flinkcloud_job_last_checkpoint_size_bytes") ?? 0) > 0)
        #expect(value("flinkcloud_job_last_checkpoint_duration_seconds") != nil)
        #expect(value("flinkcloud_job_consumer_lag_records", ["topic": "cp_in", "partition": "0"]) == 0)

        // The job's checkpoints resource (Flink's CheckpointingStatistics shape).
        let stats = try http.get(job + "/checkpoints")
        #expect(stats.status == 200, "\(stats.text)")
        #expect((stats.json?["counts"]?["completed"]?.intValue ?? 0) >= completed)
        #expect(stats.json?["latest"]?["completed"]?["status"] == .string("COMPLETED"))

        // Flink's REST API.
        let overview = try http.get("/flink-rest/v1/jobs/overview").json?["jobs"]?.arrayValue ?? []
        let jid = try #require(overview.first { $0["name"] == .string("cp-metrics") }?["jid"]?.stringValue)
        let flink = try http.get("/flink-rest/v1/jobs/\(jid)/checkpoints")
        #expect(flink.status == 200, "\(flink.text)")
        let f = try #require(flink.json)
        #expect((f["counts"]?["completed"]?.intValue ?? 0) >= completed)
        #expect(f["counts"]?["failed"]?.intValue == 0)
        let latest = try #require(f["latest"]?["completed"])
        #expect(latest["status"] == .string("COMPLETED"))
        #expect((latest["state_size"]?.intValue ?? 0) > 0)
        #expect((latest["end_to_end_duration"]?.intValue ?? -1) >= 0)
        #expect(latest["num_acknowledged_subtasks"] == latest["num_subtasks"])
        #expect((f["history"]?.arrayValue?.count ?? 0) >= 2)
        #expect((f["summary"]?["state_size"]?["max"]?.intValue ?? 0) > 0)
    }
}
