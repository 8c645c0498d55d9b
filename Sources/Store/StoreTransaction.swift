import SQLite

/// Typed access to the tables inside one transaction (see `Store.read`/`Store.write`); the table-specific
/// methods are in `StoreTransaction+<Table>.swift`.
public struct StoreTransaction {
    public let connection: Connection
    let maxLogLinesPerJob: Int
}
