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
