import Foundation
import HTTP
import Model
import Synchronization

/// `flinkcloud-bench load [--jobs 10000] [--running 100] [--connections 1000] [--slowloris 500]
/// [--seconds 20] [--produce-seconds 60] [--server PATH]`: load and abuse of one real server (temp data
/// dir, loopback only).
///  0. produce: two streaming Kafka REST produce connections at full speed for `--produce-seconds`; the
///     server's peak RSS in the first 10 s and over the whole run (bounded: no growth with time), and
///     every acknowledged record is in the topic (sum of partition end offsets = acknowledged reports).
///  1. catalog: create `--jobs` jobs (an idle kafka topic → blackhole, parallelism 1) in the default pool — the pool's
///     10 CFUs run 10 of them, the rest wait PENDING (POOL_EXHAUSTED); every create is a durable commit.
///  2. running: two pools of 50 CFUs and `--running` more jobs in them; waits until all are RUNNING, then
///     measures the server's CPU use while they idle (no input).
///  3. connections: `--connections` keep-alive connections, each sending GET job (rotating over every job)
///     every 0.5 s, while those jobs run: errors and p50/p99 (target: no errors, p99 ≤ 20 ms).
///  4. slowloris: 64 paced clients measured alone, then again while `--slowloris` connections dribble a
///     header byte per second (the server's header timeout closes them; they reconnect): p99 before/after.
/// Prints one line per phase, the server's peak RSS, and PASS/FAIL per target; exit status 1 on a FAIL.
enum LoadBench {
    struct Options {
        var jobs = 10_000
        var running = 100
        var connections = 1_000
        var slowloris = 500
        var seconds = 20.0
        var produceSeconds = 60.0
        var serverPath = BenchServer.defaultPath
    }

