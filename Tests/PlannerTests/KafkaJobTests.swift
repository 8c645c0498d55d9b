import Planner
import Runtime
import Testing

/// The seed's job1 planned over the embedded topics and run (bounded) end to end.
struct KafkaJobTests {
    @Test(arguments: [1, 2])
    func seedJobRunsOverTopics(parallelism: Int) throws {
        let store = try TopicStore(directory: nil)
        let input = try store.createTopic("rss_events", partitions: 3)
        let output = try store.createTopic("rss_signals_hourly", partitions: 1)
        // 2 markets × 3 hours, 4 events each; expected count 4 per (market, hour).
        var n = 0
        for hour in 0..<3 {
            for market in ["a", "b"] {
                for k in 0..<4 {
                    let json = #"{"market_slug":"\#(market)","published_at":"2024-01-01 0\#(hour):\#(10 + k * 10):00","keyword_score":1.5,"article_score":2.0,"source_weight":0.5}"#
                    _ = try input.produce(TopicRecord(timestamp: 0, key: Array(market.utf8), value: Array(json.utf8)))
                    n += 1
                }
            }
        }
        let context = PlanContext(topicStore: store, boundedKafkaSources: true)
        let planned = try JobPlanner.plan(script: JobPlannerTests.job1, parallelism: parallelism, context: context)
        try JobRunner.runToCompletion(planned.graph)
        let records = output.partitions[0].records(from: 0, max: 100)
        #expect(records.count == 6)
        let texts = records.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
        #expect(texts.allSatisfy { $0.contains("\"mention_count\":4") && $0.contains("\"keyword_score\":6") })
        #expect(texts.contains { $0.contains("\"market_slug\":\"a\"") && $0.contains("2024-01-01 02:00:00") })
    }
}
