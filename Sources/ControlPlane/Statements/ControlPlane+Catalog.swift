import Model
import Planner
import Store

extension ControlPlane {
    /// The environment's persisted catalog — the tables and views that standalone statements created
    /// (`CREATE TABLE`, `CREATE VIEW`, …) — for planning job scripts and statements against it. Catalog
    /// name = the environment's display name, database = its Kafka cluster's display name. 404 for an
    /// unknown environment.
    public func catalog(environmentID: String) throws(APIError) -> any Catalog {
        try environmentCatalog(environmentID)
    }

    /// `catalog(environmentID:)`, or an empty catalog for an unknown environment (planner hooks).
    public func catalogOrEmpty(environmentID: String) -> any Catalog {
        (try? environmentCatalog(environmentID)) ?? InMemoryCatalog()
    }

    func environmentCatalog(_ environmentID: String) throws(APIError) -> EnvironmentCatalog {
        let (env, cluster, objects) = try query { tx in
            let env = try Self.requireEnvironment(tx, environmentID)
            return (env, try tx.kafkaClusters(environmentID: environmentID).first,
                    statementRuntime.cachedCatalog(environmentID) == nil ? try tx.catalogObjects(environmentID: environmentID) : nil)
        }
        let database = cluster?.displayName ?? "default"
        if let cached = statementRuntime.cachedCatalog(environmentID), cached.catalogName == env.displayName,
           cached.databaseName == database {
            return cached
        }
        var stored = objects ?? []
        if objects == nil { stored = try query { tx in try tx.catalogObjects(environmentID: environmentID) } }
        let catalog = EnvironmentCatalog(catalogName: env.displayName, databaseName: database, objects: stored)
        statementRuntime.cache(catalog, for: environmentID)
        return catalog
    }

    /// Writes (or, with `nil` ddl, removes) a catalog object and forgets the parsed catalog.
    func putCatalogObject(environmentID: String, name: String, kind: StoredCatalogObject.Kind, ddl: String?) throws(APIError) {
        try mutate { tx, _ in
            if let ddl {
                try tx.putCatalogObject(StoredCatalogObject(environmentID: environmentID, name: name, kind: kind, ddl: ddl,
                                                            createdAt: now()))
            } else {
                try tx.deleteCatalogObject(environmentID: environmentID, name: name)
            }
        }
        statementRuntime.invalidateCatalog(environmentID)
    }
}
