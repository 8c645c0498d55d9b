/// Sink into a topic of the embedded cluster. Append mode (`kafka`) writes every row's value; upsert mode
/// (`upsert-kafka`) writes +I/+U as values keyed by the primary key, -D as a tombstone (null value) and
/// drops -U. The key (when a key format is set) picks the partition with Kafka's murmur2 partitioner;
/// keyless records go round-robin. With a `transactionalId` (exactly-once), records are staged in a
/// transaction committed by `commit` (checkpoint complete) or at the end of bounded input.
public final class KafkaSink: SinkFunction {
    public struct Options: Sendable {
        public var topic: String
        public var value: KafkaFormat
        public var key: KafkaFormat?
        public var upsert = false
        public var transactionalId: String?
        /// Column whose TIMESTAMP becomes the record timestamp (`METADATA FROM 'timestamp'`).
        public var timestampColumn: Int?
        public init(topic: String, value: KafkaFormat) {
            self.topic = topic
            self.value = value
        }
    }

    let store: TopicStore
    let options: Options
    let clock: any RuntimeClock
    var topic: Topic?
    var pending: [Int: [TopicRecord]] = [:]
    var pendingCount = 0
    var transaction: TopicTransaction?

    public init(store: TopicStore, options: Options, clock: any RuntimeClock = SystemClock()) {
        self.store = store
        self.options = options
        self.clock = clock
    }

    public func open(_ context: OperatorContext) throws {
        guard let t = store.topic(options.topic) else {
            throw RuntimeError(code: "unknown_topic", detail: "Topic \(options.topic) not present in metadata after 60000 ms.")
        }
        topic = t
        if let id = options.transactionalId {
            transaction = store.beginTransaction("\(id)-\(context.info.subtaskIndex)")
        }
    }

    public func write(_ row: Row) throws {
        guard let topic else { return }
        if options.upsert && row.kind == .updateBefore { return }
        let key = options.key.map { $0.encode(row) }
        let value: [UInt8]? = options.upsert && row.kind == .delete ? nil : options.value.encode(row)
        var ts = clock.nowMillis()
        if let c = options.timestampColumn, case let .timestamp(us) = row.values[c] { ts = TimeMath.floorDiv(us, 1000) }
        let record = TopicRecord(timestamp: ts, key: key, value: value)
        let p = topic.partition(forKey: key)
        if let transaction {
            try transaction.send(topic: options.topic, partition: p, record)
            return
        }
        pending[p, default: []].append(record)
        pendingCount += 1
        if pendingCount >= 1024 { try flush() }
    }

    /// Appends the pending (non-transactional) records: they become visible when the sink's input pauses,
    /// as a Kafka producer sends within its linger time; transactional records wait for the commit.
    public func flushBuffers() throws {
        if pendingCount > 0 { try flush() }
    }

    func flush() throws {
        guard let topic else { return }
        for (p, records) in pending where !records.isEmpty { try topic.partitions[p].append(records) }
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
    }

    public func prepareCommit(checkpointId: Int64) throws -> [Value] {
        try flush()
        return []
    }

    public func commit(_ handles: [Value]) throws {
        if let t = transaction {
            try t.commit()
            if let id = options.transactionalId { transaction = store.beginTransaction(t.id.isEmpty ? id : t.id) }
        }
    }

    public func finish() throws {
        try flush()
        if let t = transaction {
            try t.commit()
            transaction = nil
        }
    }

    public func close() {
        transaction?.abort()
        transaction = nil
    }
}
