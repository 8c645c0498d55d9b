/// A response as the client received it.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A failure of the client (connect, send, receive, malformed response).
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var detail: String
    public var description: String { "\(code): \(detail)" }

    static func io(_ detail: String) -> HTTPClientError { HTTPClientError(code: "io_error", detail: detail) }
    static func malformed(_ detail: String) -> HTTPClientError { HTTPClientError(code: "malformed_response", detail: detail) }
}
