/// A record read back from a topic (our extension: Confluent Cloud has no consume over REST).
public struct KafkaConsumedRecord: Sendable, Equatable {
    public var partitionID: Int
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [KafkaHeader]

    public init(partitionID: Int, offset: Int64, timestamp: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [KafkaHeader] = []) {
        self.partitionID = partitionID
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}
