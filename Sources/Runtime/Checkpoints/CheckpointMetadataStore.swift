import SQLite
import Synchronization

/// Durable checkpoint bookkeeping: a checkpoint counts as completed only once its record is committed here.
public protocol CheckpointMetadataStore: Sendable {
    func save(_ record: CheckpointRecord) throws
    /// Newest first.
    func records(job: String, limit: Int) throws -> [CheckpointRecord]
    /// Completed, not discarded, newest first (`savepoints`: savepoints only, else checkpoints only).
    func completed(job: String, savepoints: Bool) throws -> [CheckpointRecord]
    func record(job: String, id: Int64) throws -> CheckpointRecord?
    func maxID(job: String) throws -> Int64
    func saveRestore(_ restore: RestoreRecord) throws
    func latestRestore(job: String) throws -> RestoreRecord?
    func deleteJob(_ job: String) throws
    /// Completed and failed checkpoints ever recorded, and restores, for `job`.
    func counts(job: String) throws -> CheckpointCounts
}

/// Keeps checkpoint records in memory (tests, runs without a data directory).
public final class InMemoryCheckpointStore: CheckpointMetadataStore {
    private let state = Mutex<(records: [CheckpointRecord], restores: [RestoreRecord])>(([], []))
    public init() {}
    public func save(_ record: CheckpointRecord) throws {
        state.withLock { s in
            s.records.removeAll { $0.job == record.job && $0.id == record.id }
            s.records.append(record)
        }
    }
    public func records(job: String, limit: Int) throws -> [CheckpointRecord] {
        state.withLock { s in Array(s.records.filter { $0.job == job }.sorted { $0.id > $1.id }.prefix(limit)) }
    }
    public func completed(job: String, savepoints: Bool) throws -> [CheckpointRecord] {
        state.withLock { s in
            s.records.filter { $0.job == job && $0.status == .completed && !$0.discarded && $0.isSavepoint == savepoints }
                .sorted { $0.id > $1.id }
        }
    }
    public func record(job: String, id: Int64) throws -> CheckpointRecord? {
        state.withLock { s in s.records.first { $0.job == job && $0.id == id } }
    }
    public func maxID(job: String) throws -> Int64 {
        state.withLock { s in s.records.filter { $0.job == job }.map(\.id).max() ?? 0 }
    }
    public func saveRestore(_ restore: RestoreRecord) throws { state.withLock { $0.restores.append(restore) } }
    public func latestRestore(job: String) throws -> RestoreRecord? { state.withLock { s in s.restores.last { $0.job == job } } }
    public func counts(job: String) throws -> CheckpointCounts {
        state.withLock { s in
            var c = CheckpointCounts()
            c.completed = s.records.filter { $0.job == job && $0.status == .completed }.count
            c.failed = s.records.filter { $0.job == job && $0.status == .failed }.count
            c.restored = s.restores.filter { $0.job == job }.count
            return c
        }
    }
    public func deleteJob(_ job: String) throws {
        state.withLock { s in
            s.records.removeAll { $0.job == job }
            s.restores.removeAll { $0.job == job }
        }
    }
}

/// Checkpoint records in the SQLite database (tables of the `runtime.checkpoints` schema namespace,
/// migrated on open, next to the control plane's tables when given the same database).
public final class SQLiteCheckpointStore: CheckpointMetadataStore {
    let database: Database
    static let namespace = "runtime.checkpoints"
    static let migrations = [
        Migration(version: 1, name: "checkpoints", sql: """
            CREATE TABLE runtime_checkpoints (
                job TEXT NOT NULL, id INTEGER NOT NULL, savepoint INTEGER NOT NULL, status TEXT NOT NULL,
                trigger_ts INTEGER NOT NULL, ack_ts INTEGER NOT NULL, state_size INTEGER NOT NULL,
                num_subtasks INTEGER NOT NULL, acks TEXT NOT NULL, path TEXT NOT NULL, restored_from INTEGER,
                failure TEXT, discarded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (job, id));
            CREATE TABLE runtime_checkpoint_restores (
                job TEXT NOT NULL, checkpoint_id INTEGER NOT NULL, restore_ts INTEGER NOT NULL,
                savepoint INTEGER NOT NULL, path TEXT NOT NULL);
            """),
    ]

    public init(database: Database) throws {
        self.database = database
        try database.migrate(Self.migrations, namespace: Self.namespace)
    }

    static let columns = "job, id, savepoint, status, trigger_ts, ack_ts, state_size, num_subtasks, acks, path, restored_from, failure, discarded"

