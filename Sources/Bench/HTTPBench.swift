import CEpoll
import Foundation
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `flinkcloud-bench http [--connections 64] [--seconds 10] [--threads 2] [--server-loops N] [--pooled]
/// [--loop epoll|dispatch] [--url http://host:port/health]`:
/// a keep-alive load generator (no pipelining; epoll, a few threads each driving many connections).
/// Without `--url` it starts an in-process `HTTPServer` answering GET /health (inline route).
enum HTTPBench {
    struct Options {
        var connections = 64
        var seconds = 10.0
        var threads = 2
        var url: String?
        var serverLoops = HTTPServer.coreCount
        /// Run /health on the worker pool instead of inline on the loop (to compare the two).
        var pooled = false
        /// The in-process server's event mechanism: `epoll` (the server) or `dispatch` (Dispatch read
        /// sources: `DispatchSourceServer`, a measurement prototype with the same parser and router).
        var loop = "epoll"
    }

    static func run(_ args: [String]) {
        var o = Options()
        var i = 0
        while i < args.count {
            let v = i + 1 < args.count ? args[i + 1] : ""
            switch args[i] {
            case "--connections": o.connections = Int(v) ?? o.connections; i += 1
            case "--seconds": o.seconds = Double(v) ?? o.seconds; i += 1
            case "--threads": o.threads = Int(v) ?? o.threads; i += 1
            case "--url": o.url = v; i += 1
            case "--server-loops": o.serverLoops = Int(v) ?? o.serverLoops; i += 1
            case "--pooled": o.pooled = true
            case "--loop": o.loop = v; i += 1
            default: print("unknown option \(args[i])"); return
            }
            i += 1
        }
        var server: HTTPServer?
        var prototype: DispatchSourceServer?
        var host = "127.0.0.1", port = 0, path = "/health"
        if let url = o.url {
            guard let p = HTTPClient.parse(url: url) else { print("bad --url \(url)"); return }
            (host, port, path) = p
        } else {
            var router = Router()
            router.use(Middlewares.requestID)
            router.get("/health", options: o.pooled ? .standard : .inline) { _ in
                var h = HTTPHeaders()
                h.add("Content-Type", "application/json")
                return HTTPResponse(status: 200, headers: h, body: Array(#"{"status":"UP"}"#.utf8))
            }
            if o.loop == "dispatch" {
                let s = DispatchSourceServer(service: router, queues: o.serverLoops)
                do { port = try s.start() } catch { print("server start failed: \(error)"); return }
                prototype = s
            } else {
                var config = HTTPServer.Configuration()
                config.eventLoops = o.serverLoops
                config.maxConnections = max(10_000, o.connections * 2)
                let s = HTTPServer(configuration: config, service: router)
                do { port = try s.start() } catch { print("server start failed: \(error)"); return }
                server = s
            }
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: flinkcloud-bench\r\n\r\n".utf8)
        print("http bench: \(o.connections) connections, \(o.threads) threads, \(o.seconds)s, GET http://\(host):\(port)\(path)"
              + (o.url == nil ? " (in-process server: \(o.loop == "dispatch" ? "Dispatch read sources, \(o.serverLoops) queues" : "epoll, \(o.serverLoops) loops"), handler \(o.pooled ? "on worker pool" : "inline"))" : ""))
        let cpuBefore = processCPUMicros()
        let result = LoadGenerator.run(host: host, port: port, request: request, connections: o.connections,
                                       threads: o.threads, seconds: o.seconds)
        let cpu = processCPUMicros() - cpuBefore
        server?.shutdown()
        prototype?.stop()
        result.print(seconds: o.seconds)
        // CPU per request is less sensitive than req/s to other processes on the machine: it compares
        // designs under load (in-process server: includes the load generator's share, equal for both).
        if result.requests > 0 {
            print(String(format: "process CPU %.1f µs per request (user+sys, server and load generator)",
                         Double(cpu) / Double(result.requests)))
        }
    }
}

/// The load generator: each thread owns an epoll set and `connections / threads` connections.
enum LoadGenerator {
    struct Result {
        var requests = 0
        var errors = 0
        var connectErrors = 0
        var statusErrors = 0
        var latenciesMicros: [UInt32] = []

        func print(seconds: Double) {
            let sorted = latenciesMicros.sorted()
            func pct(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
            }
            let rps = Double(requests) / seconds
            Swift.print(String(format: "requests %d  req/s %.0f  p50 %.2f ms  p99 %.2f ms  max %.2f ms  errors %d (connect %d, non-2xx %d)",
                               requests, rps, pct(0.5), pct(0.99), sorted.last.map { Double($0) / 1000 } ?? 0,
                               errors + connectErrors + statusErrors, connectErrors, statusErrors))
        }
    }

    final class Conn {
        let fd: Int32
        var buffer: [UInt8] = []
        var sentAt: UInt64 = 0
        init(fd: Int32) { self.fd = fd }
    }

    static func run(host: String, port: Int, request: [UInt8], connections: Int, threads: Int, seconds: Double) -> Result {
        let threads = max(1, min(threads, connections))
        let results = Mutex<[Result]>([])
        let group = DispatchGroup()
        let deadline = MonotonicClock.nanoseconds() + UInt64(seconds * 1e9)
        for t in 0..<threads {
            let count = connections / threads + (t < connections % threads ? 1 : 0)
            group.enter()
            let thread = Thread {
                let r = drive(host: host, port: port, request: request, connections: count, deadline: deadline)
                results.withLock { $0.append(r) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return results.withLock { all in
            var total = Result()
            for r in all {
                total.requests += r.requests
                total.errors += r.errors
                total.connectErrors += r.connectErrors
                total.statusErrors += r.statusErrors
                total.latenciesMicros.append(contentsOf: r.latenciesMicros)
            }
            return total
        }
    }

    static func connect(host: String, port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        if inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr) != 1 { close(fd); return nil }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return fd
    }

    static func drive(host: String, port: Int, request: [UInt8], connections: Int, deadline: UInt64) -> Result {
        var result = Result()
        result.latenciesMicros.reserveCapacity(1 << 20)
        let ep = epoll_create1(0)
        defer { close(ep) }
        var conns: [Int32: Conn] = [:]
        func open() -> Conn? {
            guard let fd = connect(host: host, port: port) else { result.connectErrors += 1; return nil }
            let c = Conn(fd: fd)
            var ev = epoll_event()
            cepoll_set(&ev, EPOLLIN.rawValue, UInt64(fd))
            epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)
            conns[fd] = c
            return c
        }
        func fire(_ c: Conn) -> Bool {
            c.sentAt = MonotonicClock.nanoseconds()
            let n = request.withUnsafeBytes { send(c.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return n == request.count
        }
        func drop(_ c: Conn) {
            conns[c.fd] = nil
            close(c.fd)
        }
        for _ in 0..<connections {
            if let c = open(), !fire(c) { result.errors += 1; drop(c) }
        }
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: 256)
        defer { events.deallocate() }
        var scratch = [UInt8](repeating: 0, count: 65536)
        while MonotonicClock.nanoseconds() < deadline && !conns.isEmpty {
            let n = epoll_wait(ep, events, 256, 100)
            guard n > 0 else { continue }
            for k in 0..<Int(n) {
                let fd = Int32(truncatingIfNeeded: cepoll_data(events + k))
                guard let c = conns[fd] else { continue }
                let got = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if got <= 0 {
                    if got < 0 && errno == EAGAIN { continue }
                    result.errors += 1
                    drop(c)
                    if let r = open(), !fire(r) { drop(r) }
                    continue
                }
                c.buffer.append(contentsOf: scratch[0..<got])
                guard let (status, length) = complete(c.buffer) else { continue }
                let now = MonotonicClock.nanoseconds()
                result.requests += 1
                result.latenciesMicros.append(UInt32(min(UInt64(UInt32.max), (now - c.sentAt) / 1000)))
                if status < 200 || status >= 300 { result.statusErrors += 1 }
                if length == c.buffer.count { c.buffer.removeAll(keepingCapacity: true) } else { c.buffer.removeFirst(length) }
                if now < deadline && !fire(c) { result.errors += 1; drop(c) }
            }
        }
        for c in conns.values { close(c.fd) }
        return result
    }

    /// (status, bytes used) once a full Content-Length response is in `b`.
    static func complete(_ b: [UInt8]) -> (Int, Int)? {
        return b.withUnsafeBufferPointer { p -> (Int, Int)? in
            let n = p.count
            guard n >= 16 else { return nil }
            var i = 0
            var headEnd = -1
            while i + 3 < n {
                if p[i] == 13 && p[i + 1] == 10 && p[i + 2] == 13 && p[i + 3] == 10 { headEnd = i; break }
                i += 1
            }
            guard headEnd >= 0 else { return nil }
            let status = Int(p[9] - 48) * 100 + Int(p[10] - 48) * 10 + Int(p[11] - 48)
            // Find Content-Length (case-insensitive).
            let key = Array("content-length:".utf8)
            var length = 0
            var j = 0
            outer: while j + key.count < headEnd {
                if p[j] == 10 {
                    var k = 0
                    while k < key.count {
                        var ch = p[j + 1 + k]
                        if ch >= 65 && ch <= 90 { ch += 32 }
                        if ch != key[k] { break }
                        k += 1
                    }
                    if k == key.count {
                        var v = j + 1 + k
                        while p[v] == 32 { v += 1 }
                        while v < headEnd && p[v] >= 48 && p[v] <= 57 { length = length * 10 + Int(p[v] - 48); v += 1 }
                        break outer
                    }
                }
                j += 1
            }
            let total = headEnd + 4 + length
            return n >= total ? (status, total) : nil
        }
    }
}

/// User plus system CPU time of this process so far, in microseconds.
func processCPUMicros() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
}
