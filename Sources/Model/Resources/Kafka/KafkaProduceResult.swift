/// The answer for one produced record (`ProduceResponse`): `errorCode` 200 with where it was written, or
/// a Kafka REST error code (400, 40403, 413, …) and a message. Kafka REST answers HTTP 200 either way.
public struct KafkaProduceResult: Sendable, Equatable {
    public var errorCode: Int
    public var message: String?
    public var clusterID: String
    public var topicName: String
    public var partitionID: Int
    public var offset: Int64
    public var timestamp: Int64
    public var key: (type: KafkaDataType, size: Int)?
    public var value: (type: KafkaDataType, size: Int)?

    public init(clusterID: String, topicName: String, partitionID: Int, offset: Int64, timestamp: Int64,
                key: (type: KafkaDataType, size: Int)?, value: (type: KafkaDataType, size: Int)?) {
        self.errorCode = 200
        self.message = nil
        self.clusterID = clusterID
        self.topicName = topicName
        self.partitionID = partitionID
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
    }

    /// A failed record.
    public static func failure(_ errorCode: Int, _ message: String, clusterID: String, topicName: String) -> KafkaProduceResult {
        var r = KafkaProduceResult(clusterID: clusterID, topicName: topicName, partitionID: -1, offset: -1, timestamp: 0,
                                   key: nil, value: nil)
        r.errorCode = errorCode
        r.message = message
        return r
    }

    public var succeeded: Bool { errorCode == 200 }

    public static func == (a: KafkaProduceResult, b: KafkaProduceResult) -> Bool {
        a.errorCode == b.errorCode && a.message == b.message && a.clusterID == b.clusterID && a.topicName == b.topicName
            && a.partitionID == b.partitionID && a.offset == b.offset && a.timestamp == b.timestamp
            && a.key?.type == b.key?.type && a.key?.size == b.key?.size
            && a.value?.type == b.value?.type && a.value?.size == b.value?.size
    }
}
