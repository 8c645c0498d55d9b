import Foundation
import Model
import SQLite

/// The control-plane store: typed tables over one SQLite database. Every change runs in `write`, one
/// durable transaction (committed with `synchronous=FULL` before `write` returns); `read` gives a
/// consistent snapshot concurrently with the writer.
public final class Store: Sendable {
    public let database: Database
    /// Maximum lines kept per job in `job_logs` (older lines are dropped on append).
    public let maxLogLinesPerJob: Int

    /// Wraps `database` and migrates it to `StoreSchema.version` (throws for a database newer than that).
    public init(database: Database, maxLogLinesPerJob: Int = 10_000) throws {
        self.database = database
        self.maxLogLinesPerJob = maxLogLinesPerJob
        try database.migrate(StoreSchema.migrations)
    }

    /// Opens `<path>` (a file, creating its directory when missing) or an in-memory store for `":memory:"`.
    public convenience init(path: String) throws {
        if path != ":memory:", let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
        }
        try self.init(database: try Database(path: path))
    }

    public static func inMemory() throws -> Store { try Store(path: ":memory:") }

    /// One write transaction: committed durably when `body` returns, rolled back when it throws.
    public func write<T: Sendable>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try database.write { connection in
            try body(StoreTransaction(connection: connection, maxLogLinesPerJob: maxLogLinesPerJob))
        }
    }

    /// Like `write`; `afterCommit` runs once committed, under the writer lock, in commit order.
    @discardableResult
    public func write<T: Sendable>(_ body: (StoreTransaction) throws -> T, afterCommit: (T) -> Void) throws -> T {
        try database.write({ connection in
            try body(StoreTransaction(connection: connection, maxLogLinesPerJob: maxLogLinesPerJob))
        }, afterCommit: afterCommit)
    }

    /// One read transaction (consistent snapshot). Do not write in it.
    public func read<T: Sendable>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try database.read { connection in
            try body(StoreTransaction(connection: connection, maxLogLinesPerJob: maxLogLinesPerJob))
        }
    }

    public func close() { database.close() }
}
