import Foundation
import Model

/// `flinkcloud-bench submit [--runs N] [--parallelism P] [--server PATH]`: starts the real `flinkcloud`,
/// then N times: POST the seed's job1 through the Jobs API, poll GET the job (no pause between polls)
/// until `status.phase` is RUNNING, and delete it. Reports submit-to-RUNNING latency (target ≤ 50 ms):
/// from sending the POST to the first GET that shows RUNNING (validation, durable commit, planning, the
/// runner's threads started and the RUNNING report committed).
enum SubmitBench {
    static let job1 = """
    CREATE TABLE rss_events (market_slug STRING, published_at TIMESTAMP(3), keyword_score DOUBLE, article_score DOUBLE, \
    source_weight DOUBLE, WATERMARK FOR published_at AS published_at - INTERVAL '5' SECOND) \
    WITH ('connector' = 'kafka', 'topic' = 'rss_events', 'format' = 'json');
    CREATE TABLE rss_signals_hourly (market_slug STRING, window_start TIMESTAMP(3), mention_count BIGINT, \
    keyword_score DOUBLE, source_weighted_signal DOUBLE) \
    WITH ('connector' = 'kafka', 'topic' = 'rss_signals_hourly', 'format' = 'json');
    INSERT INTO rss_signals_hourly
    SELECT market_slug, TUMBLE_START(published_at, INTERVAL '1' HOUR) AS window_start, COUNT(*) AS mention_count,
      SUM(keyword_score) AS keyword_score, AVG(article_score * source_weight) AS source_weighted_signal
    FROM rss_events GROUP BY market_slug, TUMBLE(published_at, INTERVAL '1' HOUR);
    """

    static func run(_ args: [String]) {
        var runs = 50
        var parallelism = 2
        var serverPath = BenchServer.defaultPath
        var i = 0
        while i < args.count {
            guard i + 1 < args.count else {
                print("usage: flinkcloud-bench submit [--runs N] [--parallelism P] [--server PATH]")
                return
            }
            switch args[i] {
            case "--runs": runs = Int(args[i + 1]) ?? runs
            case "--parallelism": parallelism = Int(args[i + 1]) ?? parallelism
            case "--server": serverPath = args[i + 1]
            default:
                print("usage: flinkcloud-bench submit [--runs N] [--parallelism P] [--server PATH]")
                return
            }
            i += 2
        }
        do {
            try benchmark(serverPath: serverPath, runs: runs, parallelism: parallelism)
        } catch {
            print("submit bench failed: \(error)")
        }
    }

    static func benchmark(serverPath: String, runs: Int, parallelism: Int) throws {
        let server = try BenchServer(path: serverPath)
        defer { server.stop() }
        let client = try APIBenchClient(port: server.port)
        let (_, envBody) = try client.roundTrip(server.request("GET", "/org/v2/environments"))
        guard let env = try JSONParser.parse(Array(envBody))["data"]?.arrayValue?.first?["id"]?.stringValue else {
            throw BenchServer.Failure(description: "no default environment")
        }
        let jobs = "/flink/v1/environments/\(env)/jobs"
        var sqlJSON = JSONWriter()
        sqlJSON.string(job1)
        let sql = String(decoding: sqlJSON.bytes, as: UTF8.self)
        var latencies: [Double] = []
        var polls = 0
        for n in 0..<runs {
            let name = "submit-\(n)"
            let body = #"{"name":"\#(name)","sql":\#(sql),"parallelism":\#(parallelism),"checkpoint_interval":300000}"#
            let start = DispatchTime.now().uptimeNanoseconds
            let (status, created) = try client.roundTrip(server.request("POST", jobs, body))
            guard status == 201 else {
                throw BenchServer.Failure(description: "create returned \(status): \(String(decoding: created, as: UTF8.self))")
            }
            while true {
                let (_, job) = try client.roundTrip(server.request("GET", jobs + "/" + name))
                polls += 1
                let phase = try JSONParser.parse(Array(job))["status"]?["phase"]?.stringValue
                if phase == "RUNNING" { break }
                if phase == "FAILED" { throw BenchServer.Failure(description: "job failed: \(String(decoding: job, as: UTF8.self))") }
                if DispatchTime.now().uptimeNanoseconds - start > 10_000_000_000 { throw BenchServer.Failure(description: "not RUNNING after 10 s") }
            }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            let (deleted, _) = try client.roundTrip(server.request("DELETE", jobs + "/" + name))
            guard deleted == 204 else { throw BenchServer.Failure(description: "delete returned \(deleted)") }
        }
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print("flinkcloud-bench submit: server \(serverPath), seed job1 at parallelism \(parallelism), \(runs) runs, same 2-core machine")
        print(String(format: "  submit-to-RUNNING: min %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms (%d polls; target ≤ 50 ms)",
                     latencies[0], pct(0.5), pct(0.95), latencies[latencies.count - 1], polls))
    }
}
