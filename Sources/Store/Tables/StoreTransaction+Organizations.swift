import Model
import SQLite

extension StoreTransaction {
    private static let organizationColumns = "id, display_name, created_at, updated_at, resource_version"

    public func insertOrganization(_ org: Organization) throws {
        try connection.run("INSERT INTO organizations(id, display_name, created_at, updated_at, resource_version) VALUES(?,?,?,?,?)",
                           [.text(org.id), .text(org.displayName), .integer(org.createdAt), .integer(org.updatedAt),
                            .integer(org.resourceVersion)])
    }

    public func organization(id: String) throws -> Organization? {
        try connection.queryOne("SELECT \(Self.organizationColumns) FROM organizations WHERE id = ?", [.text(id)], map: Self.organization)
    }

    public func organizations() throws -> [Organization] {
        try connection.query("SELECT \(Self.organizationColumns) FROM organizations ORDER BY seq", map: Self.organization)
    }

    static func organization(_ row: Statement) -> Organization {
        Organization(id: row.string(0), displayName: row.string(1), createdAt: row.int64(2), updatedAt: row.int64(3),
                     resourceVersion: row.int64(4))
    }
}
