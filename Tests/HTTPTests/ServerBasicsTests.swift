import HTTP
import Testing
import TestSupport

func echoRouter() -> Router {
    var r = Router()
    r.use(Middlewares.requestID)
    r.get("/health", options: .inline) { _ in HTTPResponse(status: 200, body: Array(#"{"status":"ok"}"#.utf8)) }
    r.get("/jobs/{job}") { req in HTTPResponse(status: 200, body: Array("job=\(req.pathParameters["job"] ?? "")".utf8)) }
    r.get("/jobs/{job}/versions/compare") { _ in HTTPResponse(status: 200, body: Array("compare".utf8)) }
    r.get("/jobs/{job}/versions/{version}") { req in
        HTTPResponse(status: 200, body: Array("v=\(req.pathParameters["version"] ?? "")".utf8))
    }
    r.post("/echo") { req in HTTPResponse(status: 200, body: req.body) }
    r.delete("/jobs/{job}") { _ in HTTPResponse(status: 204) }
    r.get("/stream") { _ in
        HTTPResponse(status: 200, stream: { w in
            for i in 0..<5 { w.write(Array("line \(i)\n".utf8)) }
        })
    }
    return r
}

@Suite struct ServerBasicsTests {
    @Test func getHealthOverClient() throws {
        let s = try TestServer(router: echoRouter())
        defer { s.stop() }
        let c = s.client()
        let r = try c.get("/health")
        #expect(r.status == 200)
        #expect(r.text == #"{"status":"ok"}"#)
        #expect(r.headers["X-Request-Id"] != nil)
        let r2 = try c.request("POST", "/echo", body: Array("hello".utf8))
        #expect(r2.text == "hello")
    }

    @Test func routingParametersAndPrecedence() throws {
        let s = try TestServer(router: echoRouter())
        defer { s.stop() }
        let c = s.client()
        #expect(try c.get("/jobs/abc").text == "job=abc")
        #expect(try c.get("/jobs/abc/versions/compare").text == "compare")
        #expect(try c.get("/jobs/abc/versions/7").text == "v=7")
        let nf = try c.get("/nope")
        #expect(nf.status == 404)
        #expect(nf.text.contains(#""code":"not_found""#))
        #expect(nf.headers["X-Request-Id"] != nil)
        let na = try c.request("PUT", "/jobs/abc")
        #expect(na.status == 405)
        #expect(na.headers["Allow"] == "GET, DELETE, HEAD")
        #expect(try c.request("DELETE", "/jobs/abc").status == 204)
    }

    @Test func streamedResponseIsChunkedAndReadLineByLine() throws {
        let s = try TestServer(router: echoRouter())
        defer { s.stop() }
        let c = s.client()
        var lines: [String] = []
        let head = try c.streamLines("GET", "/stream") { lines.append($0); return true }
        #expect(head.status == 200)
        #expect(head.headers["Transfer-Encoding"] == "chunked")
        #expect(lines == (0..<5).map { "line \($0)" })
        // The connection is still usable afterwards.
        #expect(try c.get("/health").status == 200)
    }
}
