import Glibc
import Synchronization

/// Idempotent, crash-safe commits of an exactly-once sink's pre-committed records.
///
/// Each transactional id has a marker (`<dir>/.transactions/<id>`): the last committed sequence (the
/// checkpoint id) and, while a commit is in flight, per partition the offset its batch starts at
/// (written, fsynced, before the batch is appended, under the partition's lock). Committing sequence n
/// again — after a crash, from the restored checkpoint — skips it when it is already recorded, and skips
/// each partition whose batch was already appended (the partition's end is past the recorded offset).
/// Known limit: if the process died between the intent and the append and another producer appended to
/// that partition before the re-commit, that partition's batch is taken as written.
struct TransactionMarker: Sendable {
    var committed: Int64 = 0
    var intentSequence: Int64 = 0
    var intents: [Int: Int64] = [:]

    func encoded() -> [UInt8] {
        var text = "committed \(committed)\nintent \(intentSequence)\n"
        for (p, o) in intents.sorted(by: { $0.key < $1.key }) { text += "partition \(p) \(o)\n" }
        return Array(text.utf8)
    }

    static func decode(_ bytes: [UInt8]) -> TransactionMarker {
        var m = TransactionMarker()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 2, f[0] == "committed" { m.committed = Int64(f[1]) ?? 0 }
            if f.count == 2, f[0] == "intent" { m.intentSequence = Int64(f[1]) ?? 0 }
            if f.count == 3, f[0] == "partition", let p = Int(f[1]), let o = Int64(f[2]) { m.intents[p] = o }
        }
        return m
    }
}

final class TransactionMarkers: Sendable {
    let directory: String?
    private let markers = Mutex<[String: TransactionMarker]>([:])

    init(directory: String?) {
        self.directory = directory.map { $0 + "/.transactions" }
        if let d = self.directory { TopicStore.mkdirs(d) }
    }

    func path(_ id: String) -> String? { directory.map { "\($0)/\(SnapshotFile.safeName(id))" } }

    func load(_ id: String) -> TransactionMarker {
        if let m = markers.withLock({ $0[id] }) { return m }
        var m = TransactionMarker()
        if let p = path(id), let bytes = try? SnapshotFile.read(p) { m = TransactionMarker.decode(bytes) }
        markers.withLock { $0[id] = m }
        return m
    }

    func save(_ id: String, _ m: TransactionMarker) throws {
        markers.withLock { $0[id] = m }
        if let p = path(id) { try SnapshotFile.writeDurably(m.encoded(), to: p) }
    }
}

extension TopicStore {
    /// Appends `records` (partition, record) to `topic` as transaction `sequence` of `transactionalId`,
    /// at most once per (id, sequence) even across crashes (see `TransactionMarker`). `sequence` 0 commits
    /// unconditionally (end of bounded input). Records are durable when this returns.
    public func commitTransaction(_ transactionalId: String, sequence: Int64, topic name: String,
                                  records: [(partition: Int, record: TopicRecord)]) throws {
        guard let topic = topic(name) else {
            throw RuntimeError(code: "unknown_topic", detail: "Topic \(name) not present in metadata.")
        }
        var marker = transactionMarkers.load(transactionalId)
        if sequence > 0 && marker.committed >= sequence { return }
        var byPartition: [Int: [TopicRecord]] = [:]
        for (p, r) in records { byPartition[p, default: []].append(r) }
        let resuming = sequence > 0 && marker.intentSequence == sequence
        if sequence > 0 && !resuming {
            marker.intentSequence = sequence
            marker.intents = [:]
        }
        for (p, rs) in byPartition.sorted(by: { $0.key < $1.key }) {
            guard topic.partitions.indices.contains(p) else { continue }
            let log = topic.partitions[p]
            if resuming, let base = marker.intents[p], log.endOffset > base { continue }
            try log.append(rs, beforeWrite: { base in
                guard sequence > 0 else { return }
                marker.intents[p] = base
                try self.transactionMarkers.save(transactionalId, marker)
            })
        }
        for p in byPartition.keys where topic.partitions.indices.contains(p) { topic.partitions[p].sync() }
        if sequence > 0 {
            marker.committed = sequence
            marker.intentSequence = 0
            marker.intents = [:]
            try transactionMarkers.save(transactionalId, marker)
        }
    }

    /// The last sequence committed for `transactionalId` (0 when none).
    public func committedSequence(_ transactionalId: String) -> Int64 { transactionMarkers.load(transactionalId).committed }
}
