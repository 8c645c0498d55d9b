import HTTP

/// Absolute links (`metadata.self`, list `next`) use the configured external URL, else the request's
/// `Host` header, else the listening address.
public struct BaseURL: Sendable {
    public let external: String?
    private let fallbackProvider: @Sendable () -> String

    public init(external: String?, fallback: String) {
        self.external = external
        self.fallbackProvider = { fallback }
    }

    /// For servers that learn their address after binding (port 0).
    public init(external: String?, fallback: @escaping @Sendable () -> String) {
        self.external = external
        self.fallbackProvider = fallback
    }

    public var fallback: String { fallbackProvider() }

    public func resolve(_ request: HTTPRequest) -> String {
        if let external { return external }
        if let host = request.headers["Host"], !host.isEmpty, Self.isSafeHost(host) {
            let proto = request.headers["X-Forwarded-Proto"] == "https" ? "https" : "http"
            return proto + "://" + host
        }
        return fallback
    }

    /// Host headers go into response bodies: accept only host[:port] characters.
    static func isSafeHost(_ host: String) -> Bool {
        host.utf8.count <= 255 && host.utf8.allSatisfy { c in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: ":")
                || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
        }
    }
}
