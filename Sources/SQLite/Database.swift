import CSQLite
import Synchronization

/// A SQLite database: one writer connection (one writer at a time, behind a `Mutex`) and a pool of
/// read-only connections so readers run concurrently with each other and with the writer (WAL).
///
/// Settings applied on open:
/// - `journal_mode=WAL`: readers see the last committed snapshot without blocking the writer.
/// - `synchronous=FULL`: every commit fsyncs the WAL before `COMMIT` returns, so an acknowledged write
///   survives kill -9 *and* power loss. (In WAL mode `NORMAL` only syncs at checkpoints: it is safe
///   against process crashes but the last commits may be lost on power loss — not acceptable here.)
/// - `foreign_keys=ON`, and a busy timeout for other processes touching the same file.
///
/// `:memory:` databases have a single connection: reads then share the writer's lock.
public final class Database: Sendable {
    public let path: String
    public let isInMemory: Bool
    let writer: Mutex<Connection?>
    let commitQueue = Mutex(CommitQueue())
    let counters = Mutex(WriteCounters())
    private let readers = ReaderPool(capacity: Database.maxReaders)
    private let closed = Atomic<Bool>(false)
    private let busyTimeoutMillis: Int32
    /// As many as the HTTP worker pool runs at once on a small machine; beyond, readers open their own.
    private static let maxReaders = 64

    /// Opens (creating when missing) the database at `path`, or an in-memory one for `":memory:"`.
    public init(path: String, busyTimeoutMillis: Int32 = 5_000) throws(SQLiteError) {
        self.path = path
        self.isInMemory = path == ":memory:" || path.isEmpty
        self.busyTimeoutMillis = busyTimeoutMillis
        let connection = try Connection(path: isInMemory ? ":memory:" : path, readOnly: false,
                                        busyTimeoutMillis: busyTimeoutMillis)
        if !isInMemory {
            let mode = try connection.scalarText("PRAGMA journal_mode=WAL")
            if mode?.lowercased() != "wal" {
                throw SQLiteError(code: SQLITE_ERROR, message: "cannot enable WAL mode on '\(path)' (got \(mode ?? "nil"))")
            }
        }
        // Why FULL: see the type's documentation (acknowledged writes must survive power loss).
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("PRAGMA foreign_keys=ON")
        // Savepoint sub-journals (one per grouped write) stay in memory instead of temporary files.
        try connection.execute("PRAGMA temp_store=MEMORY")
        self.writer = Mutex(connection)
    }

    /// Closes every connection. Later calls throw `SQLITE_MISUSE`.
    public func close() {
        closed.store(true, ordering: .sequentiallyConsistent)
        readers.closeIdle()
        writer.withLock { $0 = nil }
    }

    // MARK: access