    public func save(_ r: CheckpointRecord) throws {
        let acks = r.acks.map { "\($0.vertex):\($0.subtask):\($0.size):\($0.timestamp)" }.joined(separator: ",")
        let values: [SQLValue] = [.text(r.job), .integer(r.id), .integer(r.isSavepoint ? 1 : 0), .text(r.status.rawValue),
                                  .integer(r.triggerTimestamp), .integer(r.latestAckTimestamp), .integer(r.stateSize),
                                  .integer(Int64(r.numSubtasks)), .text(acks), .text(r.path),
                                  r.restoredFrom.map { .integer($0) } ?? .null, r.failureMessage.map { .text($0) } ?? .null,
                                  .integer(r.discarded ? 1 : 0)]
        try database.write { c in
            try c.run("INSERT OR REPLACE INTO runtime_checkpoints(\(Self.columns)) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
        }
    }

    static func decode(_ s: Statement) -> CheckpointRecord {
        let acks = s.string(8).split(separator: ",").compactMap { part -> CheckpointRecord.Ack? in
            let f = part.split(separator: ":").compactMap { Int64($0) }
            guard f.count == 4 else { return nil }
            return .init(vertex: Int(f[0]), subtask: Int(f[1]), size: f[2], timestamp: f[3])
        }
        return CheckpointRecord(job: s.string(0), id: s.int64(1), isSavepoint: s.bool(2),
                                status: CheckpointRecord.Status(rawValue: s.string(3)) ?? .failed,
                                triggerTimestamp: s.int64(4), latestAckTimestamp: s.int64(5), stateSize: s.int64(6),
                                numSubtasks: s.int(7), acks: acks, path: s.string(9), restoredFrom: s.optionalInt64(10),
                                failureMessage: s.optionalString(11), discarded: s.bool(12))
    }

    public func records(job: String, limit: Int) throws -> [CheckpointRecord] {
        try database.read { c in
            try c.query("SELECT \(Self.columns) FROM runtime_checkpoints WHERE job = ? ORDER BY id DESC LIMIT ?",
                        [.text(job), .integer(Int64(limit))], map: Self.decode)
        }
    }

    public func completed(job: String, savepoints: Bool) throws -> [CheckpointRecord] {
        try database.read { c in
            try c.query("""
                SELECT \(Self.columns) FROM runtime_checkpoints
                WHERE job = ? AND status = 'COMPLETED' AND discarded = 0 AND savepoint = ? ORDER BY id DESC
                """, [.text(job), .integer(savepoints ? 1 : 0)], map: Self.decode)
        }
    }

    public func record(job: String, id: Int64) throws -> CheckpointRecord? {
        try database.read { c in
            try c.queryOne("SELECT \(Self.columns) FROM runtime_checkpoints WHERE job = ? AND id = ?",
                           [.text(job), .integer(id)], map: Self.decode)
        }
    }

    public func maxID(job: String) throws -> Int64 {
        try database.read { c in try c.scalarInt("SELECT MAX(id) FROM runtime_checkpoints WHERE job = ?", [.text(job)]) ?? 0 }
    }

    public func saveRestore(_ r: RestoreRecord) throws {
        try database.write { c in
            try c.run("INSERT INTO runtime_checkpoint_restores(job, checkpoint_id, restore_ts, savepoint, path) VALUES(?,?,?,?,?)",
                      [.text(r.job), .integer(r.checkpointId), .integer(r.restoreTimestamp), .integer(r.isSavepoint ? 1 : 0), .text(r.path)])
        }
    }

    public func latestRestore(job: String) throws -> RestoreRecord? {
        try database.read { c in
            try c.queryOne("""
                SELECT checkpoint_id, restore_ts, savepoint, path FROM runtime_checkpoint_restores
                WHERE job = ? ORDER BY rowid DESC LIMIT 1
                """, [.text(job)]) { s in
                RestoreRecord(job: job, checkpointId: s.int64(0), restoreTimestamp: s.int64(1), isSavepoint: s.bool(2), path: s.string(3))
            }
        }
    }

    public func counts(job: String) throws -> CheckpointCounts {
        try database.read { c in
            var out = CheckpointCounts()
            out.completed = Int(try c.scalarInt("SELECT COUNT(*) FROM runtime_checkpoints WHERE job = ? AND status = 'COMPLETED'", [.text(job)]) ?? 0)
            out.failed = Int(try c.scalarInt("SELECT COUNT(*) FROM runtime_checkpoints WHERE job = ? AND status = 'FAILED'", [.text(job)]) ?? 0)
            out.restored = Int(try c.scalarInt("SELECT COUNT(*) FROM runtime_checkpoint_restores WHERE job = ?", [.text(job)]) ?? 0)
            return out
        }
    }

    public func deleteJob(_ job: String) throws {
        try database.write { c in
            try c.run("DELETE FROM runtime_checkpoints WHERE job = ?", [.text(job)])
            try c.run("DELETE FROM runtime_checkpoint_restores WHERE job = ?", [.text(job)])
        }
    }
}
