/// One record of `POST /kafka/v3/clusters/{c}/topics/{t}/records` (`ProduceRequest`).
public struct KafkaProduceRecord: Sendable, Equatable {
    /// An explicit partition; nil lets the default partitioner choose (murmur2 of the key, else round-robin).
    public var partitionID: Int?
    public var headers: [KafkaHeader]
    public var key: KafkaData?
    public var value: KafkaData?
    /// Epoch milliseconds; nil = the broker's time at append.
    public var timestamp: Int64?

    public init(partitionID: Int? = nil, headers: [KafkaHeader] = [], key: KafkaData? = nil,
                value: KafkaData? = nil, timestamp: Int64? = nil) {
        self.partitionID = partitionID
        self.headers = headers
        self.key = key
        self.value = value
        self.timestamp = timestamp
    }
}
