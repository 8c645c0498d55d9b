/// A topic of an embedded Kafka cluster, as Kafka REST v3 shows it (`TopicData`).
public struct KafkaTopic: Sendable, Equatable {
    public var clusterID: String
    public var name: String
    public var partitionsCount: Int
    /// Confluent Cloud reports 3; the embedded log keeps one copy (this is only reported).
    public var replicationFactor: Int
    public var isInternal: Bool
    /// The configs given at creation (shown on the topic's configs, not enforced).
    public var configs: [String: String]

    public init(clusterID: String, name: String, partitionsCount: Int, replicationFactor: Int = 3,
                isInternal: Bool = false, configs: [String: String] = [:]) {
        self.clusterID = clusterID
        self.name = name
        self.partitionsCount = partitionsCount
        self.replicationFactor = replicationFactor
        self.isInternal = isInternal
        self.configs = configs
    }
}
