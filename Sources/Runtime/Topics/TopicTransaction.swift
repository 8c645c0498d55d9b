import Synchronization

/// A transactional write: records are staged and become visible (appended to the partition logs) only on
/// `commit`; `abort` discards them, so `read_committed` readers never see aborted output.
/// Staging is in memory: a process crash aborts open transactions (the exactly-once sink re-produces
/// them from its last checkpoint).
public final class TopicTransaction: Sendable {
    public let id: String
    private let store: TopicStore
    private let staged = Mutex<[(topic: String, partition: Int?, record: TopicRecord)]?>([])

    init(store: TopicStore, id: String) {
        self.store = store
        self.id = id
    }

    public func send(topic: String, partition: Int? = nil, _ record: TopicRecord) throws {
        try staged.withLock { s in
            guard s != nil else { throw RuntimeError(code: "transaction_closed", detail: "Transaction \(id) is no longer open.") }
            s!.append((topic, partition, record))
        }
    }

    public var pendingCount: Int { staged.withLock { $0?.count ?? 0 } }

    public func commit() throws {
        guard let records = staged.withLock({ s -> [(topic: String, partition: Int?, record: TopicRecord)]? in
            let r = s
            s = nil
            return r
        }) else { return }
        var byPartition: [String: [Int: [TopicRecord]]] = [:]
        for (t, p, r) in records {
            guard let topic = store.topic(t) else {
                throw RuntimeError(code: "unknown_topic", detail: "Topic \(t) not present in metadata.")
            }
            byPartition[t, default: [:]][p ?? topic.partition(forKey: r.key), default: []].append(r)
        }
        for (t, parts) in byPartition {
            guard let topic = store.topic(t) else { continue }
            for (p, rs) in parts.sorted(by: { $0.key < $1.key }) { try topic.partitions[p].append(rs) }
        }
        for (t, parts) in byPartition {
            guard let topic = store.topic(t) else { continue }
            for p in parts.keys { topic.partitions[p].sync() }
        }
        store.finished(self)
    }

    public func abort() {
        staged.withLock { $0 = nil }
        store.finished(self)
    }
}
