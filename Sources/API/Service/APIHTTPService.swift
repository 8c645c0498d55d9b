import HTTP

/// The server's request handling: the API's router, except that a GET whose answer is cached and current
/// (`APIService.hasCachedAnswer`) runs inline on the event loop — a lookup costs less than handing the
/// request to a worker thread and the answer back. Everything else runs as the router says.
///
/// The inline run still authenticates first and goes through every middleware; if a write lands between
/// this check and the handler, the handler just reads and encodes (a short read, never a write).
public struct APIHTTPService: HTTPService {
    let router: Router
    let api: APIService

    public init(router: Router, api: APIService) {
        self.router = router
        self.api = api
    }

    public func prepare(_ request: inout HTTPRequest) -> RouteOptions {
        let options = router.prepare(&request)
        guard options == .standard, api.hasCachedAnswer(request) else { return options }
        return .inline
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse { router.handle(request) }
}

extension APIService {
    /// The router (`makeRouter`) as the server runs it, with cached GETs answered on the event loop.
    public func makeService(accessLog: (@Sendable (String) -> Void)? = nil) -> APIHTTPService {
        APIHTTPService(router: makeRouter(accessLog: accessLog), api: self)
    }
}
