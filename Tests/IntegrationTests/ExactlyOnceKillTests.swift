import Foundation
import Model
import Testing
import TestSupport

/// Exactly-once end to end through crashes of the real server: the seed's job1 runs at parallelism 2 with
/// 1 s EXACTLY_ONCE checkpoints on input produced over Kafka REST, the `flinkcloud` process is killed with
/// SIGKILL five times at random moments (seeded; the seed is printed and can be replayed with
/// `FLINKCLOUD_KILL_SEED`) and restarted on the same data dir each time. At the end the committed output
/// (`read_committed`) holds every expected window exactly once, with exact counts and sums.
@Suite(.serialized) struct ExactlyOnceKillTests {
    typealias Event = SeedJobWindows.Event

    static let partitions = 4
    /// `FLINKCLOUD_KILL_MODE=AT_LEAST_ONCE` shows the test failing (duplicate windows) when output is not
    /// committed with checkpoints.
    static let mode = ProcessInfo.processInfo.environment["FLINKCLOUD_KILL_MODE"] ?? "EXACTLY_ONCE"

    /// `hours` hours of events, `perHour` each, over 10 markets, in time order.
    static func events(hours: Int, perHour: Int, seed: UInt64) -> [Event] {
        var rng = SplitMix(seed: seed)
        let markets = (0..<10).map { "market-\($0)" }
        var out: [Event] = []
        for hour in 0..<hours {
            let seconds = (0..<perHour).map { _ in Int(rng.next() % 3600) }.sorted()
            for s in seconds {
                out.append(Event(market: markets[Int(rng.next() % 10)], hour: hour, second: s,
                                 keyword: Double(rng.next() % 400) / 8, article: Double(rng.next() % 100) / 4,
                                 weight: Double(1 + rng.next() % 8) / 4))
            }
        }
        return out
    }

    @Test func seedJobOutputIsExactAfterRepeatedKillNine() throws {
        let seed = ProcessInfo.processInfo.environment["FLINKCLOUD_KILL_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...999_999)
        print("ExactlyOnceKillTests seed \(seed) (replay with FLINKCLOUD_KILL_SEED=\(seed))")
        var rng = SplitMix(seed: seed)
        let dir = FlinkCloudProcess.temporaryDirectory("exactly-once")
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let events = Self.events(hours: 12, perHour: 500, seed: seed)
        let chunkSize = 500   // an hour: every chunk makes the previous hour's windows fire
        let chunks = stride(from: 0, to: events.count, by: chunkSize).map { Array(events[$0..<min($0 + chunkSize, events.count)]) }
        // Kill after 5 distinct random chunks, each after a random delay under a second: often after windows
        // fired but before the checkpoint that commits them (an at-least-once job fails this test).
        var killAfter = Set<Int>()
        while killAfter.count < 5 { killAfter.insert(1 + Int(rng.next() % UInt64(chunks.count - 2))) }
        print("seed \(seed): \(events.count) events in \(chunks.count) chunks, kill after chunks \(killAfter.sorted())")

        var server = try FlinkCloudProcess(dataDir: dir)
        let env = try server.defaultEnvironment()
        let job = "/flink/v1/environments/\(env)/jobs/exactly-once"
        var http = server.client()
        let topics = try server.topicsPath()
        #expect(try server.createTopic("rss_events", partitions: Self.partitions) == 201)
        #expect(try server.createTopic("rss_signals_hourly", partitions: 1) == 201)
        var writer = JSONWriter()
        writer.value(.object(JSONObject([("name", .string("exactly-once")), ("sql", .string(SeedJob.job1)),
                                          ("parallelism", .int(2)), ("checkpoint_interval", .int(1000)),
                                          ("checkpoint_mode", .string(Self.mode))])))
        let created = try http.send("POST", "/flink/v1/environments/\(env)/jobs", json: String(decoding: writer.bytes, as: UTF8.self))
        #expect(created.status == 201, "\(created.text)")
        #expect(try waitFor(seconds: 20) { try http.get(job).json?["status"]?["phase"] == .string("RUNNING") })

        var produced = 0
        func produce(_ records: [String]) throws {
            let stream = try ChunkedStreamClient(port: server.port, path: topics + "/rss_events/records",
                                                 authorization: server.authorization)
            stream.send(Array(records.joined(separator: "\n").utf8))
            stream.finish()
            let reports = stream.readToEnd()
            #expect(reports.count == records.count, "seed \(seed)")
            #expect(reports.allSatisfy { $0.contains(#""error_code":200"#) }, "seed \(seed): \(reports.prefix(2))")
        }

        var kills = 0
        for (c, chunk) in chunks.enumerated() {
            try produce(chunk.map { e in
                defer { produced += 1 }
                return #"{"partition_id":\#(produced % Self.partitions),"value":{"type":"JSON","data":\#(e.json)}}"#
            })
            Thread.sleep(forTimeInterval: Double(rng.next() % 60) / 1000)
            guard killAfter.contains(c) else { continue }
            let delay = Double(rng.next() % 1000) / 1000
            Thread.sleep(forTimeInterval: delay)
            server.kill9()
            kills += 1
            print("seed \(seed): kill -9 #\(kills) after chunk \(c) (+\(delay) s)")
            server = try FlinkCloudProcess(dataDir: dir)
            http = server.client()
            #expect(try waitFor(seconds: 20) { try http.get(job).json?["status"]?["phase"] == .string("RUNNING") },
                    "seed \(seed): not RUNNING after restart \(kills): \((try? http.get(job).text) ?? "")")
        }
        #expect(kills >= 5)
        // One event a day later on every partition: every partition's watermark passes every test window.
        try produce((0..<Self.partitions).map { p in
            let flush = Event(market: "flush", hour: 36, second: p, keyword: 0, article: 0, weight: 0)
            return #"{"partition_id":\#(p),"value":{"type":"JSON","data":\#(flush.json)}}"#
        })

        let expected = SeedJobWindows.expected(events)
        var output: [JSONValue] = []
        func readCommitted() throws -> [JSONValue] {
            var rows: [JSONValue] = []
            var target = topics + "/rss_signals_hourly/records?max=1000&isolation=read_committed"
            while true {
                let page = try #require(try http.get(target).json)
                rows += page["data"]?.arrayValue?.compactMap { $0["value"]?["data"] } ?? []
                guard let next = page["metadata"]?["next"]?.stringValue, let r = next.range(of: "/kafka/v3/") else { break }
                target = String(next[r.lowerBound...])
            }
            return rows
        }
        let complete = try waitFor(seconds: 90) {
            output = try readCommitted()
            return output.count >= expected.count
        }
        #expect(complete, "seed \(seed): got \(output.count) of \(expected.count) windows; job: \((try? http.get(job).text) ?? "")")
        // Two more checkpoint cycles: nothing more may appear.
        Thread.sleep(forTimeInterval: 2.2)
        output = try readCommitted()
        #expect(output.count == expected.count, "seed \(seed): \(output.count) rows for \(expected.count) windows")
        SeedJobWindows.verify(output, expected, "seed \(seed): ")
        let checkpoints = try http.get(job + "/checkpoints").json
        print("seed \(seed): checkpoints \(checkpoints?["counts"].map { "\($0)" } ?? "?")")
        #expect(server.stop() == 0)
    }

}
