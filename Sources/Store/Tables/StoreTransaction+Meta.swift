import SQLite

extension StoreTransaction {
    /// A value from the `meta` key/value table (bootstrap markers, settings).
    public func meta(_ key: String) throws -> String? {
        try connection.scalarText("SELECT value FROM meta WHERE key = ?", [.text(key)])
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try connection.run("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           [.text(key), .text(value)])
    }
}
