import Foundation
import Model
#if canImport(Glibc)
import Glibc
#endif

/// `flinkcloud-bench produce [--records N] [--streams S] [--seconds T] [--connections C] [--server PATH]`:
/// starts the real `flinkcloud` (temp data dir, group-commit fsync) and measures Kafka REST produce into a
/// 6-partition topic:
///  1. streaming mode: S chunked requests in parallel, N records in total, each connection writing while
///     it reads the delivery reports (records/s, MB/s of request body, peak server RSS);
///  2. single-record mode: one record per request with C keep-alive connections for T seconds.
enum ProduceBench {
    static func run(_ args: [String]) {
        var records = 1_000_000
        var streams = 1
        var seconds = 5.0
        var connections = 16
        var serverPath = BenchServer.defaultPath
        var i = 0
        while i + 1 < args.count || (i < args.count && args[i] == "--help") {
            switch args[i] {
            case "--records": records = Int(args[i + 1]) ?? records
            case "--streams": streams = Int(args[i + 1]) ?? streams
            case "--seconds": seconds = Double(args[i + 1]) ?? seconds
            case "--connections": connections = Int(args[i + 1]) ?? connections
            case "--server": serverPath = args[i + 1]
            default:
                print("usage: flinkcloud-bench produce [--records N] [--streams S] [--seconds T] [--connections C] [--server PATH]")
                return
            }
            i += 2
        }
        do {
            let server = try BenchServer(path: serverPath)
            defer { server.stop() }
            try benchmark(server, path: serverPath, records: records, streams: streams, seconds: seconds, connections: connections)
        } catch {
            print("produce bench failed: \(error)")
        }
    }

