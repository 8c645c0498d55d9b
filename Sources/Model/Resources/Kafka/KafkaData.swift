/// A produced key or value: its type and its bytes (nil data = a null key or value).
public struct KafkaData: Sendable, Equatable {
    public var type: KafkaDataType
    public var bytes: [UInt8]?

    public init(type: KafkaDataType, bytes: [UInt8]?) {
        self.type = type
        self.bytes = bytes
    }

    /// Kafka REST reports the stored size (0 for null data).
    public var size: Int { bytes?.count ?? 0 }
}
