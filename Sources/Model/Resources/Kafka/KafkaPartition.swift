/// One partition of a topic (`PartitionData`), with its log's offsets (an extension of ours).
public struct KafkaPartition: Sendable, Equatable {
    public var clusterID: String
    public var topicName: String
    public var partitionID: Int
    /// The next offset to be written (log end offset).
    public var endOffset: Int64

    public init(clusterID: String, topicName: String, partitionID: Int, endOffset: Int64) {
        self.clusterID = clusterID
        self.topicName = topicName
        self.partitionID = partitionID
        self.endOffset = endOffset
    }
}
