/// The request line and headers of one request, as the parser produced them.
struct RequestHead: Sendable {
    var method: String
    var path: String
    var query: String
    var minorVersion: Int           // 0 for HTTP/1.0, 1 for HTTP/1.1
    var headers: HTTPHeaders
    var contentLength: Int?
    var chunked: Bool
    var keepAlive: Bool
    var expectContinue: Bool

    var hasBody: Bool { chunked || (contentLength ?? 0) > 0 }
    var isHead: Bool { method == "HEAD" }
}

/// A request the server refuses before any handler runs; `status` is the precise HTTP answer.
struct ProtocolError: Error, Sendable {
    var status: Int
    var code: String
    var detail: String

    static func badRequest(_ detail: String) -> ProtocolError { ProtocolError(status: 400, code: "bad_request", detail: detail) }
    static func headersTooLarge(_ limit: Int) -> ProtocolError {
        ProtocolError(status: 431, code: "request_header_fields_too_large",
                      detail: "The request line and headers exceed \(limit) bytes.")
    }
    static func payloadTooLarge(_ limit: Int) -> ProtocolError {
        ProtocolError(status: 413, code: "payload_too_large", detail: "The request body exceeds \(limit) bytes.")
    }
    static func notImplemented(_ detail: String) -> ProtocolError {
        ProtocolError(status: 501, code: "not_implemented", detail: detail)
    }
    static func timeout(_ detail: String) -> ProtocolError {
        ProtocolError(status: 408, code: "request_timeout", detail: detail)
    }
}
