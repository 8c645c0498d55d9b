import Foundation
import Model
import Testing
import TestSupport

/// The seed's job1 end to end against the real server: topics created and events produced through Kafka
/// REST, the job deployed through the Jobs API at parallelism 2, and the output topic read back over HTTP
/// equal to the hourly aggregate this test computes on its own.
@Suite(.serialized) struct SeedJobEndToEndTests {
    static let job1 = SeedJob.job1

    typealias Event = SeedJobWindows.Event

    /// Deterministic events: 3 markets over 4 hours, in time order (no late rows).
    static func events(count: Int) -> [Event] {
        var rng = SplitMix(seed: 42)
        let markets = ["btc-100k", "eth-etf", "fed-cut"]
        var out: [Event] = []
        for _ in 0..<count {
            out.append(Event(market: markets[Int(rng.next() % 3)], hour: Int(rng.next() % 4), second: Int(rng.next() % 3600),
                             keyword: Double(rng.next() % 400) / 8, article: Double(rng.next() % 100) / 4,
                             weight: Double(1 + rng.next() % 8) / 4))
        }
        return out.sorted { ($0.hour, $0.second) < ($1.hour, $1.second) }
    }

    @Test func seedJobAggregatesEventsProducedOverKafkaREST() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let http = server.client()
        let env = try server.defaultEnvironment()
        let topics = try server.topicsPath()
        let partitions = 4
        #expect(try server.createTopic("rss_events", partitions: partitions) == 201)
        #expect(try server.createTopic("rss_signals_hourly", partitions: 1) == 201)