    static func benchmark(_ server: BenchServer, path serverPath: String, records: Int, streams: Int, seconds: Double, connections: Int) throws {
        let setup = try APIBenchClient(port: server.port)
        let (_, clusters) = try setup.roundTrip(server.request("GET", "/kafka/v3/clusters"))
        guard let cluster = try JSONParser.parse(Array(clusters))["data"]?.arrayValue?.first?["cluster_id"]?.stringValue else {
            throw BenchServer.Failure(description: "no Kafka cluster")
        }
        let topics = "/kafka/v3/clusters/\(cluster)/topics"
        for t in ["stream", "single"] {
            let (s, _) = try setup.roundTrip(server.request("POST", topics, #"{"topic_name":"\#(t)","partitions_count":6}"#))
            guard s == 201 else { throw BenchServer.Failure(description: "topic create returned \(s)") }
        }
        print("flinkcloud-bench produce: server \(serverPath), 6 partitions, same 2-core machine")

        // 1. Streaming.
        let perStream = records / max(1, streams)
        let rss = PeakRSS(pid: server.pid)
        let t0 = Date()
        let outcomes = Outcomes()
        let group = DispatchGroup()
        let port = server.port, auth = server.auth
        for s in 0..<streams {
            group.enter()
            Thread.detachNewThread {
                let r = (try? streamOnce(port: port, auth: auth, path: topics + "/stream/records",
                                         records: perStream, seed: s)) ?? (0, 0, 0)
                outcomes.add(r)
                group.leave()
            }
        }
        group.wait()
        let elapsed = Date().timeIntervalSince(t0)
        rss.stop()
        let o = outcomes.get()
        print(String(format: "  streaming produce (%d stream%@): %d records in %.2f s = %.0f records/s, %.1f MB/s of request body, %d failed reports, peak server RSS %.0f MB",
                     streams, streams == 1 ? "" : "s", o.ok, elapsed, Double(o.ok) / elapsed, Double(o.bytes) / elapsed / 1e6,
                     o.failed, Double(rss.peakKiB) / 1024))

        // 2. One record per request.
        let path = topics + "/single/records"
        let result = try APIBench.load(port: port, connections: connections, seconds: seconds, server: server.pid) { c, n in
            let body = #"{"key":{"type":"STRING","data":"k\#(c)-\#(n)"},"value":{"type":"JSON","data":{"n":\#(n),"sym":"AAPL","price":187.25}}}"#
            return Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(auth)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        }
        APIBench.report("single-record produce, \(connections) connections", result)
    }

    /// One chunked produce request of `records` records: a writer thread sends the body while this thread
    /// reads the delivery reports. Returns (ok, failed, request body bytes).
    static func streamOnce(port: Int, auth: String, path: String, records: Int, seed: Int) throws -> (Int, Int, Int) {
        let fd = try BenchServer.connect(port: port)
        defer { close(fd) }
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(auth)Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
        let sent = Counter()
        let writer = Thread {
            var out = Array(head.utf8)
            var batch: [UInt8] = []
            batch.reserveCapacity(70_000)
            func flush() {
                guard !batch.isEmpty else { return }
                out += Array(String(batch.count, radix: 16).utf8) + [13, 10] + batch + [13, 10]
                sent.add(batch.count)
                batch.removeAll(keepingCapacity: true)
                _ = BenchServer.sendAll(fd, out)
                out.removeAll(keepingCapacity: true)
            }
            for i in 0..<records {
                let rec = #"{"key":{"type":"STRING","data":"sym-\#((i &* 31 &+ seed) % 500)"},"value":{"type":"JSON","data":{"event_id":\#(i),"symbol":"AAPL","price":187.25,"ts":"2025-06-01T10:00:03Z","source":"bench"}}}"#
                batch += rec.utf8
                if batch.count >= 64_000 { flush() }
            }
            flush()
            _ = BenchServer.sendAll(fd, Array("0\r\n\r\n".utf8))
        }
        writer.start()
        // Count delivery reports: lines in the chunked body (a report never contains a newline).
        var ok = 0, failed = 0, lines = 0
        var buf = [UInt8](repeating: 0, count: 256 << 10)
        var headerDone = false
        var pending: [UInt8] = []
        let okMarker = Array(#""error_code":200"#.utf8)
        while lines < records {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n <= 0 { break }
            var data = pending + buf[0..<n]
            pending = []
            if !headerDone {
                guard let end = findCRLFCRLF(data) else { pending = data; continue }
                data.removeSubrange(0..<(end + 4))
                headerDone = true
            }
            // Reports are "{…}\n"; chunk framing lines are hex sizes: only count lines starting with '{'.
            var lineStart = 0
            for i in 0..<data.count where data[i] == 10 {
                if data[lineStart] == UInt8(ascii: "{") {
                    lines += 1
                    if contains(data, okMarker, from: lineStart, to: i) { ok += 1 } else { failed += 1 }
                }
                lineStart = i + 1
            }
            pending = Array(data[lineStart...])
        }
        return (ok, failed, sent.value)
    }

    static func findCRLFCRLF(_ d: [UInt8]) -> Int? {
        guard d.count >= 4 else { return nil }
        for i in 0...(d.count - 4) where d[i] == 13 && d[i + 1] == 10 && d[i + 2] == 13 && d[i + 3] == 10 { return i }
        return nil
    }

    static func contains(_ d: [UInt8], _ needle: [UInt8], from: Int, to: Int) -> Bool {
        var i = from
        while i + needle.count <= to {
            if d[i] == needle[0] && Array(d[i..<(i + needle.count)]) == needle { return true }
            i += 1
        }
        return false
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add(_ k: Int) { lock.lock(); n += k; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return n }
    }

    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var ok = 0, failed = 0, bytes = 0
        func add(_ r: (Int, Int, Int)) { lock.lock(); ok += r.0; failed += r.1; bytes += r.2; lock.unlock() }
        func get() -> (ok: Int, failed: Int, bytes: Int) { lock.lock(); defer { lock.unlock() }; return (ok, failed, bytes) }
    }
}
