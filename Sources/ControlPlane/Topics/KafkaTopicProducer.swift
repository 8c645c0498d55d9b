import Model
import Runtime

/// Produces records into one topic for `POST …/topics/{topic}/records` (one record, or a stream of them).
///
/// `produce(_:)` takes the records that have arrived (a batch), picks each one's partition (explicit
/// `partition_id`, else murmur2 of the key like Kafka's default partitioner, else round-robin), appends
/// them with one write per partition, then makes the touched partitions durable (`PartitionLog.sync`, a
/// group commit) before returning the results: an acknowledged record survives kill -9 and, with the
/// server's `group` fsync policy, power loss. A bad record gets an error result; the others still go in.
public struct KafkaTopicProducer: Sendable {
    public let clusterID: String
    let topic: Topic
    let clock: any EpochClock

    init(clusterID: String, topic: Topic, clock: any EpochClock) {
        self.clusterID = clusterID
        self.topic = topic
        self.clock = clock
    }

    public var topicName: String { topic.name }

    /// The result for a record that could not be decoded (keeps its place in the results).
    public func failure(_ errorCode: Int, _ message: String) -> KafkaProduceResult {
        .failure(errorCode, message, clusterID: clusterID, topicName: topic.name)
    }

    /// Records appended (written to the log files, so kill -9 safe) but not yet made durable: their
    /// results and the partitions to sync before the results may be sent.
    public struct PendingBatch: Sendable {
        public let results: [KafkaProduceResult]
        let logs: [PartitionLog]
    }

    /// Appends and syncs `records`; one result per record, in order, once they are durable.
    public func produce(_ records: [KafkaProduceRecord]) -> [KafkaProduceResult] {
        produce(records.map { .success($0) })
    }

    /// Like `produce(_:)` for decoded request records, a decoding failure keeping its place as an error result.
    public func produce(_ items: [Result<KafkaProduceRecord, KafkaProduceRecord.DecodingError>]) -> [KafkaProduceResult] {
        let batch = append(items)
        for log in batch.logs { log.sync() }
        return batch.results
    }

    /// A streaming produce's durability pipeline writing reports with `emit` (see `KafkaProduceStream`).
    public func stream(emit: @escaping @Sendable ([KafkaProduceResult]) -> Bool) -> KafkaProduceStream {
        KafkaProduceStream(emit: emit)
    }

    /// Appends the records (one write per partition) without syncing.
    public func append(_ items: [Result<KafkaProduceRecord, KafkaProduceRecord.DecodingError>]) -> PendingBatch {
        let now = clock.nowMillis()
        var results: [KafkaProduceResult?] = Array(repeating: nil, count: items.count)
        var records: [KafkaProduceRecord?] = Array(repeating: nil, count: items.count)
        var byPartition: [Int: [(index: Int, record: TopicRecord)]] = [:]
        for (i, item) in items.enumerated() {
            let r: KafkaProduceRecord
            switch item {
            case .success(let record): r = record
            case .failure(let error):
                results[i] = failure(error.errorCode, error.message)
                continue
            }
            records[i] = r
            let key = r.key?.bytes
            let partition = r.partitionID ?? topic.partition(forKey: key)
            guard topic.partitions.indices.contains(partition) else {
                results[i] = failure(40403, "This server does not host this topic-partition (partition \(partition) of \(topic.name)).")
                continue
            }
            let record = TopicRecord(timestamp: r.timestamp ?? now, key: key, value: r.value?.bytes,
                                     headers: r.headers.map { TopicRecord.Header(name: $0.name, value: $0.value) })
            byPartition[partition, default: []].append((i, record))
        }
        var touched: [PartitionLog] = []
        for (p, entries) in byPartition.sorted(by: { $0.key < $1.key }) {
            let log = topic.partitions[p]
            do {
                let first = try log.append(entries.map(\.record))
                touched.append(log)
                for (k, entry) in entries.enumerated() {
                    let r = records[entry.index]!
                    results[entry.index] = KafkaProduceResult(
                        clusterID: clusterID, topicName: topic.name, partitionID: p, offset: first + Int64(k),
                        timestamp: entry.record.timestamp,
                        key: r.key.map { ($0.type, $0.size) }, value: r.value.map { ($0.type, $0.size) })
                }
            } catch {
                let message = (error as? RuntimeError)?.detail ?? "\(error)"
                let code = (error as? RuntimeError)?.code == "unknown_topic" ? 40403 : 50003
                for entry in entries { results[entry.index] = failure(code, message) }
            }
        }
        return PendingBatch(results: results.map { $0! }, logs: touched)
    }
}
