import Foundation
import Glibc
import Planner
import Runtime

/// The SQL queries of `flinkcloud-bench runtime --query join|topn|session`, planned like a job (kafka
/// sources read to their end offsets, a blackhole sink) over the same `rss_events` topic as job1.
enum RuntimeBenchQueries {
    static let events = """
    CREATE TABLE rss_events (
      market_slug STRING, published_at TIMESTAMP(3), keyword_score DOUBLE, article_score DOUBLE, source_weight DOUBLE,
      WATERMARK FOR published_at AS published_at - INTERVAL '5' SECOND
    ) WITH ('connector' = 'kafka', 'topic' = 'rss_events', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
    """

    static let descriptions = [
        "join": "regular inner join of every event with a 100-row markets table on market_slug",
        "topn": "Top-3 articles per market by article_score (ROW_NUMBER, retractions)",
        "session": "session window (10 s gap) per market: COUNT, MAX",
    ]

    static let scripts: [String: String] = [
        "join": events + """
        CREATE TABLE markets (market_slug STRING, category STRING)
          WITH ('connector' = 'kafka', 'topic' = 'markets', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
        CREATE TABLE out_join (market_slug STRING, category STRING, article_score DOUBLE) WITH ('connector' = 'blackhole');
        INSERT INTO out_join
        SELECT e.market_slug, m.category, e.article_score FROM rss_events e JOIN markets m ON e.market_slug = m.market_slug;
        """,
        "topn": events + """
        CREATE TABLE out_topn (market_slug STRING, published_at TIMESTAMP(3), article_score DOUBLE, rn BIGINT)
          WITH ('connector' = 'blackhole');
        INSERT INTO out_topn
        SELECT market_slug, published_at, article_score, rn FROM (
          SELECT market_slug, published_at, article_score,
                 ROW_NUMBER() OVER (PARTITION BY market_slug ORDER BY article_score DESC) AS rn
          FROM rss_events) WHERE rn <= 3;
        """,
        "session": events + """
        CREATE TABLE out_session (market_slug STRING, session_start TIMESTAMP(3), events BIGINT, best DOUBLE)
          WITH ('connector' = 'blackhole');
        INSERT INTO out_session
        SELECT market_slug, SESSION_START(published_at, INTERVAL '10' SECOND), COUNT(*), MAX(article_score)
        FROM rss_events GROUP BY market_slug, SESSION(published_at, INTERVAL '10' SECOND);
        """,
    ]

    /// The 100 markets of the join's dimension side, one partition.
    static func generateMarkets(dir: String) {
        guard let store = try? TopicStore(directory: dir, fsync: .never) else { fatalError("cannot open \(dir)") }
        if store.topic("markets") != nil { return }
        let topic = try! store.createTopic("markets", partitions: 1)
        let records = (0..<100).map { i -> TopicRecord in
            let slug = "market-\(i < 10 ? "00" : "0")\(i)"
            return TopicRecord(timestamp: 0, key: Array(slug.utf8),
                               value: Array(#"{"market_slug":"\#(slug)","category":"cat-\#(i % 7)"}"#.utf8))
        }
        try! topic.partitions[0].append(records)
    }

    static func run(query: String, dataDir: String, events: Int, parallelism: Int) {
        guard let store = try? TopicStore(directory: dataDir, fsync: .never), let script = scripts[query] else {
            fatalError("cannot open \(dataDir)")
        }
        let t0 = RuntimeBench.now()
        let planned: ScriptPlanner.Planned
        do {
            planned = try JobPlanner.plan(script: script, parallelism: parallelism,
                                          context: PlanContext(topicStore: store, boundedKafkaSources: true))
        } catch {
            print("cannot plan \(query): \(error)")
            exit(1)
        }
        let planSeconds = RuntimeBench.now() - t0
        let runner = JobRunner(graph: planned.graph)
        let t1 = RuntimeBench.now()
        do { try runner.start() } catch {
            print("failed to start: \(error)")
            exit(1)
        }
        let status = runner.awaitTermination()
        let seconds = RuntimeBench.now() - t1
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let sinkIn = runner.metrics.last?.snapshot.recordsIn ?? 0
        print(String(format: "query=%@ events=%d parallelism=%d status=%@ time=%.3f s  %.0f events/s  peak RSS %.1f MB  sink rows=%lld  plan=%.1f ms",
                     query, events, parallelism, status.rawValue, seconds, Double(events) / seconds,
                     Double(usage.ru_maxrss) / 1024, sinkIn, planSeconds * 1000))
        if let f = runner.failure { print("failure: \(f.detail)") }
    }
}
