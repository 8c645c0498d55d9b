@testable import HTTP
import Testing

private func parse(_ text: String, max: Int = 16 * 1024) -> RequestParser.Result {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { RequestParser.parseHead($0, maxHeaderBytes: max) }
}

private func status(_ text: String, max: Int = 16 * 1024) -> Int? {
    if case .failure(let e) = parse(text, max: max) { return e.status }
    return nil
}

@Suite struct RequestParserTests {
    @Test func validRequestWithQueryAndHeaders() throws {
        let text = "GET /jobs/a%20b?x=1&y=2 HTTP/1.1\r\nHost: h\r\nX-Thing:  spaced value \r\n\r\n"
        guard case .head(let h, let consumed) = parse(text) else { Issue.record("not parsed"); return }
        #expect(consumed == text.utf8.count)
        #expect(h.method == "GET")
        #expect(h.path == "/jobs/a b")
        #expect(h.query == "x=1&y=2")
        #expect(h.minorVersion == 1)
        #expect(h.keepAlive)
        #expect(h.headers["x-thing"] == "spaced value")
        #expect(h.headers["HOST"] == "h")
        #expect(!h.hasBody)
    }

    @Test func incompleteHeadWaits() {
        if case .incomplete = parse("GET / HTTP/1.1\r\nHost: h\r\n") {} else { Issue.record("expected incomplete") }
    }

    @Test func pipelinedHeadsAreConsumedOneByOne() {
        let one = "GET /a HTTP/1.1\r\n\r\n"
        let two = "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
        guard case .head(let h1, let c1) = parse(one + two) else { Issue.record("first"); return }
        #expect(h1.path == "/a")
        #expect(c1 == one.utf8.count)
        guard case .head(let h2, let c2) = parse(two) else { Issue.record("second"); return }
        #expect(h2.method == "POST")
        #expect(h2.contentLength == 3)
        #expect(c2 == two.utf8.count - 3)
    }

    @Test func connectionSemantics() {
        guard case .head(let a, _) = parse("GET / HTTP/1.0\r\n\r\n"),
              case .head(let b, _) = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
              case .head(let c, _) = parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
              case .head(let d, _) = parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
        else { Issue.record("parse"); return }
        #expect(!a.keepAlive)
        #expect(b.keepAlive)
        #expect(!c.keepAlive)
        #expect(d.chunked && d.expectContinue && d.hasBody)
    }

    @Test func malformedRequestsGetPreciseStatuses() {
        #expect(status("GARBAGE\r\n\r\n") == 400)
        #expect(status("GET /\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1 extra\r\n\r\n") == 400)
        #expect(status("GET / HTTX/1.1\r\n\r\n") == 400)
        #expect(status("GET / HTTP/2.0\r\n\r\n") == 505)
        #expect(status("GET nopath HTTP/1.1\r\n\r\n") == 400)
        #expect(status("GET /a%zz HTTP/1.1\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nNoColonHere\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") == 501)
        #expect(status("BREW /pot HTTP/1.1\r\n\r\n") == 501)
        #expect(status("TRACE / HTTP/1.1\r\n\r\n") == 501)
        #expect(status("GET / HTTP/1.1\r\nExpect: something\r\n\r\n") == 417)
        #expect(status("\u{1}\u{2}\u{3} junk") == 400)
        #expect(status("GET / HTTP/1.1\r\nX: a\u{7}b\r\n\r\n") == 400)
    }

    @Test func oversizedHeadIs431() {
        let big = "GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
        #expect(status(big) == 431)
        // Also before the head is complete.
        let partial = "GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: 20_000)
        #expect(status(partial) == 431)
        #expect(status("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100) + "\r\n\r\n", max: 64) == 431)
    }

    @Test func chunkedDecoderHandlesSplitInput() throws {
        let wire = Array("4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\nNEXT".utf8)
        // Feed byte by byte to exercise every state boundary.
        var d = ChunkedDecoder(maxTrailerBytes: 1024)
        var out: [UInt8] = []
        var i = 0
        while i < wire.count && !d.isDone {
            let used = try [wire[i]].withUnsafeBufferPointer { try d.decode($0) { out.append(contentsOf: $0) } }
            i += used
            if used == 0 { break }
        }
        #expect(String(decoding: out, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        #expect(d.isDone)
        #expect(String(decoding: wire[i...], as: UTF8.self) == "NEXT")
    }

    @Test func chunkedDecoderRejectsGarbage() {
        for bad in ["zz\r\n", "4\r\nabcdXX", "12345678901234567\r\n"] {
            var d = ChunkedDecoder(maxTrailerBytes: 1024)
            let bytes = Array(bad.utf8)
            #expect(throws: ProtocolError.self) {
                _ = try bytes.withUnsafeBufferPointer { try d.decode($0) { _ in } }
            }
        }
    }
}
