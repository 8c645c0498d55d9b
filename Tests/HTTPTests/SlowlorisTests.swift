import Foundation
import HTTP
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The slowloris defence: a connection that trickles its request head (a byte every 50 ms, never the end)
/// gets 408 and is closed when the header deadline — counted from the request's first byte, not reset by
/// each byte — passes, while other clients are served normally the whole time.
@Suite struct SlowlorisTests {
    @Test func tricklingHeadsAreCutAtTheDeadlineWhileOthersAreServed() throws {
        let deadline = 1.0
        var config = TestServer.defaultConfiguration()
        config.headerReadTimeout = .milliseconds(Int(deadline * 1000))
        config.idleTimeout = .seconds(30)
        let s = try TestServer(configuration: config, router: protocolRouter())
        defer { s.stop() }

        // Well-behaved clients, one request after another on a keep-alive connection, all along.
        let stop = Atomic<Bool>(false)
        let served = Mutex<(ok: Int, failed: Int, latencies: [Double])>((0, 0, []))
        let done = DispatchSemaphore(value: 0)
        let client = s.client(timeoutSeconds: 10)
        Thread.detachNewThread {
            while !stop.load(ordering: .relaxed) {
                let t0 = Date()
                let ok = (try? client.get("/fast"))?.text == "fast"
                let ms = Date().timeIntervalSince(t0) * 1000
                served.withLock { ok ? ($0.ok += 1) : ($0.failed += 1); $0.latencies.append(ms) }
                usleepMillis(5)
            }
            done.signal()
        }

        let count = 40
        var conns: [RawConnection] = []
        var startedAt: [Date] = []
        for _ in 0..<count {
            let c = try s.raw(timeoutSeconds: 5)
            #expect(c.send("GET /fast HTTP/1.1\r\nHost: x\r\nX-Slow: "))
            conns.append(c)
            startedAt.append(Date())
        }
        var answeredAt = [Date?](repeating: nil, count: count)
        var statuses = [Int?](repeating: nil, count: count)
        var servedWhileTrickling = 0
        let give = Date().addingTimeInterval(deadline + 4)
        while answeredAt.contains(where: { $0 == nil }) && Date() < give {
            for k in 0..<count where answeredAt[k] == nil {
                var p = pollfd(fd: conns[k].fd, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, 0) > 0 {
                    answeredAt[k] = Date()
                    statuses[k] = conns[k].readResponse()?.status
                    #expect(conns[k].isClosedByPeer(), "connection \(k) answered but not closed")
                } else {
                    _ = conns[k].send("a")   // one more header byte: must not extend the deadline
                }
            }
            if answeredAt.allSatisfy({ $0 == nil }) { servedWhileTrickling = served.withLock { $0.ok } }
            usleepMillis(50)
        }
        stop.store(true, ordering: .relaxed)
        done.wait()

        #expect(statuses.allSatisfy { $0 == 408 }, "\(statuses)")
        for k in 0..<count {
            guard let at = answeredAt[k] else { Issue.record("connection \(k) never cut"); continue }
            let after = at.timeIntervalSince(startedAt[k])
            #expect(after >= deadline * 0.9, "cut too early: \(after) s")
            #expect(after <= deadline + 2, "cut too late: \(after) s (deadline \(deadline) s)")
        }
        let s2 = served.withLock { $0 }
        #expect(s2.failed == 0)
        #expect(servedWhileTrickling >= 20, "only \(servedWhileTrickling) requests served while \(count) heads trickled")
        let slowest = s2.latencies.max() ?? 0
        #expect(slowest < deadline * 1000, "a normal request waited \(slowest) ms (as long as a slowloris deadline)")
    }
}
