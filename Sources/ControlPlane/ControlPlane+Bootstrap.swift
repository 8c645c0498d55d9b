import Model
import Store

extension ControlPlane {
    static let defaultCloud = "AWS"
    static let defaultRegion = "us-east-1"
    static let defaultPoolCFU = 10

    private enum MetaKey {
        static let organization = "bootstrap.organization_id"
        static let environment = "bootstrap.environment_id"
        static let kafkaCluster = "bootstrap.kafka_cluster_id"
        static let computePool = "bootstrap.compute_pool_id"
    }

    /// Creates the default organization, environment, Kafka cluster and compute pool once; returns their ids.
    static func bootstrap(store: Store, clock: any EpochClock, ids: IDGenerator) throws(APIError) -> Defaults {
        try mapErrors {
            try store.write { tx -> Defaults in
                if let org = try tx.meta(MetaKey.organization), let env = try tx.meta(MetaKey.environment),
                   let cluster = try tx.meta(MetaKey.kafkaCluster), let pool = try tx.meta(MetaKey.computePool) {
                    return Defaults(organizationID: org, environmentID: env, kafkaClusterID: cluster, computePoolID: pool)
                }
                let now = clock.nowMillis()
                let org = Organization(id: ids.uuid(), displayName: "default", createdAt: now, updatedAt: now)
                try tx.insertOrganization(org)
                let env = Environment(id: ids.environmentID(), organizationID: org.id, displayName: "default",
                                      createdAt: now, updatedAt: now)
                try tx.insertEnvironment(env)
                let cluster = KafkaCluster(id: ids.kafkaClusterID(), environmentID: env.id, displayName: "cluster_0",
                                           cloud: defaultCloud, region: defaultRegion, createdAt: now, updatedAt: now)
                try tx.insertKafkaCluster(cluster)
                let pool = ComputePool(id: ids.computePoolID(), environmentID: env.id, displayName: "default",
                                       cloud: defaultCloud, region: defaultRegion, maxCFU: defaultPoolCFU, isDefault: true,
                                       phase: .provisioned, createdAt: now, updatedAt: now)
                try tx.insertComputePool(pool)
                try tx.setMeta(MetaKey.organization, org.id)
                try tx.setMeta(MetaKey.environment, env.id)
                try tx.setMeta(MetaKey.kafkaCluster, cluster.id)
                try tx.setMeta(MetaKey.computePool, pool.id)
                try tx.setMeta(tokenKeyMeta, newTokenKeyHex())   // in the same first-start transaction
                return Defaults(organizationID: org.id, environmentID: env.id, kafkaClusterID: cluster.id, computePoolID: pool.id)
            }
        }
    }
}
