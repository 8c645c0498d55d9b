import CEpoll
import Foundation
import HTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An open-loop-ish load generator for latency under many connections: every connection is keep-alive
/// and sends its next request `interval` after the previous one was sent (or at once when the answer came
/// later), so the offered rate is `connections / interval` and latency is not inflated by the generator's
/// own queueing (as with a closed loop of 1,000 connections). Requests rotate through `requests`.
enum PacedLoad {
    struct Result: Sendable {
        var requests = 0
        var statusErrors = 0
        var ioErrors = 0
        var connectErrors = 0
        var latenciesMicros: [UInt32] = []
        var seconds = 0.0
        /// When (ms since the run started) each request slower than 20 ms was sent.
        var slowSentAtMillis: [UInt32] = []
        /// Latencies of the requests sent 2 s or more after the start (steady state: every connection
        /// open, caches warm).
        var steadyLatenciesMicros: [UInt32] = []

        func steadyPercentile(_ p: Double) -> Double {
            let sorted = steadyLatenciesMicros.sorted()
            guard !sorted.isEmpty else { return 0 }
            return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
        }

        var errors: Int { statusErrors + ioErrors + connectErrors }

        func percentile(_ p: Double) -> Double {
            let sorted = latenciesMicros.sorted()
            guard !sorted.isEmpty else { return 0 }
            return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
        }

        mutating func merge(_ r: Result) {
            requests += r.requests
            statusErrors += r.statusErrors
            ioErrors += r.ioErrors
            connectErrors += r.connectErrors
            latenciesMicros += r.latenciesMicros
            slowSentAtMillis += r.slowSentAtMillis
            steadyLatenciesMicros += r.steadyLatenciesMicros
        }

        /// Slow requests (> 20 ms) per 250 ms of the run, e.g. "0.5s:12 3.25s:40" (empty when none).
        var slowTimeline: String {
            var buckets: [UInt32: Int] = [:]
            for t in slowSentAtMillis { buckets[t / 250, default: 0] += 1 }
            return buckets.keys.sorted().map { String(format: "%.2fs:%d", Double($0) * 0.25, buckets[$0]!) }.joined(separator: " ")
        }

        var summary: String {
            let sorted = latenciesMicros.sorted()
            let maxMs = sorted.last.map { Double($0) / 1000 } ?? 0
            return String(format: "%d requests, %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d (connect %d, io %d, non-2xx %d)",
                          requests, Double(requests) / max(seconds, 0.001), percentile(0.5), percentile(0.99), maxMs,
                          errors, connectErrors, ioErrors, statusErrors)
        }
    }

    final class Conn {
        let fd: Int32
        var buffer: [UInt8] = []
        var sentAt: UInt64 = 0
        var nextAt: UInt64 = 0
        var busy = false
        var index: Int
        init(fd: Int32, index: Int) { self.fd = fd; self.index = index }
    }

    /// Runs `connections` paced connections on `threads` threads for `seconds`.
    static func run(port: Int, requests: [[UInt8]], connections: Int, interval: Double, seconds: Double,
                    threads: Int = 2) -> Result {
        let results = Mutex<[Result]>([])
        let group = DispatchGroup()
        let start = MonotonicClock.nanoseconds()
        let deadline = start + UInt64(seconds * 1e9)
        let threads = max(1, min(threads, connections))
        for t in 0..<threads {
            let count = connections / threads + (t < connections % threads ? 1 : 0)
            group.enter()
            Thread {
                let r = drive(port: port, requests: requests, first: t * 7919, connections: count,
                              intervalNanos: UInt64(interval * 1e9), deadline: deadline)
                results.withLock { $0.append(r) }
                group.leave()
            }.start()
        }
        group.wait()
        var total = Result()
        for r in results.withLock({ $0 }) { total.merge(r) }
        total.seconds = Double(MonotonicClock.nanoseconds() - start) / 1e9
        return total
    }

    static func drive(port: Int, requests: [[UInt8]], first: Int, connections: Int, intervalNanos: UInt64,
                      deadline: UInt64) -> Result {
        var result = Result()
        result.latenciesMicros.reserveCapacity(1 << 18)
        let ep = epoll_create1(0)
        defer { close(ep) }
        var conns: [Int32: Conn] = [:]
        var next = first
        func open(at: UInt64) {
            guard let fd = LoadGenerator.connect(host: "127.0.0.1", port: port) else { result.connectErrors += 1; return }
            let c = Conn(fd: fd, index: next)
            var ev = epoll_event()
            cepoll_set(&ev, EPOLLIN.rawValue, UInt64(fd))
            epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)
            c.nextAt = at
            conns[fd] = c
        }
        func drop(_ c: Conn) {
            conns[c.fd] = nil
            close(c.fd)
        }
        func fire(_ c: Conn, _ now: UInt64) {
            let request = requests[c.index % requests.count]
            c.index = next
            next &+= 1
            c.sentAt = now
            c.nextAt = now + intervalNanos
            c.busy = true
            let n = request.withUnsafeBytes { send(c.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n != request.count { result.ioErrors += 1; drop(c); open(at: now + intervalNanos) }
        }
        // Spread the first requests over one interval so they do not all arrive at once.
        let t0 = MonotonicClock.nanoseconds()
        for k in 0..<connections { open(at: t0 + intervalNanos * UInt64(k) / UInt64(max(connections, 1))) }
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: 512)
        defer { events.deallocate() }
        var scratch = [UInt8](repeating: 0, count: 65536)
        while true {
            let now = MonotonicClock.nanoseconds()
            if now >= deadline { break }
            var wake = deadline
            for c in conns.values where !c.busy {
                if c.nextAt <= now { fire(c, now) } else { wake = min(wake, c.nextAt) }
            }
            let timeoutMs = Int32(max(0, min(100, (Int64(wake) - Int64(MonotonicClock.nanoseconds())) / 1_000_000)))
            let n = epoll_wait(ep, events, 512, timeoutMs)
            guard n > 0 else { continue }
            for k in 0..<Int(n) {
                let fd = Int32(truncatingIfNeeded: cepoll_data(events + k))
                guard let c = conns[fd] else { continue }
                let got = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if got <= 0 {
                    if got < 0 && errno == EAGAIN { continue }
                    result.ioErrors += 1
                    drop(c)
                    open(at: MonotonicClock.nanoseconds())
                    continue
                }
                c.buffer.append(contentsOf: scratch[0..<got])
                guard let (status, length) = LoadGenerator.complete(c.buffer) else { continue }
                let done = MonotonicClock.nanoseconds()
                result.requests += 1
                result.latenciesMicros.append(UInt32(min(UInt64(UInt32.max), (done - c.sentAt) / 1000)))
                if done - c.sentAt > 20_000_000 { result.slowSentAtMillis.append(UInt32((c.sentAt - t0) / 1_000_000)) }
                if c.sentAt - t0 >= 2_000_000_000 { result.steadyLatenciesMicros.append(result.latenciesMicros.last!) }
                if status < 200 || status >= 300 { result.statusErrors += 1 }
                if length == c.buffer.count { c.buffer.removeAll(keepingCapacity: true) } else { c.buffer.removeFirst(length) }
                c.busy = false
            }
        }
        for c in conns.values { close(c.fd) }
        return result
    }
}
