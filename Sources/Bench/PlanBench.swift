import Foundation
import Planner

/// `flinkcloud-bench plan [--iterations N]`: parse + validate + plan the seed's job1 script, and a 128 KiB
/// script (many tables and a statement set), reporting the median time per plan.
enum PlanBench {
    static let job1 = """
    CREATE TABLE rss_events (
      market_slug STRING,
      published_at TIMESTAMP(3),
      keyword_score DOUBLE,
      article_score DOUBLE,
      source_weight DOUBLE,
      WATERMARK FOR published_at AS published_at - INTERVAL '5' SECOND
    ) WITH ('connector' = 'kafka', 'topic' = 'rss_events', 'properties.bootstrap.servers' = 'localhost:9092',
            'scan.startup.mode' = 'earliest-offset', 'format' = 'json');

    CREATE TABLE rss_signals_hourly (
      market_slug STRING,
      window_start TIMESTAMP(3),
      mention_count BIGINT,
      keyword_score DOUBLE,
      source_weighted_signal DOUBLE
    ) WITH ('connector' = 'kafka', 'topic' = 'rss_signals_hourly', 'format' = 'json');

    INSERT INTO rss_signals_hourly
    SELECT
      market_slug,
      TUMBLE_START(published_at, INTERVAL '1' HOUR) AS window_start,
      COUNT(*) AS mention_count,
      SUM(keyword_score) AS keyword_score,
      AVG(article_score * source_weight) AS source_weighted_signal
    FROM rss_events
    GROUP BY market_slug, TUMBLE(published_at, INTERVAL '1' HOUR);
    """

    /// job1's tables repeated under new names with one INSERT each, until the script reaches `bytes`.
    static func bigScript(bytes: Int) -> String {
        var parts: [String] = []
        var size = 0, i = 0
        while size < bytes {
            let s = job1.replacingOccurrences(of: "rss_events", with: "rss_events_\(i)")
                .replacingOccurrences(of: "rss_signals_hourly", with: "rss_signals_hourly_\(i)")
            parts.append(s)
            size += s.utf8.count + 1
            i += 1
        }
        return parts.joined(separator: "\n")
    }

    static func measure(_ script: String, iterations: Int) -> (median: Double, best: Double) {
        var times: [Double] = []
        for _ in 0..<iterations {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = JobPlanner.validate(script: script, parallelism: 2)
            let t1 = DispatchTime.now().uptimeNanoseconds
            if let e = r.error { print("error: \(e)"); return (0, 0) }
            times.append(Double(t1 - t0) / 1e6)
        }
        times.sort()
        return (times[times.count / 2], times[0])
    }

    static func run(_ args: [String]) {
        var iterations = 200
        if let i = args.firstIndex(of: "--iterations"), i + 1 < args.count, let n = Int(args[i + 1]) { iterations = max(1, n) }
        let small = measure(job1, iterations: iterations)
        print(String(format: "plan job1 (%d bytes): median %.3f ms, best %.3f ms (target <= 1 ms)", job1.utf8.count, small.median, small.best))
        let big = bigScript(bytes: 128 * 1024)
        let large = measure(big, iterations: max(3, iterations / 20))
        print(String(format: "plan 128 KiB script (%d bytes): median %.2f ms, best %.2f ms (target <= 50 ms)", big.utf8.count, large.median, large.best))
    }
}
