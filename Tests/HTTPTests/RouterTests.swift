import HTTP
import Testing

@Suite struct RouterTests {
    @Test func exposesRegisteredRoutes() {
        var r = Router()
        r.get("/a") { _ in HTTPResponse(status: 200) }
        r.post("/a/{id}") { _ in HTTPResponse(status: 200) }
        #expect(r.routes.map { "\($0.method) \($0.pattern)" } == ["GET /a", "POST /a/{id}"])
    }

    @Test func aliasPrefixesServeEveryRouteButRealRoutesWin() {
        var r = Router()
        r.get("/org/{id}") { _ in HTTPResponse(status: 200) }
        r.post("/api/sessions") { _ in HTTPResponse(status: 201) }
        r.alias(prefix: "/api")
        r.alias(prefix: "/c.cloud")
        #expect(r.match(method: "GET", path: "/api/org/e1") == .found(method: "GET", pattern: "/org/{id}", parameters: ["id": "e1"]))
        #expect(r.match(method: "POST", path: "/api/sessions") == .found(method: "POST", pattern: "/api/sessions", parameters: [:]))
        #expect(r.match(method: "POST", path: "/c.cloud/api/sessions") == .found(method: "POST", pattern: "/api/sessions", parameters: [:]))
        #expect(r.match(method: "GET", path: "/c.cloud/api/org/e2") == .found(method: "GET", pattern: "/org/{id}", parameters: ["id": "e2"]))
        #expect(r.match(method: "DELETE", path: "/api/org/e1") == .methodNotAllowed(allow: ["GET", "HEAD"]))
        #expect(r.match(method: "GET", path: "/api") == .notFound)
        #expect(r.match(method: "GET", path: "/apix/org/e1") == .notFound)
        #expect(r.routes.count == 2)
    }

    @Test func matchesStaticBeforeParameter() {
        var r = Router()
        r.get("/j/{job}/versions/{v}") { _ in HTTPResponse(status: 200) }
        r.get("/j/{job}/versions/compare") { _ in HTTPResponse(status: 200) }
        #expect(r.match(method: "GET", path: "/j/x/versions/compare")
                == .found(method: "GET", pattern: "/j/{job}/versions/compare", parameters: ["job": "x"]))
        #expect(r.match(method: "GET", path: "/j/x/versions/3")
                == .found(method: "GET", pattern: "/j/{job}/versions/{v}", parameters: ["job": "x", "v": "3"]))
        #expect(r.match(method: "HEAD", path: "/j/x/versions/3")
                == .found(method: "GET", pattern: "/j/{job}/versions/{v}", parameters: ["job": "x", "v": "3"]))
        #expect(r.match(method: "POST", path: "/j/x/versions/3") == .methodNotAllowed(allow: ["GET", "HEAD"]))
        #expect(r.match(method: "GET", path: "/j/x/versions") == .notFound)
        #expect(r.match(method: "GET", path: "/j//versions/3") == .notFound)
    }

    @Test func middlewareOrderAndRequestID() {
        var r = Router()
        let lines = LogLines()
        r.use(Middlewares.requestID)
        r.use(Middlewares.accessLog(sink: { lines.append($0) }))
        r.get("/x") { req in HTTPResponse(status: 201, body: Array(req.requestID.utf8)) }
        var req = HTTPRequest(method: "GET", path: "/x")
        req.headers.add("X-Request-Id", "abc-123")
        let resp = r.handle(req)
        #expect(resp.status == 201)
        #expect(resp.headers["X-Request-Id"] == "abc-123")
        guard case .bytes(let b) = resp.body else { Issue.record("body"); return }
        #expect(String(decoding: b, as: UTF8.self) == "abc-123")
        let generated = r.handle(HTTPRequest(method: "GET", path: "/missing"))
        #expect(generated.status == 404)
        #expect(generated.headers["X-Request-Id"]?.count == 36)
        let logged = lines.all
        #expect(logged.count == 2)
        #expect(logged[0].hasPrefix("GET /x 201 "))
        #expect(logged[0].hasSuffix(" abc-123"))
        #expect(logged[1].hasPrefix("GET /missing 404 "))
    }

    @Test func basicCredentials() {
        let c = HTTPBasicCredentials(user: "KEY", password: "se:cret")
        #expect(HTTPBasicCredentials(authorization: c.authorizationHeader) == c)
        #expect(HTTPBasicCredentials(authorization: "Basic S0VZOnNlOmNyZXQ=") == c)
        #expect(HTTPBasicCredentials(authorization: "Bearer x") == nil)
        #expect(HTTPBasicCredentials(authorization: "Basic !!!") == nil)
        #expect(HTTPBasicCredentials(authorization: nil) == nil)
    }

    @Test func errorEnvelopeIsValidShape() {
        let r = HTTPErrorBody.response(status: 413, code: "payload_too_large", detail: "too \"big\"\n", requestID: "id1")
        guard case .bytes(let b) = r.body else { Issue.record("body"); return }
        #expect(String(decoding: b, as: UTF8.self)
                == #"{"errors":[{"id":"id1","status":"413","code":"payload_too_large","title":"Payload Too Large","detail":"too \"big\"\n"}]}"#)
        #expect(r.headers["Content-Type"] == "application/json")
        #expect(r.headers["X-Request-Id"] == "id1")
    }
}

final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ s: String) { lines.withLock { $0.append(s) } }
    var all: [String] { lines.withLock { $0 } }
}

import Synchronization
