import Model
import Runtime

extension ControlPlane {
    /// The topic store of Kafka cluster `clusterID`; 404 when the cluster does not exist.
    public func topicStore(clusterID: String) throws(APIError) -> TopicStore {
        _ = try kafkaCluster(id: clusterID)
        return try Self.mapErrors { try topics.store(clusterID: clusterID) }
    }

    /// The topic store of the Kafka cluster of environment `environmentID` (its first cluster).
    public func topicStore(environmentID: String) throws(APIError) -> TopicStore {
        guard let cluster = try kafkaClusters(environmentID: environmentID).first else {
            throw APIError.notFound("Kafka cluster of environment '\(environmentID)' was not found.")
        }
        return try Self.mapErrors { try topics.store(clusterID: cluster.id) }
    }
}
