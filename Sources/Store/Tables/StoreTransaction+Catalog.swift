import Model
import SQLite

/// A table or view of an environment's catalog, kept as its DDL text.
public struct StoredCatalogObject: Sendable, Equatable {
    public enum Kind: String, Sendable { case table = "TABLE", view = "VIEW" }
    public var environmentID: String
    public var name: String
    public var kind: Kind
    public var ddl: String
    public var createdAt: Int64

    public init(environmentID: String, name: String, kind: Kind, ddl: String, createdAt: Int64) {
        self.environmentID = environmentID
        self.name = name
        self.kind = kind
        self.ddl = ddl
        self.createdAt = createdAt
    }
}

extension StoreTransaction {
    /// Inserts or replaces (ALTER) a catalog object.
    public func putCatalogObject(_ o: StoredCatalogObject) throws {
        try connection.run("""
            INSERT INTO catalog_objects(environment_id, name, kind, ddl, created_at) VALUES(?,?,?,?,?)
            ON CONFLICT(environment_id, name) DO UPDATE SET kind = excluded.kind, ddl = excluded.ddl
            """, [.text(o.environmentID), .text(o.name), .text(o.kind.rawValue), .text(o.ddl), .integer(o.createdAt)])
    }

    @discardableResult
    public func deleteCatalogObject(environmentID: String, name: String) throws -> Bool {
        try connection.run("DELETE FROM catalog_objects WHERE environment_id = ? AND name = ?",
                           [.text(environmentID), .text(name)]) > 0
    }

    /// Every table and view of the environment, by name.
    public func catalogObjects(environmentID: String) throws -> [StoredCatalogObject] {
        try connection.query("SELECT name, kind, ddl, created_at FROM catalog_objects WHERE environment_id = ? ORDER BY name",
                             [.text(environmentID)]) {
            StoredCatalogObject(environmentID: environmentID, name: $0.string(0),
                                kind: StoredCatalogObject.Kind(rawValue: $0.string(1)) ?? .table, ddl: $0.string(2),
                                createdAt: $0.int64(3))
        }
    }
}