    /// Runs `body` with the writer connection, holding the writer lock, outside any transaction.
    @discardableResult
    public func withWriter<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try writer.withLock { connection throws -> T in
            guard let connection else { throw Self.closedError }
            return try body(connection)
        }
    }

    /// Runs `body` in a write transaction with the writer connection. Returns once the transaction is
    /// committed (durably, see `synchronous=FULL`); when `body` throws, its changes are rolled back and the
    /// error rethrown. Concurrent writes are group-committed (see `Database+GroupCommit.swift`): `body` may run on
    /// another caller's thread, in a savepoint of a shared transaction, but never concurrently with another
    /// write. `body` must not call `write`/`withWriter` again (nor `read` on an in-memory database).
    @discardableResult
    public func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try groupWrite(body, afterCommit: { _ in })
    }

    /// Like `write`, and then runs `afterCommit` with the result once committed, still holding the writer
    /// lock: successive writes' `afterCommit` calls run in commit order. Keep it short; it must not write.
    @discardableResult
    public func write<T: Sendable>(_ body: (Connection) throws -> T, afterCommit: (T) -> Void) throws -> T {
        try groupWrite(body, afterCommit: afterCommit)
    }

    /// Same as `write`: a transaction that rolls back on a thrown error.
    @discardableResult
    public func transaction<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try write(body)
    }

    /// Runs `body` on a read-only connection inside a read transaction (one consistent snapshot).
    /// Concurrent with other readers and with the writer (file databases).
    @discardableResult
    public func read<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        if isInMemory {
            return try withWriter { connection in try connection.transaction(immediate: false, body) }
        }
        let lease = try readers.acquire(open: openReader)
        defer { readers.release(lease, keep: !closed.load(ordering: .sequentiallyConsistent)) }
        return try lease.connection.transaction(immediate: false, body)
    }

    /// Read-only connections opened so far (the pool reuses them; see `ReaderPool`).
    public var readerConnectionsOpened: Int { readers.opened }

    private func openReader() throws -> Connection {
        guard !closed.load(ordering: .sequentiallyConsistent) else { throw Self.closedError }
        return try Connection(path: path, readOnly: true, busyTimeoutMillis: busyTimeoutMillis)
    }

    static let closedError = SQLiteError(code: SQLITE_MISUSE, message: "database is closed")

    // MARK: migrations

    /// Brings the schema up to the last migration's version, each step in its own transaction together with
    /// its version record. Throws when the database is newer than the code knows (its recorded version is
    /// above the last migration), without touching it.
    ///
    /// - Parameter namespace: nil (the control plane's schema) records the version in `PRAGMA user_version`;
    ///   another module keeping its own tables in the same file (e.g. the runtime's checkpoint metadata)
    ///   passes a name, and its version is kept in the `schema_versions` table under that name.
    /// - Returns: the schema version after migrating.
    @discardableResult
    public func migrate(_ migrations: [Migration], namespace: String? = nil) throws -> Int {
        for (index, migration) in migrations.enumerated() where migration.version != index + 1 {
            throw SQLiteError(code: SQLITE_MISUSE,
                              message: "migrations must be numbered 1, 2, 3…; found \(migration.version) at position \(index + 1)")
        }
        let known = migrations.count
        return try withWriter { connection in
            let current = try Self.recordedVersion(connection, namespace: namespace)
            if current > known {
                let what = namespace.map { "schema '\($0)'" } ?? "schema"
                throw SQLiteError(code: SQLiteError.schemaTooNewCode,
                                  message: "database '\(path)' has \(what) version \(current), newer than this build knows (\(known)); "
                                      + "run a newer FlinkCloud or use another data directory")
            }
            for migration in migrations where migration.version > current {
                try connection.transaction(immediate: true) { connection in
                    try migration.apply(connection)
                    try Self.recordVersion(connection, migration.version, namespace: namespace)
                }
            }
            return known
        }
    }

    /// The recorded schema version of `namespace` (nil: `PRAGMA user_version`); 0 when never migrated.
    public func schemaVersion(namespace: String?) throws -> Int {
        try withWriter { try Self.recordedVersion($0, namespace: namespace) }
    }

    private static func recordedVersion(_ connection: Connection, namespace: String?) throws -> Int {
        guard let namespace else { return try connection.userVersion() }
        let exists = try connection.scalarInt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'")
        guard exists != nil else { return 0 }
        return Int(try connection.scalarInt("SELECT version FROM schema_versions WHERE namespace = ?", [.text(namespace)]) ?? 0)
    }

    private static func recordVersion(_ connection: Connection, _ version: Int, namespace: String?) throws {
        guard let namespace else { return try connection.setUserVersion(version) }
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_versions (namespace TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        try connection.run("""
            INSERT INTO schema_versions(namespace, version) VALUES(?, ?)
            ON CONFLICT(namespace) DO UPDATE SET version = excluded.version
            """, [.text(namespace), .integer(Int64(version))])
    }

    /// The schema version (`PRAGMA user_version`).
    public func schemaVersion() throws -> Int {
        try withWriter { try $0.userVersion() }
    }

    /// Runs `PRAGMA integrity_check`; returns "ok" on a healthy database.
    public func integrityCheck() throws -> String {
        try withWriter { connection in
            try connection.query("PRAGMA integrity_check") { $0.string(0) }.joined(separator: "\n")
        }
    }
}
