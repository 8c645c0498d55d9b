/// A Flink compute pool (`fcpm/v2` ComputePool, id `lfcp-…`). 1 CFU = 1 parallel subtask.
public struct ComputePool: Sendable, Equatable {
    public enum Phase: String, Sendable, CaseIterable {
        case provisioning = "PROVISIONING"
        case provisioned = "PROVISIONED"
        case failed = "FAILED"
        case deprovisioning = "DEPROVISIONING"
    }

    public var id: String
    public var environmentID: String
    public var displayName: String
    /// `AWS`, `GCP` or `AZURE`.
    public var cloud: String
    public var region: String
    /// 1…50.
    public var maxCFU: Int
    /// CFUs held by the jobs admitted to the pool (running or starting); filled in on reads.
    public var currentCFU: Int
    /// The pool jobs of its environment use when they name none.
    public var isDefault: Bool
    public var phase: Phase
    public var createdAt: Int64
    public var updatedAt: Int64
    public var resourceVersion: Int64

    public init(id: String, environmentID: String, displayName: String, cloud: String, region: String, maxCFU: Int,
                currentCFU: Int = 0, isDefault: Bool = false, phase: Phase = .provisioned,
                createdAt: Int64, updatedAt: Int64, resourceVersion: Int64 = 1) {
        self.id = id
        self.environmentID = environmentID
        self.displayName = displayName
        self.cloud = cloud
        self.region = region
        self.maxCFU = maxCFU
        self.currentCFU = currentCFU
        self.isDefault = isDefault
        self.phase = phase
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resourceVersion = resourceVersion
    }
}
