/// Method + path-pattern routing (`/jobs/{job}/versions/{version}`) with a middleware chain.
/// Unknown paths answer 404, known paths with another method 405 with `Allow`; HEAD falls back to GET.
/// Static segments win over parameters (`/versions/compare` before `/versions/{version}`).
public struct Router: HTTPService {
    struct Route: Sendable {
        let method: String
        let pattern: String
        let segments: [Segment]
        let options: RouteOptions
        let handler: HTTPHandler
    }
    enum Segment: Sendable, Equatable { case literal(String), parameter(String) }

    final class Table: Sendable {
        let routes: [Route]
        /// Parameterless patterns: path → indices into `routes`.
        let exact: [String: [Int]]
        /// Patterns with parameters, most specific first.
        let patterned: [Int]
        /// Path prefixes also served: `/api/x` answers like `/x` when nothing matches `/api/x` itself.
        let aliases: [String]
        init(routes: [Route], aliases: [String] = []) {
            self.routes = routes
            self.aliases = aliases
            var exact: [String: [Int]] = [:]
            var patterned: [Int] = []
            for (i, r) in routes.enumerated() {
                if r.segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
                    exact[r.pattern, default: []].append(i)
                } else {
                    patterned.append(i)
                }
            }
            patterned.sort { Router.moreSpecific(routes[$0].segments, routes[$1].segments) }
            self.exact = exact
            self.patterned = patterned
        }
    }

    private var routeList: [Route] = []
    /// While true (inside `registerAll`), changes do not rebuild the table after each call.
    private var batching = false
    private var aliasList: [String] = []
    private var middlewares: [Middleware] = []
    private var table = Table(routes: [])
    private var chain: HTTPHandler = { _ in HTTPResponse(status: 404) }

    public init() { rebuild() }

    /// Every registered (method, pattern), in registration order.
    public var routes: [(method: String, pattern: String)] { routeList.map { ($0.method, $0.pattern) } }

    public mutating func add(_ method: String, _ pattern: String, options: RouteOptions = .standard,
                             _ handler: @escaping HTTPHandler) {
        routeList.append(Route(method: method.uppercased(), pattern: pattern, segments: Self.segments(of: pattern),
                               options: options, handler: handler))
        rebuild()
    }

    public mutating func get(_ pattern: String, options: RouteOptions = .standard, _ handler: @escaping HTTPHandler) {
        add("GET", pattern, options: options, handler)
    }
    public mutating func post(_ pattern: String, options: RouteOptions = .standard, _ handler: @escaping HTTPHandler) {
        add("POST", pattern, options: options, handler)
    }
    public mutating func put(_ pattern: String, options: RouteOptions = .standard, _ handler: @escaping HTTPHandler) {
        add("PUT", pattern, options: options, handler)
    }
    public mutating func patch(_ pattern: String, options: RouteOptions = .standard, _ handler: @escaping HTTPHandler) {
        add("PATCH", pattern, options: options, handler)
    }
    public mutating func delete(_ pattern: String, options: RouteOptions = .standard, _ handler: @escaping HTTPHandler) {
        add("DELETE", pattern, options: options, handler)
    }

    /// Serves every route also under `prefix` (e.g. `/api`): a path starting with it that matches nothing
    /// is matched again without it. Aliases apply repeatedly (`/a/api/x` → `/api/x` → `/x`).
    public mutating func alias(prefix: String) {
        aliasList.append(prefix)
        rebuild()
    }

    /// Adds a middleware; the first added is the outermost.
    public mutating func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
        rebuild()
    }

    /// Registers many routes, aliases or middlewares and builds the routing table once at the end
    /// (sorting the patterns after every `add` is quadratic in the number of routes).
    public mutating func registerAll(_ body: (inout Router) -> Void) {
        batching = true
        body(&self)
        batching = false
        rebuild()
    }

    private mutating func rebuild() {
        guard !batching else { return }
        let table = Table(routes: routeList, aliases: aliasList)
        self.table = table
        var handler: HTTPHandler = { request in Router.route(request, table) }
        for m in middlewares.reversed() {
            let next = handler
            handler = { request in m(request, next) }
        }
        chain = handler
    }

    // MARK: HTTPService

    public func prepare(_ request: inout HTTPRequest) -> RouteOptions {
        switch Self.match(table, method: request.method, path: request.path) {
        case .found(let index, let params):
            request.pathParameters = params
            return table.routes[index].options
        case .methodNotAllowed, .notFound:
            return .inline
        }
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse { chain(request) }

    // MARK: Matching

    public enum Match: Sendable, Equatable {
        case found(method: String, pattern: String, parameters: [String: String])
        case methodNotAllowed(allow: [String])
        case notFound
    }

    /// Which route (if any) answers `method path`.
    public func match(method: String, path: String) -> Match {
        switch Self.match(table, method: method, path: path) {
        case .found(let i, let p): .found(method: table.routes[i].method, pattern: table.routes[i].pattern, parameters: p)
        case .methodNotAllowed(let allow): .methodNotAllowed(allow: allow)
        case .notFound: .notFound
        }
    }

    enum InternalMatch { case found(Int, [String: String]), methodNotAllowed([String]), notFound }

    static func route(_ request: HTTPRequest, _ table: Table) -> HTTPResponse {
        switch match(table, method: request.method, path: request.path) {
        case .found(let index, let params):
            var request = request
            if request.pathParameters.isEmpty && !params.isEmpty { request.pathParameters = params }
            return table.routes[index].handler(request)
        case .methodNotAllowed(let allow):
            var headers = HTTPHeaders()
            headers.set("Allow", allow.joined(separator: ", "))
            return HTTPErrorBody.response(status: 405, code: "method_not_allowed",
                                          detail: "Method \(request.method) is not allowed on \(request.path).",
                                          requestID: request.requestID.isEmpty ? RequestID.generate() : request.requestID,
                                          headers: headers)
        case .notFound:
            return HTTPErrorBody.response(status: 404, code: "not_found",
                                          detail: "No route for \(request.method) \(request.path).",
                                          requestID: request.requestID.isEmpty ? RequestID.generate() : request.requestID)
        }
    }

    static func match(_ table: Table, method: String, path: String) -> InternalMatch {
        let direct = matchPath(table, method: method, path: path)
        guard case .notFound = direct else { return direct }
        for prefix in table.aliases where path.hasPrefix(prefix + "/") {
            let rest = matchPath(table, method: method, path: String(path.dropFirst(prefix.count)))
            if case .notFound = rest { continue }
            return rest
        }
        for prefix in table.aliases where path.hasPrefix(prefix + "/") {
            let inner = String(path.dropFirst(prefix.count))
            for second in table.aliases where inner.hasPrefix(second + "/") {
                let rest = matchPath(table, method: method, path: String(inner.dropFirst(second.count)))
                if case .notFound = rest { continue }
                return rest
            }
        }
        return direct
    }

    static func matchPath(_ table: Table, method: String, path: String) -> InternalMatch {
        var allowed: [String] = []
        var getIndex: Int?
        if let candidates = table.exact[path] {
            for i in candidates {
                let m = table.routes[i].method
                if m == method { return .found(i, [:]) }
                if m == "GET" { getIndex = i }
                allowed.append(m)
            }
        }
        if getIndex == nil && !table.patterned.isEmpty {
            let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
            for i in table.patterned {
                let route = table.routes[i]
                guard route.segments.count == parts.count else { continue }
                guard let params = bind(route.segments, parts) else { continue }
                if route.method == method { return .found(i, params) }
                if route.method == "GET" && getIndex == nil { getIndex = i }
                if !allowed.contains(route.method) { allowed.append(route.method) }
            }
        }
        if method == "HEAD", let g = getIndex {
            if table.routes[g].segments.contains(where: { if case .parameter = $0 { true } else { false } }) {
                let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
                return .found(g, bind(table.routes[g].segments, parts) ?? [:])
            }
            return .found(g, [:])
        }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed)
    }

    static func bind(_ segments: [Segment], _ parts: ArraySlice<Substring.UTF8View>) -> [String: String]? {
        var params: [String: String] = [:]
        for (seg, part) in zip(segments, parts) {
            switch seg {
            case .literal(let lit):
                guard lit.utf8.elementsEqual(part) else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                params[name] = String(Substring(part))
            }
        }
        return params
    }

    static func segments(of pattern: String) -> [Segment] {
        pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { s in
            if s.hasPrefix("{") && s.hasSuffix("}") { return .parameter(String(s.dropFirst().dropLast())) }
            return .literal(String(s))
        }
    }

    static func moreSpecific(_ a: [Segment], _ b: [Segment]) -> Bool {
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return a.count > b.count
    }
}
