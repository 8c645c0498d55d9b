/// `POST /fcpm/v2/compute-pools` (`spec`).
public struct CreateComputePoolRequest: Sendable, Equatable {
    /// `spec.environment.id` (required).
    public var environmentID: String?
    public var displayName: String?
    /// Default `AWS`.
    public var cloud: String?
    /// Default `us-east-1`.
    public var region: String?
    /// 1…50 (default 5, as the CLI's default).
    public var maxCFU: Int?
    /// `spec.default_pool`.
    public var isDefault: Bool?

    public init(environmentID: String?, displayName: String?, cloud: String? = nil, region: String? = nil,
                maxCFU: Int? = nil, isDefault: Bool? = nil) {
        self.environmentID = environmentID
        self.displayName = displayName
        self.cloud = cloud
        self.region = region
        self.maxCFU = maxCFU
        self.isDefault = isDefault
    }
}
