/// Sink into a topic of the embedded cluster. Append mode (`kafka`) writes every row's value; upsert mode
/// (`upsert-kafka`) writes +I/+U as values keyed by the primary key, -D as a tombstone (null value) and
/// drops -U. The key (when a key format is set) picks the partition with Kafka's murmur2 partitioner;
/// keyless records go round-robin. With a `transactionalId` (exactly-once), records are staged; at a
/// checkpoint barrier they are pre-committed (the handles carry the records, so they are part of the
/// checkpoint and survive a crash) and appended by `commit` when the checkpoint completes — through
/// `TopicStore.commitTransaction`, idempotent per (transactional id, checkpoint id) — so `read_committed`
/// readers (every reader of the embedded log) never see records of a checkpoint that did not complete.
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
    var staged: [(partition: Int, record: TopicRecord)] = []
    var transactionalId: String?

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
        if let id = options.transactionalId { transactionalId = "\(id)-\(context.info.subtaskIndex)" }
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
        if transactionalId != nil {
            staged.append((p, record))
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
        guard let transactionalId, !staged.isEmpty else { return [] }
        var handles: [Value] = [.row([.string(transactionalId), .int(checkpointId)])]
        handles.reserveCapacity(staged.count + 1)
        for (p, r) in staged {
            handles.append(.row([.int(Int64(p)), .int(r.timestamp), r.key.map { .bytes($0) } ?? .null,
                                 r.value.map { .bytes($0) } ?? .null]))
        }
        staged.removeAll(keepingCapacity: true)
        return handles
    }

    public func commit(_ handles: [Value]) throws {
        guard case let .row(head)? = handles.first, head.count == 2, case let .string(id) = head[0],
              case let .int(sequence) = head[1] else { return }
        var records: [(partition: Int, record: TopicRecord)] = []
        records.reserveCapacity(handles.count - 1)
        for h in handles.dropFirst() {
            guard case let .row(f) = h, f.count == 4, case let .int(p) = f[0], case let .int(ts) = f[1] else { continue }
            var key: [UInt8]? = nil, value: [UInt8]? = nil
            if case let .bytes(k) = f[2] { key = k }
            if case let .bytes(v) = f[3] { value = v }
            records.append((Int(p), TopicRecord(timestamp: ts, key: key, value: value)))
        }
        try store.commitTransaction(id, sequence: sequence, topic: options.topic, records: records)
    }

    public func finish() throws {
        try flush()
        if let transactionalId, !staged.isEmpty {
            try store.commitTransaction(transactionalId, sequence: 0, topic: options.topic, records: staged)
            staged.removeAll()
        }
    }

    /// Staged records of an unfinished checkpoint are dropped (aborted): the restored job produces them again.
    public func close() {
        staged.removeAll()
    }
}
