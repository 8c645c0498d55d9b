import HTTP
import Testing
import TestSupport

/// The Dispatch-read-source prototype (compared with the epoll server by `flinkcloud-bench http --loop
/// dispatch`) answers keep-alive and pipelined requests like the server, inline and pooled routes alike.
@Suite struct DispatchSourceServerTests {
    @Test func answersKeepAliveAndPipelinedRequestsInOrder() throws {
        let server = DispatchSourceServer(service: protocolRouter(), queues: 2)
        let port = try server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: port, timeoutSeconds: 5)
        for i in 0..<3 {
            raw.send("GET /jobs/\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(raw.readResponse())
            #expect(r.status == 200)
            #expect(r.body == "job=\(i)")
            #expect(r.header("Date") != nil)
        }
        // Pipelined: an inline route, a worker-pool route, then a body; answered in order.
        raw.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        let answers = raw.readResponses(3)
        #expect(answers.map(\.status) == [200, 200, 200])
        #expect(answers.map(\.body) == [#"{"status":"ok"}"#, "fast", "hello"])
    }
}
