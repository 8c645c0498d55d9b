/// A Kafka cluster (id `lkc-…`), one per environment: the embedded topic log.
public struct KafkaCluster: Sendable, Equatable {
    public var id: String
    public var environmentID: String
    public var displayName: String
    public var cloud: String
    public var region: String
    public var createdAt: Int64
    public var updatedAt: Int64
    public var resourceVersion: Int64

    public init(id: String, environmentID: String, displayName: String, cloud: String, region: String,
                createdAt: Int64, updatedAt: Int64, resourceVersion: Int64 = 1) {
        self.id = id
        self.environmentID = environmentID
        self.displayName = displayName
        self.cloud = cloud
        self.region = region
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.resourceVersion = resourceVersion
    }
}
