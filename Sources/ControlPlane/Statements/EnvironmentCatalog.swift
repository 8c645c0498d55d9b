import Planner
import Store
import Synchronization

/// An environment's persisted catalog (Confluent: catalog = environment, database = its Kafka cluster),
/// read from `catalog_objects` and parsed once per change. Names are case-sensitive like Flink's.
public struct EnvironmentCatalog: Catalog {
    public var catalogName: String
    public var databaseName: String
    public var tables: [String: TableDefinition] = [:]
    public var views: [String: ViewDefinition] = [:]
    /// The DDL text of each object (SHOW CREATE, INFORMATION_SCHEMA).
    public var ddl: [String: String] = [:]

    public init(catalogName: String, databaseName: String, objects: [StoredCatalogObject]) {
        self.catalogName = catalogName
        self.databaseName = databaseName
        for o in objects {
            switch o.kind {
            case .table: if let t = try? TableDefinition(ddl: o.ddl) { tables[o.name] = t; ddl[o.name] = o.ddl }
            case .view: if let v = try? ViewDefinition(ddl: o.ddl) { views[o.name] = v; ddl[o.name] = o.ddl }
            }
        }
    }

    public func table(_ name: String) -> TableDefinition? { tables[name] }
    public func view(_ name: String) -> ViewDefinition? { views[name] }

    public var tableNames: [String] { tables.keys.sorted() }
    public var viewNames: [String] { views.keys.sorted() }
}

/// A catalog that records which tables a plan read (to tell bounded from unbounded statements and to
/// report `latest_offsets`) and applies the statement's `sql.tables.scan.*` defaults to kafka tables.
final class TrackingCatalog: Catalog {
    let base: any Catalog
    let defaults: [String: String]
    private let seen = Mutex<Set<String>>([])

    init(base: any Catalog, defaults: [String: String]) {
        self.base = base
        self.defaults = defaults
    }

    func table(_ name: String) -> TableDefinition? {
        guard var def = base.table(name) else { return nil }
        _ = seen.withLock { $0.insert(name) }
        let connector = def.options["connector"] ?? "kafka"
        if connector == "kafka" || connector == "upsert-kafka" {
            for (k, v) in defaults where def.options[k] == nil { def.options[k] = v }
        }
        return def
    }

    func view(_ name: String) -> ViewDefinition? { base.view(name) }

    var tablesRead: [TableDefinition] {
        seen.withLock { Array($0) }.sorted().compactMap { base.table($0) }
    }
}
