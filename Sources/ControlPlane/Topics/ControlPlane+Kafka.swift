import Model
import Runtime

/// Kafka REST v3 over the embedded topic log: clusters, topics, partitions, produce and read-back.
/// Errors are `APIError.kafka` (the API writes them in Kafka REST's `{"error_code","message"}` shape).
extension ControlPlane {
    /// Default partition count of a created topic (Confluent Cloud's default).
    public static let defaultPartitions = 6
    /// Confluent Cloud's per-topic partition limit on basic clusters.
    public static let maxPartitions = 4096

    /// `GET /kafka/v3/clusters`: every environment's cluster.
    public func allKafkaClusters() throws(APIError) -> [KafkaCluster] {
        try query { tx in try tx.kafkaClusters(environmentID: nil) }
    }

    /// `GET /kafka/v3/clusters/{cluster}`.
    public func kafkaClusterInfo(id: String) throws(APIError) -> KafkaCluster {
        guard let cluster = try query({ tx in try tx.kafkaCluster(id: id) }) else { throw .unknownKafkaCluster(id) }
        return cluster
    }

    /// The cluster's store; 404 in Kafka REST's shape when the cluster does not exist.
    func kafkaStore(_ clusterID: String) throws(APIError) -> TopicStore {
        _ = try kafkaClusterInfo(id: clusterID)
        return try Self.mapErrors { try topics.store(clusterID: clusterID) }
    }

    func kafkaTopic(_ clusterID: String, _ name: String) throws(APIError) -> Topic {
        guard let topic = try kafkaStore(clusterID).topic(name) else {
            throw .kafka(404, 40403, "This server does not host this topic-partition.")
        }
        return topic
    }

    static func describe(_ topic: Topic, clusterID: String) -> KafkaTopic {
        KafkaTopic(clusterID: clusterID, name: topic.name, partitionsCount: topic.partitionCount, configs: topic.configs)
    }

    /// `POST /kafka/v3/clusters/{cluster}/topics`: 6 partitions by default; an existing name → 400 `40002`.
    /// With `validateOnly` nothing is created.
    public func createTopic(clusterID: String, _ request: CreateTopicRequest) throws(APIError) -> KafkaTopic {
        let store = try kafkaStore(clusterID)
        let name = request.name
        guard TopicStore.isValidName(name) else {
            throw .kafka(400, 40002, "Topic name \"\(name)\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'")
        }
        let partitions = request.partitionsCount ?? Self.defaultPartitions
        guard partitions >= 1 else { throw .kafka(400, 40002, "Number of partitions must be larger than 0.") }
        guard partitions <= Self.maxPartitions else {
            throw .kafka(400, 40002, "Number of partitions \(partitions) exceeds the limit of \(Self.maxPartitions) per topic.")
        }
        if let rf = request.replicationFactor, rf != 3, rf != -1 {
            throw .kafka(400, 40002, "Replication factor must be 3 (Confluent Cloud allows only its fixed replication factor; omit it).")
        }
        for (k, _) in request.configs where k.isEmpty {
            throw .kafka(400, 40002, "Config names must not be empty.")
        }
        var configs: [String: String] = [:]
        for (k, v) in request.configs { configs[k] = v }
        if store.topic(name) != nil { throw .kafka(400, 40002, "Topic '\(name)' already exists.") }
        if request.validateOnly {
            return KafkaTopic(clusterID: clusterID, name: name, partitionsCount: partitions, configs: configs)
        }
        do {
            let topic = try store.createTopic(name, partitions: partitions, configs: configs)
            return Self.describe(topic, clusterID: clusterID)
        } catch let e as RuntimeError where e.code == "topic_exists" {
            throw .kafka(400, 40002, "Topic '\(name)' already exists.")
        } catch {
            throw Self.internalError(error)
        }
    }

    /// `GET /kafka/v3/clusters/{cluster}/topics`, by name.
    public func topics(clusterID: String) throws(APIError) -> [KafkaTopic] {
        let store = try kafkaStore(clusterID)
        return store.topicNames.compactMap { store.topic($0) }.map { Self.describe($0, clusterID: clusterID) }
    }

    /// `GET /kafka/v3/clusters/{cluster}/topics/{topic}`.
    public func topic(clusterID: String, name: String) throws(APIError) -> KafkaTopic {
        Self.describe(try kafkaTopic(clusterID, name), clusterID: clusterID)
    }

