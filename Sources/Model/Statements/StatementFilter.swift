/// The list filters of `GET …/statements`: `spec.compute_pool_id` and `label_selector`
/// (comma-separated `key=value` or `key` terms, all must match).
public struct StatementFilter: Sendable, Hashable {
    public var computePoolID: String?
    public var labelSelector: [LabelTerm]

    public struct LabelTerm: Sendable, Hashable {
        public var key: String
        public var value: String?
    }

    public init(computePoolID: String? = nil, labelSelector: String? = nil) {
        self.computePoolID = computePoolID
        self.labelSelector = (labelSelector ?? "").split(separator: ",").compactMap { term in
            let t = term.trimmingSpaces()
            guard !t.isEmpty else { return nil }
            if let eq = t.firstIndex(of: "=") {
                var value = t[t.index(after: eq)...]
                if value.hasPrefix("=") { value = value.dropFirst() }  // `==`
                return LabelTerm(key: String(t[..<eq]).trimmingSpaces(), value: String(value).trimmingSpaces())
            }
            return LabelTerm(key: t, value: nil)
        }
    }

    public func matches(_ s: FlinkStatement) -> Bool {
        if let pool = computePoolID, s.computePoolID != pool { return false }
        for term in labelSelector {
            guard let v = s.labels[term.key] else { return false }
            if let want = term.value, want != v { return false }
        }
        return true
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
