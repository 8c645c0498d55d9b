/// compare.py in Swift: two result files are equal as multisets of rows, numbers within
/// |a − b| ≤ max(1e-12, 1e-9 · max(|a|, |b|)), everything else exactly.
public enum MultisetComparator {
    public struct Difference: Sendable {
        public var missing: [String]
        public var unexpected: [String]
        public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty }

        public var summary: String {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.count): " + missing.prefix(3).joined(separator: " ")) }
            if !unexpected.isEmpty { parts.append("unexpected \(unexpected.count): " + unexpected.prefix(3).joined(separator: " ")) }
            return parts.joined(separator: "; ")
        }
    }

    public static func same(_ a: JSONLite, _ b: JSONLite) -> Bool {
        switch (a, b) {
        case let (.number(x, _), .number(y, _)):
            return abs(x - y) <= max(1e-12, 1e-9 * max(abs(x), abs(y)))
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default:
            return a == b
        }
    }

    /// Rows that can be equal share a skeleton (numbers blanked out).
    static func skeleton(_ v: JSONLite) -> String {
        switch v {
        case .number: return "#"
        case let .array(a): return "[" + a.map(skeleton).joined(separator: ",") + "]"
        case let .string(s): return "s" + ResultEncoder.quote(s)
        case let .bool(b): return b ? "T" : "F"
        case .null: return "N"
        case .object: return "O"
        }
    }

    public static func parseLines(_ text: String) throws -> [JSONLite] {
        try text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.allSatisfy { $0 == " " || $0 == "\r" || $0 == "\t" } }
            .map { try JSONLite.parse(String($0)) }
    }

    public static func diff(expected: [JSONLite], actual: [JSONLite]) -> Difference {
        var buckets: [String: [JSONLite]] = [:]
        for row in actual { buckets[skeleton(row), default: []].append(row) }
        var missing: [String] = []
        for row in expected {
            let key = skeleton(row)
            if var candidates = buckets[key], let m = candidates.firstIndex(where: { same(row, $0) }) {
                candidates.remove(at: m)
                buckets[key] = candidates
            } else {
                missing.append(render(row))
            }
        }
        let unexpected = buckets.values.flatMap { $0 }.map(render)
        return Difference(missing: missing, unexpected: unexpected)
    }

    static func render(_ v: JSONLite) -> String {
        switch v {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(_, t): return t
        case let .string(s): return ResultEncoder.quote(s)
        case let .array(a): return "[" + a.map(render).joined(separator: ", ") + "]"
        case let .object(o): return "{" + o.map { ResultEncoder.quote($0.0) + ": " + render($0.1) }.joined(separator: ", ") + "}"
        }
    }
}
