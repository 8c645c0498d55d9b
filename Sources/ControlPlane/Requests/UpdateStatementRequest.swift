import Model

/// What a `PUT` (full object) or a `PATCH` (JSON Patch) may change on a statement. Nil = unchanged.
public struct UpdateStatementRequest: Sendable, Equatable {
    public var stopped: Bool?
    public var principal: String?
    public var computePoolID: String?
    public var labels: [String: String]?
    /// `metadata.resource_version` the caller last saw (PUT); a stale one → 409.
    public var resourceVersion: String?

    public init(stopped: Bool? = nil, principal: String? = nil, computePoolID: String? = nil,
                labels: [String: String]? = nil, resourceVersion: String? = nil) {
        self.stopped = stopped
        self.principal = principal
        self.computePoolID = computePoolID
        self.labels = labels
        self.resourceVersion = resourceVersion
    }
}

/// One JSON Patch (RFC 6902) operation of a statement `PATCH`; `op` compared case-insensitively.
public struct StatementPatchOperation: Sendable, Equatable {
    public var op: String
    public var path: String
    public var value: JSONValue?

    public init(op: String, path: String, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }
}
