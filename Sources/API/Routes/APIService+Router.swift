import HTTP

extension APIService {
    /// The HTTP router for every `Endpoint`, with the request-id middleware outermost and, when
    /// `accessLog` is given, one access-log line per request. /health and /ready run inline on the
    /// event loop (no I/O); everything else on the worker pool.
    public func makeRouter(accessLog: (@Sendable (String) -> Void)? = nil) -> Router {
        var router = Router()
        router.registerAll { router in register(into: &router, accessLog: accessLog) }
        return router
    }

    private func register(into router: inout Router, accessLog: (@Sendable (String) -> Void)?) {
        router.use(Middlewares.requestID)
        router.use(Self.collapseLeadingSlashes)
        if let accessLog { router.use(Middlewares.accessLog(sink: accessLog)) }
        // The real Confluent CLI calls the control plane under `/api/…` and the data-plane token endpoint
        // under its login URL's path (`…/confluent.cloud/api/access_tokens`).
        router.alias(prefix: "/api")
        router.alias(prefix: "/confluent.cloud")
        for endpoint in Endpoint.allCases {
            router.add(endpoint.method, endpoint.pattern, options: endpoint.routeOptions, handler(for: endpoint))
        }
        for endpoint in CMFEndpoint.allCases {
            router.add(endpoint.method, endpoint.pattern, cmfHandler(for: endpoint))
        }
    }

    /// The CLI's SDK joins `--url http://h:8080/` and `/cmf/api/v1/…` into `//cmf/api/v1/…`: route such paths
    /// as if they had one leading slash.
    static let collapseLeadingSlashes: Middleware = { request, next in
        guard request.path.hasPrefix("//") else { return next(request) }
        var request = request
        request.path = "/" + request.path.drop(while: { $0 == "/" })
        request.pathParameters = [:]
        return next(request)
    }
}
