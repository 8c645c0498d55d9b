import Foundation
import Model
import Testing

/// The seed job1's input events and its hourly windows, computed directly: the expected output of
/// integration tests that run job1 end to end.
enum SeedJobWindows {
    struct Event {
        var market: String
        var hour: Int     // hours since 2024-03-01 00:00
        var second: Int   // within the hour
        var keyword: Double
        var article: Double
        var weight: Double
        var json: String {
            let ts = String(format: "2024-03-%02d %02d:%02d:%02d", 1 + hour / 24, hour % 24, second / 60, second % 60)
            return #"{"market_slug":"\#(market)","published_at":"\#(ts)","keyword_score":\#(keyword),"article_score":\#(article),"source_weight":\#(weight)}"#
        }
    }

    struct Window: Hashable, CustomStringConvertible {
        var market: String
        var start: String
        var description: String { "\(market)@\(start)" }
    }

    struct Aggregate {
        var count: Int64 = 0
        var keyword: Double = 0
        var weightedSum: Double = 0
    }

    /// The expected output (the window result depends neither on parallelism nor on crashes).
    static func expected(_ events: [Event]) -> [Window: Aggregate] {
        var result: [Window: Aggregate] = [:]
        for e in events {
            let w = Window(market: e.market, start: String(format: "2024-03-%02d %02d:00:00", 1 + e.hour / 24, e.hour % 24))
            result[w, default: Aggregate()].count += 1
            result[w, default: Aggregate()].keyword += e.keyword
            result[w, default: Aggregate()].weightedSum += e.article * e.weight
        }
        return result
    }

    /// Records an issue for each duplicate, unexpected, missing or wrong window in `output`.
    static func verify(_ output: [JSONValue], _ expected: [Window: Aggregate], _ label: String = "") {
        var seen = Set<Window>()
        for row in output {
            let window = Window(market: row["market_slug"]?.stringValue ?? "?", start: row["window_start"]?.stringValue ?? "?")
            #expect(seen.insert(window).inserted, "\(label)duplicate window \(window)")
            guard let want = expected[window] else {
                Issue.record("\(label)unexpected window \(window): \(row)")
                continue
            }
            #expect(row["mention_count"]?.intValue == want.count, "\(label)\(window): \(row)")
            #expect(abs((row["keyword_score"]?.doubleValue ?? -1) - want.keyword) < 1e-9 * max(1, want.keyword), "\(label)\(window): \(row)")
            let avg = want.weightedSum / Double(want.count)
            #expect(abs((row["source_weighted_signal"]?.doubleValue ?? -1) - avg) < 1e-9 * max(1, avg), "\(label)\(window): \(row)")
        }
        #expect(seen == Set(expected.keys),
                "\(label)missing \(Set(expected.keys).subtracting(seen).sorted { $0.description < $1.description }.prefix(5))")
    }
}
