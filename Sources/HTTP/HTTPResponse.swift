/// A response: status, headers and either a complete body or a stream written in chunks.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Body

    public enum Body: Sendable {
        case bytes([UInt8])
        /// Sent with `Transfer-Encoding: chunked`; the closure runs on a worker thread and writes
        /// chunks until it returns (or until `write` returns false because the client went away).
        case stream(@Sendable (any ChunkWriter) -> Void)
    }

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), stream: @escaping @Sendable (any ChunkWriter) -> Void) {
        self.status = status
        self.headers = headers
        self.body = .stream(stream)
    }
}

/// Writes one chunk of a streamed response; returns false once the client has disconnected.
public protocol ChunkWriter: Sendable {
    @discardableResult func write(_ bytes: [UInt8]) -> Bool
}

/// Handlers are synchronous and run on a worker pool, never on an event loop.
public typealias HTTPHandler = @Sendable (HTTPRequest) -> HTTPResponse
