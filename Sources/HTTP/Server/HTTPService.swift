/// What the server runs for each request. `Router` is the usual implementation.
public protocol HTTPService: Sendable {
    /// Called on the event loop once the request head is parsed; must be cheap. May fill in
    /// `pathParameters` and tells the server how to run the request.
    func prepare(_ request: inout HTTPRequest) -> RouteOptions
    /// Produces the response; runs on a worker thread unless the route is `inline`.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}

/// How the server runs a route.
public struct RouteOptions: Sendable, Hashable {
    /// Run the handler on the event-loop thread: only for handlers that never block (e.g. /health).
    public var inline: Bool
    /// Hand the handler `request.bodyStream` as soon as the head arrives instead of a buffered body;
    /// such routes are not subject to the total body limit (the handler limits what it reads).
    public var streamsRequestBody: Bool

    public init(inline: Bool = false, streamsRequestBody: Bool = false) {
        self.inline = inline
        self.streamsRequestBody = streamsRequestBody
    }

    public static let standard = RouteOptions()
    public static let inline = RouteOptions(inline: true)
    public static let streamingBody = RouteOptions(streamsRequestBody: true)
}

/// Adapts a plain handler: every request runs on the worker pool with a buffered body.
public struct HandlerService: HTTPService {
    let handler: HTTPHandler
    let options: RouteOptions
    public init(options: RouteOptions = .standard, _ handler: @escaping HTTPHandler) {
        self.handler = handler
        self.options = options
    }
    public func prepare(_ request: inout HTTPRequest) -> RouteOptions { options }
    public func handle(_ request: HTTPRequest) -> HTTPResponse { handler(request) }
}
