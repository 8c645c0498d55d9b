/// `-o human|json|yaml`.
enum OutputFormat: String, Sendable, CaseIterable {
    case human, json, yaml

    static func parse(_ s: String?) throws(UsageError) -> OutputFormat {
        guard let s else { return .human }
        if let f = OutputFormat(rawValue: s.lowercased()) { return f }
        throw UsageError("invalid value \"\(s)\" for \"--output\": expected one of human, json, yaml",
                         suggestion: EditDistance.closest(to: s, in: allCases.map(\.rawValue)).map { "Did you mean \"\($0)\"?" })
    }
}
