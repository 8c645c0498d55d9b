import Model
import SQLite

extension StoreTransaction {
    private static let environmentColumns =
        "seq, id, organization_id, display_name, governance_package, created_at, updated_at, resource_version"

    public func insertEnvironment(_ env: Environment) throws {
        try connection.run("""
            INSERT INTO environments(id, organization_id, display_name, governance_package, created_at, updated_at, resource_version)
            VALUES(?,?,?,?,?,?,?)
            """, [.text(env.id), .text(env.organizationID), .text(env.displayName), .text(env.governancePackage),
                  .integer(env.createdAt), .integer(env.updatedAt), .integer(env.resourceVersion)])
    }

    /// Writes every mutable field of `env` (display name, package, updated_at, resource_version).
    public func updateEnvironment(_ env: Environment) throws {
        try connection.run("""
            UPDATE environments SET display_name = ?, governance_package = ?, updated_at = ?, resource_version = ? WHERE id = ?
            """, [.text(env.displayName), .text(env.governancePackage), .integer(env.updatedAt), .integer(env.resourceVersion),
                  .text(env.id)])
    }

    /// Deletes the environment and (cascading) its pools, clusters, jobs, versions and logs.
    public func deleteEnvironment(id: String) throws {
        try connection.run("DELETE FROM environments WHERE id = ?", [.text(id)])
    }

    public func environment(id: String) throws -> Environment? {
        try connection.queryOne("SELECT \(Self.environmentColumns) FROM environments WHERE id = ?", [.text(id)]) { Self.environment($0) }
    }

    public func environmentExists(id: String) throws -> Bool {
        try connection.scalarInt("SELECT 1 FROM environments WHERE id = ?", [.text(id)]) != nil
    }

    public func environments(page: PageRequest) throws -> Page<Environment> {
        let after = try PageToken.decode(page.pageToken)
        let size = PageToken.clampedSize(page.pageSize)
        let rows = try connection.query("SELECT \(Self.environmentColumns) FROM environments WHERE seq > ? ORDER BY seq LIMIT ?",
                                        [.integer(after), .integer(Int64(size + 1))]) { ($0.int64(0), Self.environment($0)) }
        let total = try connection.scalarInt("SELECT count(*) FROM environments") ?? 0
        return Self.page(rows, size: size, total: total)
    }

    static func environment(_ row: Statement) -> Environment {
        Environment(id: row.string(1), organizationID: row.string(2), displayName: row.string(3),
                    governancePackage: row.string(4), createdAt: row.int64(5), updatedAt: row.int64(6),
                    resourceVersion: row.int64(7))
    }

    /// Builds a page from `size + 1` fetched `(seq, item)` rows.
    static func page<T: Sendable>(_ rows: [(Int64, T)], size: Int, total: Int64) -> Page<T> {
        let items = rows.prefix(size)
        let next = rows.count > size ? PageToken.encode(afterSeq: items.last!.0) : nil
        return Page(items: items.map { $0.1 }, nextPageToken: next, totalSize: Int(total))
    }
}
