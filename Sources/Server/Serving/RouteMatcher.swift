import API
import HTTP

/// Matches a method and path against the `Endpoint` table: literal segments win over `{parameters}`;
/// a path that exists with another method gives 405 with `Allow`.
struct RouteMatcher: Sendable {
    struct Entry: Sendable {
        let endpoint: Endpoint
        let segments: [Substring]
    }

    enum Match {
        case found(Endpoint, [String: String])
        case methodNotAllowed([String])
        case notFound
    }

    let entries: [Entry]

    init(_ endpoints: [Endpoint] = Endpoint.allCases) {
        entries = endpoints.map { Entry(endpoint: $0, segments: $0.pattern.split(separator: "/")) }
            .sorted { a, b in a.segments.filter { $0.hasPrefix("{") }.count < b.segments.filter { $0.hasPrefix("{") }.count }
    }

    func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        var best: (Endpoint, [String: String])?
        for e in entries where e.segments.count == parts.count {
            var params: [String: String] = [:]
            var ok = true
            for (s, p) in zip(e.segments, parts) {
                if s.hasPrefix("{") { params[String(s.dropFirst().dropLast())] = String(p) } else if s != p { ok = false; break }
            }
            guard ok else { continue }
            let m = method == "HEAD" ? "GET" : method
            if e.endpoint.method == m {
                if best == nil { best = (e.endpoint, params) }
            } else if !allowed.contains(e.endpoint.method) {
                allowed.append(e.endpoint.method)
            }
        }
        if let best { return .found(best.0, best.1) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }
}