        // Deploy at parallelism 2 (validated first: the dry run returns the plan).
        let jobJSON = JSONValue.object(JSONObject([("name", .string("marketlag-job-1")), ("sql", .string(Self.job1)),
                                                   ("parallelism", .int(2)), ("checkpoint_interval", .int(1000))]))
        var writer = JSONWriter()
        writer.value(jobJSON)
        let body = String(decoding: writer.bytes, as: UTF8.self)
        let dryRun = try http.send("POST", "/flink/v1/environments/\(env)/jobs/validate", json: body)
        #expect(dryRun.json?["valid"] == .bool(true), "\(dryRun.text)")
        let created = try http.send("POST", "/flink/v1/environments/\(env)/jobs", json: body)
        #expect(created.status == 201, "\(created.text)")
        let job = "/flink/v1/environments/\(env)/jobs/marketlag-job-1"
        #expect(try waitFor(seconds: 20) { try http.get(job).json?["status"]?["phase"] == .string("RUNNING") },
                "job never ran: \((try? http.get(job).text) ?? "")")
        let pool = try http.get("/fcpm/v2/compute-pools?environment=\(env)").json?["data"]?.arrayValue?.first
        #expect(pool?["status"]?["current_cfu"] == .int(2), "\(String(describing: pool))")

        // Produce the events (streaming produce, round-robin over the partitions), then one late-hour event
        // per partition so every partition's watermark passes the last test window.
        let events = Self.events(count: 1200)
        var records = events.enumerated().map { i, e in
            #"{"partition_id":\#(i % partitions),"value":{"type":"JSON","data":\#(e.json)}}"#
        }
        for p in 0..<partitions {
            let flush = Event(market: "flush", hour: 9, second: p, keyword: 0, article: 0, weight: 0)
            records.append(#"{"partition_id":\#(p),"value":{"type":"JSON","data":\#(flush.json)}}"#)
        }
        let stream = try ChunkedStreamClient(port: server.port, path: topics + "/rss_events/records",
                                             authorization: server.authorization)
        stream.send(Array(records.joined(separator: "\n").utf8))
        stream.finish()
        let reports = stream.readToEnd()
        #expect(reports.count == records.count)
        #expect(reports.allSatisfy { $0.contains(#""error_code":200"#) })

        // Read the output topic back until every expected window is there.
        let expected = SeedJobWindows.expected(events)
        var output: [JSONValue] = []
        let complete = try waitFor(seconds: 30) {
            output = try http.get(topics + "/rss_signals_hourly/records?max=1000").json?["data"]?.arrayValue?
                .compactMap { $0["value"]?["data"] } ?? []
            return output.count >= expected.count
        }
        #expect(complete, "got \(output.count) of \(expected.count) windows; job: \((try? http.get(job).text) ?? "")")
        #expect(output.count == expected.count)
        SeedJobWindows.verify(output, expected)

        // Stop: STOPPED, CFUs released.
        #expect(try http.send("POST", job + "/stop").status == 200)
        #expect(try waitFor(seconds: 10) { try http.get(job).json?["status"]?["phase"] == .string("STOPPED") })
        let released = try http.get("/fcpm/v2/compute-pools?environment=\(env)").json?["data"]?.arrayValue?.first
        #expect(released?["status"]?["current_cfu"] == .int(0))
    }

    @Test func invalidSQLIsRefusedAndRuntimeErrorsFailTheJob() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let http = server.client()
        let env = try server.defaultEnvironment()
        let bad = try http.send("POST", "/flink/v1/environments/\(env)/jobs",
                                json: #"{"name":"typo","sql":"SELECT market_slug\nFROM rss_events\nGROUP market_slug"}"#)
        #expect(bad.status == 400)
        #expect(bad.firstError?["code"] == .string("sql_parse_error"))
        #expect(bad.firstError?["source"]?["line"] == .int(3))

        // Restarts off: the default (exponential delay) would retry the failing record forever, as Flink does.
        let sql = #"SET 'restart-strategy.type' = 'none'; CREATE TABLE t (a INT) WITH ('connector' = 'blackhole'); INSERT INTO t SELECT CAST(s AS INT) FROM (VALUES ('1'), ('x')) AS v(s);"#
        let created = try http.send("POST", "/flink/v1/environments/\(env)/jobs", json: #"{"name":"badcast","sql":"\#(sql)"}"#)
        #expect(created.status == 201, "\(created.text)")
        let job = "/flink/v1/environments/\(env)/jobs/badcast"
        #expect(try waitFor(seconds: 10) { try http.get(job).json?["status"]?["phase"] == .string("FAILED") })
        #expect(try http.get(job).json?["status"]?["detail"]?.stringValue?.contains("'x'") == true, "\((try? http.get(job).text) ?? "")")
    }

    /// A running job runs again after a restart (graceful stop, then kill -9) and processes new events; it
    /// resumes from its latest checkpoint and its EXACTLY_ONCE output holds every record exactly once.
    @Test func runningJobsRunAgainAfterARestart() throws {
        let dir = FlinkCloudProcess.temporaryDirectory("exec-restart")
        let sql = """
            CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
            CREATE TABLE dst (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');
            INSERT INTO dst SELECT id, UPPER(name) FROM src;
            """
        var writer = JSONWriter()
        writer.value(.object(JSONObject([("name", .string("survivor")), ("sql", .string(sql)), ("parallelism", .int(2)),
                                          ("checkpoint_interval", .int(1000))])))
        let body = String(decoding: writer.bytes, as: UTF8.self)
        var produced = 0
        func produce(_ server: FlinkCloudProcess, _ count: Int) throws {
            let http = server.client()
            let records = try server.topicsPath() + "/src/records"
            for _ in 0..<count {
                let r = try http.send("POST", records,
                                      json: #"{"value":{"type":"JSON","data":{"id":\#(produced),"name":"n\#(produced)"}}}"#)
                #expect(r.json?["error_code"] == .int(200), "\(r.text)")
                produced += 1
            }
        }
        var lastOutput: [Int64] = []
        func outputIDs(_ server: FlinkCloudProcess) throws -> Set<Int64> {
            let http = server.client()
            let page = try http.get(try server.topicsPath() + "/dst/records?max=1000")
            lastOutput = page.json?["data"]?.arrayValue?.compactMap { $0["value"]?["data"]?["id"]?.intValue } ?? []
            return Set(lastOutput)
        }
        func running(_ server: FlinkCloudProcess) throws -> Bool {
            let env = try server.defaultEnvironment()
            return try server.client().get("/flink/v1/environments/\(env)/jobs/survivor").json?["status"]?["phase"] == .string("RUNNING")
        }

        let first = try FlinkCloudProcess(dataDir: dir)
        let env = try first.defaultEnvironment()
        #expect(try first.client().send("POST", "/flink/v1/environments/\(env)/jobs", json: body).status == 201)
        #expect(try waitFor(seconds: 20) { try running(first) })
        try produce(first, 5)
        #expect(try waitFor(seconds: 20) { try outputIDs(first) == Set(0..<5) })
        #expect(lastOutput.count == 5)
        #expect(first.stop() == 0)

        let second = try FlinkCloudProcess(dataDir: dir)
        #expect(try waitFor(seconds: 20) { try running(second) })
        try produce(second, 5)
        #expect(try waitFor(seconds: 20) { try outputIDs(second) == Set(0..<10) })
        #expect(lastOutput.count == 10, "duplicates after a restart: \(lastOutput.sorted())")
        second.kill9()

        let third = try FlinkCloudProcess(dataDir: dir)
        defer { third.stop() }
        #expect(try waitFor(seconds: 20) { try running(third) })
        try produce(third, 5)
        #expect(try waitFor(seconds: 20) { try outputIDs(third) == Set(0..<15) })
        #expect(lastOutput.count == 15, "duplicates after kill -9: \(lastOutput.sorted())")
    }

}

/// A tiny deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
