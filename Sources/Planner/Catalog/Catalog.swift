/// Where tables and views are looked up (Confluent: catalog = environment, database = Kafka cluster).
/// Names are case-sensitive, like Flink's. The ControlPlane can back this with SQLite; a job's own script
/// runs over a `SessionCatalog` whose tables shadow the environment's.
public protocol Catalog: Sendable {
    func table(_ name: String) -> TableDefinition?
    func view(_ name: String) -> ViewDefinition?
}

/// An in-memory catalog (tests, standalone statements until persisted).
public struct InMemoryCatalog: Catalog {
    public var tables: [String: TableDefinition] = [:]
    public var views: [String: ViewDefinition] = [:]

    public init() {}

    public func table(_ name: String) -> TableDefinition? { tables[name] }
    public func view(_ name: String) -> ViewDefinition? { views[name] }
}

/// A script's own tables and views over a base catalog: lookups try the script's objects first.
public struct SessionCatalog: Catalog {
    public var base: any Catalog
    public var local = InMemoryCatalog()

    public init(base: any Catalog = InMemoryCatalog()) { self.base = base }

    public func table(_ name: String) -> TableDefinition? {
        if local.views[name] != nil { return nil }
        return local.table(name) ?? base.table(name)
    }

    public func view(_ name: String) -> ViewDefinition? {
        if local.tables[name] != nil { return nil }
        return local.view(name) ?? base.view(name)
    }
}
