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
