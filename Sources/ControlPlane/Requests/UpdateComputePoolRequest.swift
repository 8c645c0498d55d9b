/// `PATCH /fcpm/v2/compute-pools/{id}`; nil fields are unchanged.
public struct UpdateComputePoolRequest: Sendable, Equatable {
    public var displayName: String?
    public var maxCFU: Int?
    public var resourceVersion: String?

    public init(displayName: String? = nil, maxCFU: Int? = nil, resourceVersion: String? = nil) {
        self.displayName = displayName
        self.maxCFU = maxCFU
        self.resourceVersion = resourceVersion
    }
}
