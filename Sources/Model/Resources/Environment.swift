/// An environment (`org/v2` Environment, id `env-…`).
public struct Environment: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var displayName: String
    /// `stream_governance_config.package`: `ESSENTIALS` or `ADVANCED`.
    public var governancePackage: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var resourceVersion: Int64

    public init(id: String, organizationID: String, displayName: String, governancePackage: String = "ESSENTIALS",
                createdAt: Int64, updatedAt: Int64, resourceVersion: Int64 = 1) {
        self.id = id
        self.organizationID = organizationID
        self.displayName = displayName
        self.governancePackage = governancePackage
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resourceVersion = resourceVersion
    }
}
