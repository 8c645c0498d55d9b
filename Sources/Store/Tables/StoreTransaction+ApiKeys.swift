import Model
import SQLite

extension StoreTransaction {
    private static let keyColumns = "seq, id, owner, description, created_at, resource_version, salt, secret_hash"

    /// Stores a key with its salt and `SecretHasher.hash(secret:salt:)`; `key.secret` is not stored.
    public func insertApiKey(_ key: ApiKey, salt: [UInt8], secretHash: [UInt8]) throws {
        try connection.run("""
            INSERT INTO api_keys(id, owner, description, salt, secret_hash, created_at, resource_version) VALUES(?,?,?,?,?,?,?)
            """, [.text(key.id), .text(key.owner), .text(key.description), .blob(salt), .blob(secretHash),
                  .integer(key.createdAt), .integer(key.resourceVersion)])
    }

    public func storedApiKey(id: String) throws -> StoredApiKey? {
        try connection.queryOne("SELECT \(Self.keyColumns) FROM api_keys WHERE id = ?", [.text(id)]) { row in
            StoredApiKey(key: Self.apiKey(row), salt: row.blob(6), secretHash: row.blob(7))
        }
    }

    public func apiKeys(page: PageRequest) throws -> Page<ApiKey> {
        let after = try PageToken.decode(page.pageToken)
        let size = PageToken.clampedSize(page.pageSize)
        let rows = try connection.query("SELECT \(Self.keyColumns) FROM api_keys WHERE seq > ? ORDER BY seq LIMIT ?",
                                        [.integer(after), .integer(Int64(size + 1))]) { ($0.int64(0), Self.apiKey($0)) }
        let total = try connection.scalarInt("SELECT count(*) FROM api_keys") ?? 0
        return Self.page(rows, size: size, total: total)
    }

    /// Deletes a key; returns false when it did not exist.
    @discardableResult
    public func deleteApiKey(id: String) throws -> Bool {
        try connection.run("DELETE FROM api_keys WHERE id = ?", [.text(id)]) > 0
    }

    static func apiKey(_ row: Statement) -> ApiKey {
        ApiKey(id: row.string(1), owner: row.string(2), description: row.string(3), createdAt: row.int64(4),
               resourceVersion: row.int64(5))
    }
}

extension StoreTransaction {
    /// Replaces a key's salt and secret hash (the server re-registering its admin key with a new secret).
    public func updateApiKeySecret(id: String, salt: [UInt8], secretHash: [UInt8]) throws {
        try connection.run("UPDATE api_keys SET salt = ?, secret_hash = ?, resource_version = resource_version + 1 WHERE id = ?",
                           [.blob(salt), .blob(secretHash), .text(id)])
    }
}
