/// One forward-only schema step. Version numbers start at 1 and have no gaps; a database records the last
/// applied one in `PRAGMA user_version`.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    private let body: @Sendable (Connection) throws -> Void

    /// A migration running `sql` (one or more statements).
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.body = { connection in try connection.execute(sql) }
    }

    /// A migration running arbitrary code inside its transaction.
    public init(version: Int, name: String, apply: @escaping @Sendable (Connection) throws -> Void) {
        self.version = version
        self.name = name
        self.body = apply
    }

    func apply(_ connection: Connection) throws {
        try body(connection)
    }
}
