/// Filters for listing jobs; nil fields do not filter.
public struct JobFilter: Sendable, Hashable {
    public var status: JobStatus?
    /// Label key that must be present; with `labelValue`, it must have that value (`key=value`).
    public var labelKey: String?
    public var labelValue: String?
    public var computePoolID: String?

    public init(status: JobStatus? = nil, labelKey: String? = nil, labelValue: String? = nil, computePoolID: String? = nil) {
        self.status = status
        self.labelKey = labelKey
        self.labelValue = labelValue
        self.computePoolID = computePoolID
    }

    /// Parses a `label` query value: `key` or `key=value`.
    public init(status: JobStatus? = nil, label: String?, computePoolID: String? = nil) {
        self.init(status: status, computePoolID: computePoolID)
        if let label, !label.isEmpty {
            if let eq = label.firstIndex(of: "=") {
                labelKey = String(label[..<eq])
                labelValue = String(label[label.index(after: eq)...])
            } else {
                labelKey = label
            }
        }
    }
}
