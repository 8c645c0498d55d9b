/// A parsed HTTP/1.1 request as handlers see it.
public struct HTTPRequest: Sendable {
    public var method: String            // upper-case token, e.g. "GET"
    public var path: String              // percent-decoded path without the query
    public var query: String             // raw query string without "?", "" when absent
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Filled by the router from the matched pattern (`/jobs/{job}` → `["job": "…"]`).
    public var pathParameters: [String: String] = [:]
    /// Set by the request-id middleware; echoed as `X-Request-Id`.
    public var requestID: String = ""
    /// Set by the auth middleware: the principal (API key id) that made the request.
    public var principal: String = ""
    /// For routes registered with a streamed body: the body as it arrives.
    public var bodyStream: (any BodyStream)?

    public init(method: String, path: String, query: String = "", headers: HTTPHeaders = HTTPHeaders(),
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// Reads a request body incrementally (chunked uploads processed as they arrive).
/// `read` blocks until bytes are available and returns nil at the end of the body.
public protocol BodyStream: Sendable {
    func read() -> [UInt8]?
}
