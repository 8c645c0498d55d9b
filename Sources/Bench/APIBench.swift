import Foundation
import Model

/// `flinkcloud-bench api [--seconds S] [--connections N] [--server PATH]`: starts the real `flinkcloud`
/// (temp data dir, durable commits), then measures
///  1. GET a list of 20 jobs with N keep-alive connections (target ≥ 20k req/s), and
///  2. POST job create (each one a durable SQLite commit) with N connections (target ≥ 2k/s).
enum APIBench {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func run(_ args: [String]) {
        var seconds = 5.0
        var connections = 64
        var serverPath = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("flinkcloud").path
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--seconds": seconds = Double(args[i + 1]) ?? seconds; i += 2
            case "--connections": connections = Int(args[i + 1]) ?? connections; i += 2
            case "--server": serverPath = args[i + 1]; i += 2
            default: print("usage: flinkcloud-bench api [--seconds S] [--connections N] [--server PATH]"); return
            }
        }
        do {
            try benchmark(serverPath: serverPath, seconds: seconds, connections: connections)
        } catch {
            print("api bench failed: \(error)")
        }
    }

    static func benchmark(serverPath: String, seconds: Double, connections: Int) throws {
        let dir = NSTemporaryDirectory() + "flinkcloud-bench-\(UUID().uuidString.prefix(8))"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: serverPath)
        p.arguments = ["--port", "0", "--data-dir", dir, "--api-key", "BENCH", "--api-secret", "bench", "--log-level", "error"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        defer { p.terminate(); p.waitUntilExit(); try? FileManager.default.removeItem(atPath: dir) }
        var banner = ""
        while !banner.contains("ready in") {
            let d = pipe.fileHandleForReading.availableData
            if d.isEmpty { throw Failure(description: "server exited: \(banner)") }
            banner += String(decoding: d, as: UTF8.self)
        }
        guard let r = banner.range(of: "listening on http://127.0.0.1:"),
              let port = Int(banner[r.upperBound...].prefix(while: { $0.isNumber })) else {
            throw Failure(description: "no listening line in: \(banner)")
        }
        let auth = "Authorization: Basic QkVOQ0g6YmVuY2g=\r\n"   // BENCH:bench
        @Sendable func request(_ method: String, _ path: String, _ body: String = "") -> [UInt8] {
            Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(auth)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }
        let setup = try APIBenchClient(port: port)
        let (_, envBody) = try setup.roundTrip(request("GET", "/org/v2/environments"))
        guard let env = try JSONParser.parse(Array(envBody))["data"]?.arrayValue?.first?["id"]?.stringValue else {
            throw Failure(description: "no default environment")
        }
        let jobs = "/flink/v1/environments/\(env)/jobs"
        for j in 0..<20 {
            let sql = "CREATE TABLE sink (symbol STRING, trades BIGINT) WITH ('connector' = 'blackhole'); "
                + "INSERT INTO sink SELECT symbol, COUNT(*) AS trades FROM (VALUES ('a'), ('b')) AS t(symbol) GROUP BY symbol -- \(j)"
            let (s, _) = try setup.roundTrip(request("POST", jobs, #"{"name":"bench-\#(j)","sql":"\#(sql)","labels":{"team":"bench"}}"#))
            guard s == 201 else { throw Failure(description: "setup create returned \(s)") }
        }
        let listRequest = request("GET", jobs + "?page_size=20")
        let (_, sample) = try setup.roundTrip(listRequest)
        print("flinkcloud-bench api: server \(serverPath), \(connections) connections, \(Int(seconds)) s per phase, same 2-core machine")
        print("  list response: \(sample.count) bytes, \(try JSONParser.parse(Array(sample))["data"]?.arrayValue?.count ?? 0) jobs")
        let server = p.processIdentifier
        report("GET list of 20 jobs", try load(port: port, connections: connections, seconds: seconds, server: server) { _, _ in listRequest })
        report("POST job create (durable)", try load(port: port, connections: connections, seconds: seconds, server: server) { c, n in
            request("POST", jobs, #"{"name":"c-\#(c)-\#(n)","sql":"SELECT \#(n)","parallelism":1}"#)
        })
    }

    struct Result {
        var requests = 0
        var errors = 0
        var seconds = 0.0
        var serverCPUMicros = 0
        var latenciesMicros: [Int] = []
    }

    static func load(port: Int, connections: Int, seconds: Double, server: Int32,
                     make: @escaping @Sendable (Int, Int) -> [UInt8]) throws -> Result {
        let cpuBefore = processCPUMicros(pid: server) ?? 0
        let totals = Totals()
        let group = DispatchGroup()
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        for c in 0..<connections {
            group.enter()
            Thread.detachNewThread {
                var local = Result()
                local.latenciesMicros.reserveCapacity(100_000)
                if let client = try? APIBenchClient(port: port) {
                    var n = 0
                    while Date() < deadline {
                        let req = make(c, n)
                        n += 1
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        guard let (status, _) = try? client.roundTrip(req) else { local.errors += 1; break }
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
        var total = totals.result
        total.seconds = Date().timeIntervalSince(start)
        total.serverCPUMicros = (processCPUMicros(pid: server) ?? 0) - cpuBefore
        return total
    }

    final class Totals: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var result = Result()
        func add(_ r: Result) {
            lock.lock()
            result.requests += r.requests
            result.errors += r.errors
            result.latenciesMicros += r.latenciesMicros
            lock.unlock()
        }
    }

    static func report(_ name: String, _ r: Result) {
        let sorted = r.latenciesMicros.sorted()
        func pct(_ p: Double) -> Double { sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000 }
        let rate = Double(r.requests) / r.seconds
        let cpuPerRequest = Double(r.serverCPUMicros) / Double(max(1, r.requests))
        print(String(format: "  %@: %.0f req/s (%d ok, %d errors in %.1f s), p50 %.2f ms, p99 %.2f ms, server CPU %.0f µs per request",
                     name, rate, r.requests, r.errors, r.seconds, pct(0.5), pct(0.99), cpuPerRequest))
    }
}