    /// `DELETE /kafka/v3/clusters/{cluster}/topics/{topic}`. As in Kafka and Confluent Cloud, a topic used by
    /// a running job can be deleted: the job's readers see no further records and its writers fail
    /// ("This server does not host this topic-partition"), which fails the job.
    public func deleteTopic(clusterID: String, name: String) throws(APIError) {
        let store = try kafkaStore(clusterID)
        do { try store.deleteTopic(name) } catch {
            throw .kafka(404, 40403, "This server does not host this topic-partition.")
        }
    }

    /// `GET /kafka/v3/clusters/{cluster}/topics/{topic}/partitions`.
    public func partitions(clusterID: String, topic name: String) throws(APIError) -> [KafkaPartition] {
        let topic = try kafkaTopic(clusterID, name)
        return topic.partitions.map {
            KafkaPartition(clusterID: clusterID, topicName: name, partitionID: $0.partition, endOffset: $0.endOffset)
        }
    }

    /// `GET /kafka/v3/clusters/{cluster}/topics/{topic}/partitions/{p}`.
    public func partition(clusterID: String, topic name: String, partitionID: Int) throws(APIError) -> KafkaPartition {
        let topic = try kafkaTopic(clusterID, name)
        guard topic.partitions.indices.contains(partitionID) else { throw .unknownTopicOrPartition() }
        let log = topic.partitions[partitionID]
        return KafkaPartition(clusterID: clusterID, topicName: name, partitionID: partitionID, endOffset: log.endOffset)
    }

    /// A producer for `POST …/topics/{topic}/records`: appends records and makes them durable before their
    /// results are returned (see `KafkaTopicProducer`).
    public func producer(clusterID: String, topic name: String) throws(APIError) -> KafkaTopicProducer {
        KafkaTopicProducer(clusterID: clusterID, topic: try kafkaTopic(clusterID, name), clock: clock)
    }

    /// Produces one record (the non-streaming `POST …/records`).
    public func produce(clusterID: String, topic name: String, _ record: KafkaProduceRecord) throws(APIError) -> KafkaProduceResult {
        try producer(clusterID: clusterID, topic: name).produce([record])[0]
    }

    /// `GET …/topics/{topic}/records` and `…/partitions/{p}/records` (our extension): reads from the given
    /// offsets (earliest when missing), by partition then offset, at most `request.max` records.
    /// Transactional output is appended only at commit, so every read is `read_committed`;
    /// `read_uncommitted` is accepted and returns the same records.
    public func readRecords(clusterID: String, topic name: String, _ request: KafkaReadRequest) throws(APIError) -> KafkaRecordBatch {
        let topic = try kafkaTopic(clusterID, name)
        guard request.max >= 1, request.max <= KafkaReadRequest.maxMax else {
            throw .kafka(400, 400, "max must be between 1 and \(KafkaReadRequest.maxMax).")
        }
        let partitions: [Int]
        if let p = request.partition {
            guard topic.partitions.indices.contains(p) else { throw .unknownTopicOrPartition() }
            partitions = [p]
        } else {
            partitions = Array(topic.partitions.indices)
        }
        for (p, o) in request.offsets {
            guard topic.partitions.indices.contains(p) else { throw .unknownTopicOrPartition() }
            guard o >= 0 else { throw .kafka(400, 400, "Offsets must not be negative (partition \(p): \(o)).") }
        }
        var records: [KafkaConsumedRecord] = []
        var next: [Int: Int64] = [:]
        var ends: [Int: Int64] = [:]
        let buffer = ReadBuffer(capacity: 64 << 10)
        for p in partitions {
            let log = topic.partitions[p]
            ends[p] = log.endOffset
            var offset = request.offsets[p] ?? 0
            while records.count < request.max {
                let start = offset
                let after = log.read(from: start, maxBytes: 256 << 10, buffer: buffer) { r in
                    guard records.count < request.max else { return }
                    records.append(KafkaConsumedRecord(
                        partitionID: p, offset: r.offset, timestamp: r.timestamp,
                        key: r.key.map { Array($0) }, value: r.value.map { Array($0) },
                        headers: r.headers.map { KafkaHeader(name: $0.name, value: $0.value) }))
                    offset = r.offset + 1
                }
                if after <= start || records.count >= request.max { break }
                offset = after
            }
            next[p] = offset
        }
        return KafkaRecordBatch(clusterID: clusterID, topicName: name, isolation: request.isolation, records: records,
                                nextOffsets: next, endOffsets: ends)
    }
}
