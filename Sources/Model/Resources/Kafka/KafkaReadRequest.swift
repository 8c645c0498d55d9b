/// A read request: which partitions (nil = all) from which offsets (missing = earliest), at most `max` records.
public struct KafkaReadRequest: Sendable, Equatable {
    public var partition: Int?
    public var offsets: [Int: Int64]
    public var max: Int
    public var isolation: KafkaIsolation

    public static let defaultMax = 100
    public static let maxMax = 10_000

    public init(partition: Int? = nil, offsets: [Int: Int64] = [:], max: Int = defaultMax,
                isolation: KafkaIsolation = .readCommitted) {
        self.partition = partition
        self.offsets = offsets
        self.max = max
        self.isolation = isolation
    }
}
