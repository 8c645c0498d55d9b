/// `POST /org/v2/environments`.
public struct CreateEnvironmentRequest: Sendable, Equatable {
    public var displayName: String?
    /// `stream_governance_config.package` (ESSENTIALS | ADVANCED; default ESSENTIALS).
    public var governancePackage: String?

    public init(displayName: String?, governancePackage: String? = nil) {
        self.displayName = displayName
        self.governancePackage = governancePackage
    }
}

/// `PATCH /org/v2/environments/{id}`; nil fields are unchanged.
public struct UpdateEnvironmentRequest: Sendable, Equatable {
    public var displayName: String?
    public var governancePackage: String?
    /// When given and not the current `metadata.resource_version` → 409.
    public var resourceVersion: String?

    public init(displayName: String? = nil, governancePackage: String? = nil, resourceVersion: String? = nil) {
        self.displayName = displayName
        self.governancePackage = governancePackage
        self.resourceVersion = resourceVersion
    }
}
