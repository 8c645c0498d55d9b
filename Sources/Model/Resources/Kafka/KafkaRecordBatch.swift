/// What a read returns: the records (by partition, then offset) and, per partition read, the offset to
/// continue from.
public struct KafkaRecordBatch: Sendable, Equatable {
    public var clusterID: String
    public var topicName: String
    public var isolation: KafkaIsolation
    public var records: [KafkaConsumedRecord]
    /// Partition → next offset to read (also for partitions that returned nothing).
    public var nextOffsets: [Int: Int64]
    /// Partition → log end offset at the time of the read.
    public var endOffsets: [Int: Int64]

    public init(clusterID: String, topicName: String, isolation: KafkaIsolation, records: [KafkaConsumedRecord],
                nextOffsets: [Int: Int64], endOffsets: [Int: Int64]) {
        self.clusterID = clusterID
        self.topicName = topicName
        self.isolation = isolation
        self.records = records
        self.nextOffsets = nextOffsets
        self.endOffsets = endOffsets
    }

    /// True when every partition read has been read to its end.
    public var atEnd: Bool { nextOffsets.allSatisfy { $0.value >= (endOffsets[$0.key] ?? 0) } }
}
