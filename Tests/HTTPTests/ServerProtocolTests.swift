import Dispatch
import HTTP
import Synchronization
import Testing
import TestSupport

func protocolRouter() -> Router {
    var r = echoRouter()
    r.get("/slow") { _ in
        usleepMillis(150)
        return HTTPResponse(status: 200, body: Array("slow".utf8))
    }
    r.get("/fast") { _ in HTTPResponse(status: 200, body: Array("fast".utf8)) }
    r.post("/upload", options: .streamingBody) { req in
        var total = 0
        var pieces = 0
        while let chunk = req.bodyStream?.read() { total += chunk.count; pieces += 1 }
        return HTTPResponse(status: 200, body: Array("bytes=\(total)".utf8))
    }
    return r
}

func usleepMillis(_ ms: Int) {
    let s = DispatchSemaphore(value: 0)
    _ = s.wait(timeout: .now() + .milliseconds(ms))
}

@Suite struct ServerProtocolTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        for i in 0..<3 {
            raw.send("GET /jobs/\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(raw.readResponse())
            #expect(r.status == 200)
            #expect(r.body == "job=\(i)")
            #expect(r.header("Connection") == nil)
        }
    }

    @Test func http10ClosesUnlessKeepAlive() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("GET /health HTTP/1.0\r\n\r\n")
        let text = raw.readAll()
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(text.contains("Connection: close\r\n"))
        let raw2 = try s.raw()
        raw2.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let r = try #require(raw2.readResponse())
        #expect(r.header("Connection") == "keep-alive")
        raw2.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(raw2.readResponse()?.body == "fast")
    }

    @Test func headHasLengthButNoBody() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("HEAD /jobs/abc HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\nConnection: close\r\n\r\n")
        let text = raw.readAll()
        // The HEAD answer carries the GET length (7 = "job=abc"); the very next bytes are the next response.
        #expect(text.contains("Content-Length: 7\r\n"))
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("\r\n\r\nHTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("\r\n\r\nfast"))
        let c = s.client()
        let h = try c.request("HEAD", "/jobs/abc")
        #expect(h.status == 200 && h.body.isEmpty && h.headers["Content-Length"] == "7")
        #expect(try c.get("/fast").text == "fast")
    }

    @Test func pipelinedRequestsAnsweredInOrder() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\nPOST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /health HTTP/1.1\r\n\r\n")
        let rs = raw.readResponses(4)
        #expect(rs.map(\.body) == ["slow", "fast", "abc", #"{"status":"ok"}"#])
    }

    @Test func chunkedRequestBody() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        usleepMillis(20)
        raw.send("6;x=y\r\n world\r\n0\r\n\r\n")
        #expect(raw.readResponse()?.body == "hello world")
    }

    @Test func expectContinue() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("POST /echo HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let first = try #require(raw.readResponse())
        #expect(first.status == 100)
        raw.send("ping")
        #expect(raw.readResponse()?.body == "ping")
        // Too large: 413 instead of 100, the body is never read.
        let raw2 = try s.raw()
        raw2.send("POST /echo HTTP/1.1\r\nContent-Length: 999999999\r\nExpect: 100-continue\r\n\r\n")
        #expect(raw2.readResponse()?.status == 413)
    }

    @Test func streamingRequestBodyIsNotLimitedByMaxBody() throws {
        var config = TestServer.defaultConfiguration()
        config.maxBodyBytes = 1000
        let s = try TestServer(configuration: config, router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
        let piece = String(repeating: "x", count: 4096)
        for _ in 0..<100 { raw.send("1000\r\n\(piece)\r\n") }
        raw.send("0\r\n\r\n")
        let r = try #require(raw.readResponse())
        #expect(r.body == "bytes=409600")
        // The connection stays usable.
        raw.send("GET /fast HTTP/1.1\r\n\r\n")
        #expect(raw.readResponse()?.body == "fast")
        // While the buffered route keeps its limit.
        let raw2 = try s.raw()
        raw2.send("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n\(piece)\r\n")
        #expect(raw2.readResponse()?.status == 413)
    }

    @Test func limitsAnswerPreciseStatuses() throws {
        var config = TestServer.defaultConfiguration()
        config.maxBodyBytes = 1024
        let s = try TestServer(configuration: config, router: protocolRouter())
        defer { s.stop() }
        func status(_ text: String) throws -> (Int, String) {
            let raw = try s.raw()
            raw.send(text)
            let r = try #require(raw.readResponse())
            #expect(raw.isClosedByPeer())
            return (r.status, r.body)
        }
        let (s431, b431) = try status("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17_000) + "\r\n\r\n")
        #expect(s431 == 431)
        #expect(b431.contains(#""code":"request_header_fields_too_large""#))
        let (s413, b413) = try status("POST /echo HTTP/1.1\r\nContent-Length: 5000\r\n\r\n")
        #expect(s413 == 413)
        #expect(b413.hasPrefix(#"{"errors":[{"id":""#) && b413.contains(#""status":"413","code":"payload_too_large""#))
        #expect(try status("BREW /echo HTTP/1.1\r\n\r\n").0 == 501)
        #expect(try status("GET / HTTP/1.1\r\nbroken header\r\n\r\n").0 == 400)
        #expect(try status("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n").0 == 400)
        #expect(try status("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n").0 == 400)
        // Bigger body than allowed sent in full: still 413, and the server stays healthy.
        let raw = try s.raw()
        raw.send("POST /echo HTTP/1.1\r\nContent-Length: 200000\r\n\r\n")
        raw.send(String(repeating: "z", count: 200_000))
        let all = raw.readAll()
        #expect(all.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"))
        #expect(all.components(separatedBy: "HTTP/1.1 ").count == 2)  // exactly one answer, body never parsed
        #expect(try s.client().get("/fast").text == "fast")
    }

    @Test func slowHeadersTimeOutWith408AndIdleConnectionsClose() throws {
        var config = TestServer.defaultConfiguration()
        config.headerReadTimeout = .milliseconds(200)
        config.idleTimeout = .milliseconds(400)
        let s = try TestServer(configuration: config, router: protocolRouter())
        defer { s.stop() }
        let slow = try s.raw()
        slow.send("GET /fast HTTP/1.1\r\nHost: x\r\n")  // never finishes the head
        let r = try #require(slow.readResponse())
        #expect(r.status == 408)
        #expect(slow.isClosedByPeer())
        let idle = try s.raw()
        idle.send("GET /fast HTTP/1.1\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        let start = MonotonicClock.nanoseconds()
        #expect(idle.isClosedByPeer())
        let waited = Double(MonotonicClock.nanoseconds() - start) / 1e9
        #expect(waited >= 0.2 && waited < 3)
    }

    @Test func tooManyConnectionsGet503() throws {
        var config = TestServer.defaultConfiguration()
        config.maxConnections = 2
        let s = try TestServer(configuration: config, router: protocolRouter())
        defer { s.stop() }
        let a = try s.raw(), b = try s.raw()
        a.send("GET /fast HTTP/1.1\r\n\r\n")
        b.send("GET /fast HTTP/1.1\r\n\r\n")
        #expect(a.readResponse()?.status == 200)
        #expect(b.readResponse()?.status == 200)
        let c = try s.raw()
        c.send("GET /fast HTTP/1.1\r\n\r\n")
        let r = try #require(c.readResponse())
        #expect(r.status == 503)
        #expect(r.body.contains(#""code":"service_unavailable""#))
        #expect(r.header("X-Request-Id") != nil)
    }

    @Test func disconnectingClientsHarmNoOneElse() throws {
        let produced = Mutex(0)
        let stopped = DispatchSemaphore(value: 0)
        var r = protocolRouter()
        r.get("/forever") { _ in
            HTTPResponse(status: 200, stream: { w in
                let chunk = [UInt8](repeating: 65, count: 8192)
                while w.write(chunk) { produced.withLock { $0 += 1 } }
                stopped.signal()
            })
        }
        let s = try TestServer(router: r)
        defer { s.stop() }
        // Mid-request: half a head, half a body.
        do { let x = try s.raw(); x.send("GET /fast HTTP/1.1\r\nHo") }
        do { let x = try s.raw(); x.send("POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc") }
        do { let x = try s.raw(); x.send("POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") }
        // Mid-response: a never-ending stream whose reader goes away.
        do {
            let x = try s.raw()
            x.send("GET /forever HTTP/1.1\r\n\r\n")
            #expect(!x.readSome().isEmpty)
        }
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(try s.client().get("/fast").text == "fast")
        #expect(produced.withLock { $0 } > 0)
    }

    @Test func halfClosedClientStillGetsItsAnswer() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        for path in ["/slow", "/health"] {
            let raw = try s.raw()
            raw.send("GET \(path) HTTP/1.1\r\n\r\n")
            raw.shutdownWrite()
            let text = raw.readAll()
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(text.hasSuffix(path == "/slow" ? "slow" : #"{"status":"ok"}"#))
        }
        #expect(try s.client().get("/fast").text == "fast")
    }

    @Test func gracefulShutdownFinishesInFlightRequests() throws {
        let s = try TestServer(router: protocolRouter())
        let raw = try s.raw()
        raw.send("GET /slow HTTP/1.1\r\n\r\n")
        usleepMillis(30)
        let idle = try s.raw()
        let start = MonotonicClock.nanoseconds()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { s.stop(); done.signal() }
        let r = try #require(raw.readResponse())
        #expect(r.status == 200 && r.body == "slow")
        #expect(r.header("Connection") == "close" || raw.isClosedByPeer())
        #expect(idle.isClosedByPeer())
        #expect(done.wait(timeout: .now() + 6) == .success)
        #expect(Double(MonotonicClock.nanoseconds() - start) / 1e9 < 5.5)
        #expect(throws: (any Error).self) { try s.client(timeoutSeconds: 1).get("/fast") }
    }
}

@Suite struct ServerConcurrencyTests {
    @Test func slowHandlersDoNotBlockCheapRoutes() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        // Keep every worker busy with slow requests...
        let slow = try (0..<6).map { _ in try s.raw() }
        for c in slow { c.send("GET /slow HTTP/1.1\r\n\r\n") }
        usleepMillis(20)
        // ...an inline route still answers at once.
        let start = MonotonicClock.nanoseconds()
        let r = try s.client().get("/health")
        let ms = Double(MonotonicClock.nanoseconds() - start) / 1e6
        #expect(r.status == 200)
        #expect(ms < 100)
        for c in slow { #expect(c.readResponse()?.body == "slow") }
    }

    @Test func endlessStreamsDoNotOccupyWorkers() throws {
        var r = protocolRouter()
        r.get("/follow") { _ in
            HTTPResponse(status: 200, stream: { w in
                while w.write(Array("tick\n".utf8)) { usleepMillis(10) }
            })
        }
        let s = try TestServer(router: r)   // 4 workers
        defer { s.stop() }
        let followers = try (0..<6).map { _ in try s.raw() }
        for f in followers { f.send("GET /follow HTTP/1.1\r\n\r\n") }
        usleepMillis(50)
        // A pooled (non-inline) route still gets a worker.
        #expect(try s.client(timeoutSeconds: 3).get("/fast").text == "fast")
    }

    @Test func http10StreamEndsWithClose() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        raw.send("GET /stream HTTP/1.0\r\n\r\n")
        let text = raw.readAll()
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(!text.contains("Transfer-Encoding"))
        #expect(text.hasSuffix("line 0\nline 1\nline 2\nline 3\nline 4\n"))
    }

    @Test func manyConcurrentClients() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let c = s.client()
            for j in 0..<50 {
                let body = Array("c\(i)-\(j)".utf8)
                if (try? c.request("POST", "/echo", body: body))?.body != body { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}
