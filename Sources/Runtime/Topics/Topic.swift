import Synchronization

/// A topic: a name and its partition logs.
public final class Topic: Sendable {
    public let name: String
    public let partitions: [PartitionLog]
    /// Topic-level configs given at creation (`cleanup.policy`, `retention.ms`, …): kept and shown,
    /// not enforced.
    public let configs: [String: String]
    private let roundRobin = Atomic<Int>(0)

    init(name: String, partitions: [PartitionLog], configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.configs = configs
    }

    public var partitionCount: Int { partitions.count }

    /// Kafka's default partitioner: murmur2 of the key, or round-robin for null keys.
    public func partition(forKey key: [UInt8]?) -> Int {
        if let key { return Murmur2.partition(key: key, partitions: partitions.count) }
        return roundRobin.add(1, ordering: .relaxed).oldValue % partitions.count
    }

    /// Appends one record to `partition` (or the partitioner's choice); returns (partition, offset).
    @discardableResult
    public func produce(_ record: TopicRecord, partition: Int? = nil) throws -> (partition: Int, offset: Int64) {
        let p = partition ?? self.partition(forKey: record.key)
        guard partitions.indices.contains(p) else {
            throw RuntimeError(code: "invalid_partition", detail: "Partition \(p) of topic \(name) does not exist.")
        }
        return (p, try partitions[p].append([record]))
    }

    public var endOffsets: [Int64] { partitions.map(\.endOffset) }
}
