import Model
import SQLite

extension StoreTransaction {
    private static let clusterColumns =
        "id, environment_id, display_name, cloud, region, created_at, updated_at, resource_version"

    public func insertKafkaCluster(_ cluster: KafkaCluster) throws {
        try connection.run("""
            INSERT INTO kafka_clusters(id, environment_id, display_name, cloud, region, created_at, updated_at, resource_version)
            VALUES(?,?,?,?,?,?,?,?)
            """, [.text(cluster.id), .text(cluster.environmentID), .text(cluster.displayName), .text(cluster.cloud),
                  .text(cluster.region), .integer(cluster.createdAt), .integer(cluster.updatedAt),
                  .integer(cluster.resourceVersion)])
    }

    public func kafkaCluster(id: String) throws -> KafkaCluster? {
        try connection.queryOne("SELECT \(Self.clusterColumns) FROM kafka_clusters WHERE id = ?", [.text(id)], map: Self.kafkaCluster)
    }

    public func kafkaClusters(environmentID: String?) throws -> [KafkaCluster] {
        if let environmentID {
            return try connection.query("SELECT \(Self.clusterColumns) FROM kafka_clusters WHERE environment_id = ? ORDER BY seq",
                                        [.text(environmentID)], map: Self.kafkaCluster)
        }
        return try connection.query("SELECT \(Self.clusterColumns) FROM kafka_clusters ORDER BY seq", map: Self.kafkaCluster)
    }

    static func kafkaCluster(_ row: Statement) -> KafkaCluster {
        KafkaCluster(id: row.string(0), environmentID: row.string(1), displayName: row.string(2), cloud: row.string(3),
                     region: row.string(4), createdAt: row.int64(5), updatedAt: row.int64(6), resourceVersion: row.int64(7))
    }
}
