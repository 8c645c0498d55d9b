/// Wraps a handler: gets the request and the rest of the chain, returns the response.
public typealias Middleware = @Sendable (HTTPRequest, HTTPHandler) -> HTTPResponse

/// Ready-made middlewares.
public enum Middlewares {
    /// Echoes a sane incoming `X-Request-Id` or generates one; sets `request.requestID`; puts it on every response.
    public static let requestID: Middleware = { request, next in
        var request = request
        if let incoming = request.headers["X-Request-Id"], isAcceptableID(incoming) {
            request.requestID = incoming
        } else {
            request.requestID = RequestID.generate()
        }
        var response = next(request)
        response.headers.set("X-Request-Id", request.requestID)
        return response
    }

    static func isAcceptableID(_ id: String) -> Bool {
        let u = id.utf8
        guard !u.isEmpty, u.count <= 128 else { return false }
        return u.allSatisfy { $0 > 32 && $0 < 127 }
    }

    /// One line per request (`METHOD path status duration-ms request-id`) to `sink`.
    /// `clock` returns monotonic nanoseconds.
    public static func accessLog(sink: @escaping @Sendable (String) -> Void = AccessLog.standardError,
                                 clock: @escaping @Sendable () -> UInt64 = { MonotonicClock.nanoseconds() }) -> Middleware {
        { request, next in
            let start = clock()
            let response = next(request)
            let micros = (clock() &- start) / 1000
            let ms = "\(micros / 1000).\(String(micros % 1000 / 100))"
            let id = response.headers["X-Request-Id"] ?? request.requestID
            sink("\(request.method) \(request.path) \(response.status) \(ms)ms \(id)")
            return response
        }
    }
}