    static func run(_ args: [String]) {
        var o = Options()
        var i = 0
        while i < args.count {
            let v = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--jobs": o.jobs = Int(v) ?? o.jobs
            case "--running": o.running = Int(v) ?? o.running
            case "--connections": o.connections = Int(v) ?? o.connections
            case "--slowloris": o.slowloris = Int(v) ?? o.slowloris
            case "--seconds": o.seconds = Double(v) ?? o.seconds
            case "--produce-seconds": o.produceSeconds = Double(v) ?? o.produceSeconds
            case "--server": o.serverPath = v
            default:
                print("usage: flinkcloud-bench load [--jobs N] [--running N] [--connections N] [--slowloris N] [--seconds S] [--produce-seconds S] [--server PATH]")
                exit(2)
            }
            i += 2
        }
        do {
            let ok = try benchmark(o)
            exit(ok ? 0 : 1)
        } catch {
            print("load bench failed: \(error)")
            exit(1)
        }
    }

    /// The server's CPU use over `seconds` after a second to settle, in percent of one core.
    static func idleCPUPercent(pid: Int32, seconds: Double) -> Double {
        usleep(1_000_000)
        let before = processCPUMicros(pid: pid) ?? 0
        usleep(UInt32(seconds * 1_000_000))
        let used = (processCPUMicros(pid: pid) ?? 0) - before
        return Double(used) / (seconds * 10_000)
    }

    static func jobSQL(_ tag: String) -> String {
        "CREATE TABLE src (id BIGINT, v STRING) WITH ('connector' = 'kafka', 'topic' = 'load-in'); "
            + "CREATE TABLE snk (id BIGINT, v STRING) WITH ('connector' = 'blackhole'); "
            + "INSERT INTO snk SELECT id, v FROM src -- \(tag)"
    }

    static func benchmark(_ o: Options) throws -> Bool {
        let server = try BenchServer(path: o.serverPath)
        defer { server.stop() }
        let rss = PeakRSS(pid: server.process.processIdentifier)
        defer { rss.stop() }
        var setup = try APIBenchClient(port: server.port)
        func call(_ method: String, _ path: String, _ body: String = "") throws -> (Int, JSONValue?) {
            // Reconnect when the server closed the idle connection (60 s idle timeout) meanwhile.
            let (status, bytes) = try (try? setup.roundTrip(server.request(method, path, body))) ?? {
                setup = try APIBenchClient(port: server.port)
                return try setup.roundTrip(server.request(method, path, body))
            }()
            return (status, try? JSONParser.parse(Array(bytes)))
        }
        guard let env = try call("GET", "/org/v2/environments").1?["data"]?.arrayValue?.first?["id"]?.stringValue else {
            throw APIBench.Failure(description: "no default environment")
        }
        let jobsPath = "/flink/v1/environments/\(env)/jobs"
        print("flinkcloud-bench load: server \(o.serverPath) (port \(server.port)), 2-core machine shared with other work")
        var verdicts: [(String, Bool)] = []

        // 0. sustained produce
        if o.produceSeconds > 0 {
            verdicts += try produceSoak(server: server, seconds: o.produceSeconds)
        }

        // 1. catalog
        let createStart = Date()
        let port = server.port
        let created = counted(port: port, connections: 16, count: o.jobs) { n in
            request(port, "POST", jobsPath, #"{"name":"cat-\#(n)","sql":"\#(jobSQL("c\(n)"))","parallelism":1}"#)
        }
        let createSeconds = Date().timeIntervalSince(createStart)
        print(String(format: "  catalog: %d jobs created in %.1f s (%.0f/s, durable), %d errors, p99 %.2f ms",
                     created.requests, createSeconds, Double(created.requests) / createSeconds, created.errors,
                     percentile(created.latenciesMicros, 0.99)))
        verdicts.append(("\(o.jobs) jobs created without errors", created.errors == 0 && created.requests == o.jobs))

        // 2. running
        var pools: [String] = []
        for p in 0..<max(1, (o.running + 49) / 50) {
            let (status, pool) = try call("POST", "/fcpm/v2/compute-pools",
                #"{"spec":{"display_name":"load-\#(p)","max_cfu":50,"environment":{"id":"\#(env)"}}}"#)
            guard status == 202, let id = pool?["id"]?.stringValue else {
                throw APIBench.Failure(description: "create pool returned \(status)")
            }
            pools.append(id)
        }
        let runStart = Date()
        var runErrors = 0
        for j in 0..<o.running {
            let (status, _) = try call("POST", jobsPath,
                #"{"name":"run-\#(j)","sql":"\#(jobSQL("r\(j)"))","parallelism":1,"compute_pool_id":"\#(pools[j / 50])"}"#)
            if status != 201 { runErrors += 1 }
        }
        var runningCount = 0
        while Date().timeIntervalSince(runStart) < 120 {
            runningCount = 0
            for j in 0..<o.running where try call("GET", jobsPath + "/run-\(j)").1?["status"]?["phase"]?.stringValue == "RUNNING" {
                runningCount += 1
            }
            if runningCount == o.running { break }
            usleep(500_000)
        }
        print(String(format: "  running: %d of %d jobs RUNNING after %.1f s (plus the catalog's 10), %d create errors",
                     runningCount, o.running, Date().timeIntervalSince(runStart), runErrors))
        verdicts.append(("\(o.running) jobs running", runningCount == o.running && runErrors == 0))
        let idle = idleCPUPercent(pid: server.process.processIdentifier, seconds: 5)
        print(String(format: "  idle: the running jobs with no input cost %.1f %% of one core (server CPU over 5 s)", idle))
        verdicts.append((String(format: "idle running jobs: ≤ 10 %% of one core (%.1f %%)", idle), idle <= 10))

        // 3. many connections, GET job over the whole catalog, while the jobs run
        var gets: [[UInt8]] = []
        for n in stride(from: 0, to: o.jobs, by: max(1, o.jobs / 2000)) { gets.append(server.request("GET", jobsPath + "/cat-\(n)")) }
        for j in 0..<o.running { gets.append(server.request("GET", jobsPath + "/run-\(j)")) }
        let many = PacedLoad.run(port: server.port, requests: gets, connections: o.connections, interval: 0.5,
                                 seconds: o.seconds)
        print("  \(o.connections) keep-alive connections, GET job every 0.5 s each: \(many.summary)")
        print("    after the first 2 s (all connections open, caches warm): \(many.steadyLatenciesMicros.count) requests, p50 \(fmt(many.steadyPercentile(0.5))) ms, p99 \(fmt(many.steadyPercentile(0.99))) ms")
        if !many.slowTimeline.isEmpty { print("    requests over 20 ms by send time (per 250 ms): \(many.slowTimeline)") }
        verdicts.append(("\(o.connections) connections: no errors, p99 GET job ≤ 20 ms (\(fmt(many.percentile(0.99))) ms)",
                         many.errors == 0 && many.requests > 0 && many.percentile(0.99) <= 20))

        // 4. slowloris
        let phase = max(5, o.seconds / 2)
        let base = PacedLoad.run(port: server.port, requests: gets, connections: 64, interval: 0.05, seconds: phase)
        print("  baseline, 64 clients, GET job every 50 ms: \(base.summary)")
        let loris = Slowloris(port: server.port, count: o.slowloris)
        usleep(2_000_000)
        let attacked = PacedLoad.run(port: server.port, requests: gets, connections: 64, interval: 0.05, seconds: phase)
        loris.stop()
        print("  with \(o.slowloris) slowloris connections: \(attacked.summary); slowloris opened \(loris.opened), closed by the server \(loris.closedByServer), connect errors \(loris.connectErrors)")
        let limit = max(base.percentile(0.99) * 1.5, base.percentile(0.99) + 2)
        verdicts.append(("slowloris: p99 \(fmt(attacked.percentile(0.99))) ms within normal (\(fmt(base.percentile(0.99))) ms, limit \(fmt(limit)))",
                         attacked.errors == 0 && attacked.percentile(0.99) <= limit))

        let (health, _) = try call("GET", "/health")
        print("  server peak RSS \(rss.peakKiB / 1024) MiB; /health after the run: \(health)")
        verdicts.append(("server healthy afterwards", health == 200))
        for (name, ok) in verdicts { print("  \(ok ? "PASS" : "FAIL")  \(name)") }
        return verdicts.allSatisfy(\.1)
    }

    /// Streams records into a 6-partition topic from two connections for `seconds` (each connection one
    /// chunked request of 100,000 records after another), then checks memory and the acknowledged count.
    static func produceSoak(server: BenchServer, seconds: Double) throws -> [(String, Bool)] {
        let setup = try APIBenchClient(port: server.port)
        let (_, clusters) = try setup.roundTrip(server.request("GET", "/kafka/v3/clusters"))
        guard let cluster = try JSONParser.parse(Array(clusters))["data"]?.arrayValue?.first?["cluster_id"]?.stringValue else {
            throw APIBench.Failure(description: "no Kafka cluster")
        }
        let topic = "/kafka/v3/clusters/\(cluster)/topics/soak"
        let (created, _) = try setup.roundTrip(server.request("POST", "/kafka/v3/clusters/\(cluster)/topics",
                                                              #"{"topic_name":"soak","partitions_count":6}"#))
        guard created == 201 else { throw APIBench.Failure(description: "topic create returned \(created)") }
        let early = PeakRSS(pid: server.pid)
        let whole = PeakRSS(pid: server.pid)
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let outcomes = ProduceBench.Outcomes()
        let group = DispatchGroup()
        let port = server.port, auth = server.auth
        for s in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                var round = 0
                while Date() < deadline {
                    let r = (try? ProduceBench.streamOnce(port: port, auth: auth, path: topic + "/records",
                                                          records: 100_000, seed: s * 1000 + round)) ?? (0, 1, 0)
                    outcomes.add(r)
                    round += 1
                }
                group.leave()
            }
        }
        Thread.sleep(forTimeInterval: min(10, seconds / 2))
        early.stop()
        group.wait()
        whole.stop()
        let elapsed = Date().timeIntervalSince(start)
        let o = outcomes.get()
        // A fresh connection: the setup one sat idle through the soak (the server's idle timeout is 60 s).
        let (_, partitions) = try APIBenchClient(port: server.port).roundTrip(server.request("GET", topic + "/partitions"))
        let stored = (try JSONParser.parse(Array(partitions))["data"]?.arrayValue ?? [])
            .compactMap { $0["end_offset"]?.intValue }.reduce(0, +)
        let earlyMiB = Double(early.peakKiB) / 1024, wholeMiB = Double(whole.peakKiB) / 1024
        print(String(format: "  produce: %d records acknowledged in %.1f s (%.0f records/s, %.1f MB/s), %d failed reports; %lld records in the topic; server peak RSS %.0f MiB in the first %.0f s, %.0f MiB over the run",
                     o.ok, elapsed, Double(o.ok) / elapsed, Double(o.bytes) / elapsed / 1e6, o.failed, stored,
                     earlyMiB, min(10, seconds / 2), wholeMiB))
        return [
            ("produce \(Int(seconds)) s: every acknowledged record stored (\(o.ok) acknowledged, \(stored) stored, \(o.failed) failed)",
             o.ok > 0 && Int64(o.ok) == stored && o.failed == 0),
            ("produce \(Int(seconds)) s: memory bounded (peak \(Int(wholeMiB)) MiB vs \(Int(earlyMiB)) MiB early; limit 1.5× + 64 MiB)",
             wholeMiB <= earlyMiB * 1.5 + 64),
        ]
    }

    /// Sends `count` requests (`make(n)`, n = 0..<count) over `connections` keep-alive connections.
    static func counted(port: Int, connections: Int, count: Int,
                        make: @escaping @Sendable (Int) -> [UInt8]) -> APIBench.Result {
        let next = Atomic<Int>(0)
        let totals = APIBench.Totals()
        let group = DispatchGroup()
        for _ in 0..<connections {
            group.enter()
            Thread.detachNewThread {
                var local = APIBench.Result()
                if let client = try? APIBenchClient(port: port) {
                    while true {
                        let n = next.add(1, ordering: .relaxed).oldValue
                        guard n < count else { break }
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        guard let (status, _) = try? client.roundTrip(make(n)) else { local.errors += 1; break }
                        local.latenciesMicros.append(Int((DispatchTime.now().uptimeNanoseconds - t0) / 1000))
                        if status >= 300 { local.errors += 1 } else { local.requests += 1 }
                    }
                } else {
                    local.errors += 1
                }
                totals.add(local)
                group.leave()
            }
        }
        group.wait()
        return totals.result
    }

    /// The same request `BenchServer.request` builds (BENCH:bench), without capturing the server.
    static func request(_ port: Int, _ method: String, _ path: String, _ body: String = "") -> [UInt8] {
        Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Basic QkVOQ0g6YmVuY2g=\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    static func fmt(_ v: Double) -> String { String(format: "%.2f", v) }

    static func percentile(_ micros: [Int], _ p: Double) -> Double {
        let sorted = micros.sorted()
        guard !sorted.isEmpty else { return 0 }
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
    }
}
