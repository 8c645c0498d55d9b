/// How a produced key or value's `data` is turned into bytes (Kafka REST v3 without Schema Registry).
public enum KafkaDataType: String, Sendable, Equatable, CaseIterable {
    /// Any JSON value, stored as its compact encoding.
    case json = "JSON"
    /// A JSON string, stored as its UTF-8 bytes.
    case string = "STRING"
    /// A base64 string, stored decoded.
    case binary = "BINARY"
}
