import Model

/// Encoders for Kafka REST v3's wire shapes (`ClusterData`, `TopicData`, `PartitionData`,
/// `ProduceResponse`) and our read-back extension. `base` is the absolute origin.
public enum KafkaJSON {
    static func clusterURL(_ id: String, base: String) -> String { base + "/kafka/v3/clusters/" + id }

    static func related(_ w: inout JSONWriter, _ name: String, _ url: String) {
        w.key(name)
        w.beginObject()
        w.member("related", url)
        w.endObject()
    }

    static func listStart(_ w: inout JSONWriter, kind: String, selfURL: String) {
        w.beginObject()
        w.member("kind", kind)
        w.key("metadata")
        w.beginObject()
        w.member("self", selfURL)
        w.key("next"); w.null()
        w.endObject()
        w.key("data")
        w.beginArray()
    }

    static func listEnd(_ w: inout JSONWriter) {
        w.endArray()
        w.endObject()
    }

    // MARK: clusters

    public static func cluster(_ c: KafkaCluster, organizationID: String, base: String, into w: inout JSONWriter) {
        let url = clusterURL(c.id, base: base)
        w.beginObject()
        w.member("kind", "KafkaCluster")
        w.key("metadata")
        w.beginObject()
        w.member("self", url)
        w.member("resource_name", "crn://confluent.cloud/organization=\(organizationID)/environment=\(c.environmentID)/cloud-cluster=\(c.id)/kafka=\(c.id)")
        w.endObject()
        w.member("cluster_id", c.id)
        w.member("display_name", c.displayName)
        w.key("environment")
        w.beginObject()
        w.member("id", c.environmentID)
        w.member("related", base + "/org/v2/environments/" + c.environmentID)
        w.endObject()
        w.member("cloud", c.cloud)
        w.member("region", c.region)
        w.key("controller"); w.beginObject(); w.member("related", url + "/brokers/0"); w.endObject()
        related(&w, "acls", url + "/acls")
        related(&w, "brokers", url + "/brokers")
        related(&w, "broker_configs", url + "/broker-configs")
        related(&w, "consumer_groups", url + "/consumer-groups")
        related(&w, "topics", url + "/topics")
        related(&w, "partition_reassignments", url + "/topics/-/partitions/-/reassignment")
        w.endObject()
    }

    public static func clusters(_ list: [KafkaCluster], organizationID: String, base: String, into w: inout JSONWriter) {
        listStart(&w, kind: "KafkaClusterList", selfURL: base + "/kafka/v3/clusters")
        for c in list { cluster(c, organizationID: organizationID, base: base, into: &w) }
        listEnd(&w)
    }

    // MARK: topics

    public static func topic(_ t: KafkaTopic, base: String, into w: inout JSONWriter) {
        let url = clusterURL(t.clusterID, base: base) + "/topics/" + t.name
        w.beginObject()
        w.member("kind", "KafkaTopic")
        w.key("metadata")
        w.beginObject()
        w.member("self", url)
        w.member("resource_name", "crn:///kafka=\(t.clusterID)/topic=\(t.name)")
        w.endObject()
        w.member("cluster_id", t.clusterID)
        w.member("topic_name", t.name)
        w.member("is_internal", t.isInternal)
        w.member("replication_factor", t.replicationFactor)
        w.member("partitions_count", t.partitionsCount)
        related(&w, "partitions", url + "/partitions")
        related(&w, "configs", url + "/configs")
        related(&w, "partition_reassignments", url + "/partitions/-/reassignment")
        if !t.configs.isEmpty {
            // Not in Confluent's TopicData (it links to /configs); shown so a created topic's configs are visible.
            w.key("configs_given")
            w.beginArray()
            for k in t.configs.keys.sorted() {
                w.beginObject(); w.member("name", k); w.member("value", t.configs[k]!); w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }

    public static func topics(_ list: [KafkaTopic], clusterID: String, base: String, into w: inout JSONWriter) {
        listStart(&w, kind: "KafkaTopicList", selfURL: clusterURL(clusterID, base: base) + "/topics")
        for t in list { topic(t, base: base, into: &w) }
        listEnd(&w)
    }

    // MARK: partitions

    public static func partition(_ p: KafkaPartition, base: String, into w: inout JSONWriter) {
        let url = clusterURL(p.clusterID, base: base) + "/topics/" + p.topicName + "/partitions/" + String(p.partitionID)
        w.beginObject()
        w.member("kind", "KafkaPartition")
        w.key("metadata")
        w.beginObject()
        w.member("self", url)
        w.member("resource_name", "crn:///kafka=\(p.clusterID)/topic=\(p.topicName)/partition=\(p.partitionID)")
        w.endObject()
        w.member("cluster_id", p.clusterID)
        w.member("topic_name", p.topicName)
        w.member("partition_id", p.partitionID)
        related(&w, "leader", url + "/replicas/0")
        related(&w, "replicas", url + "/replicas")
        related(&w, "reassignment", url + "/reassignment")
        w.key("end_offset"); w.int64(p.endOffset)
        w.endObject()
    }

    public static func partitions(_ list: [KafkaPartition], clusterID: String, topic: String, base: String,
                                  into w: inout JSONWriter) {
        listStart(&w, kind: "KafkaPartitionList", selfURL: clusterURL(clusterID, base: base) + "/topics/" + topic + "/partitions")
        for p in list { partition(p, base: base, into: &w) }
        listEnd(&w)
    }

    // MARK: produce

    public static func produceResult(_ r: KafkaProduceResult, into w: inout JSONWriter) {
        w.beginObject()
        w.member("error_code", r.errorCode)
        if let message = r.message {
            w.member("message", message)
            w.endObject()
            return
        }
        w.member("cluster_id", r.clusterID)
        w.member("topic_name", r.topicName)
        w.member("partition_id", r.partitionID)
        w.key("offset"); w.int64(r.offset)
        w.key("timestamp"); w.timestamp(epochMillis: r.timestamp, fractional: r.timestamp % 1000 != 0)
        dataInfo(&w, "key", r.key)
        dataInfo(&w, "value", r.value)
        w.endObject()
    }

    static func dataInfo(_ w: inout JSONWriter, _ name: String, _ info: (type: KafkaDataType, size: Int)?) {
        guard let info else { return }
        w.key(name)
        w.beginObject()
        w.member("type", info.type.rawValue)
        w.member("size", info.size)
        w.endObject()
    }

    // MARK: read-back

    /// `{"kind":"KafkaRecordList","metadata":{"self","next"},"cluster_id","topic_name","isolation_level",
    /// "data":[record…],"next_offsets":{"<p>":o},"end_offsets":{…}}`; `next` is the URL to continue
    /// from, null once every partition read is at its end.
    public static func records(_ batch: KafkaRecordBatch, selfURL: String, nextURL: String?, into w: inout JSONWriter) {
        w.beginObject()
        w.member("kind", "KafkaRecordList")
        w.key("metadata")
        w.beginObject()
        w.member("self", selfURL)
        w.member("next", nextURL)
        w.endObject()
        w.member("cluster_id", batch.clusterID)
        w.member("topic_name", batch.topicName)
        w.member("isolation_level", batch.isolation.rawValue)
        w.key("data")
        w.beginArray()
        for r in batch.records { record(r, into: &w) }
        w.endArray()
        offsets(&w, "next_offsets", batch.nextOffsets)
        offsets(&w, "end_offsets", batch.endOffsets)
        w.endObject()
    }

    static func offsets(_ w: inout JSONWriter, _ name: String, _ map: [Int: Int64]) {
        w.key(name)
        w.beginObject()
        for p in map.keys.sorted() { w.key(String(p)); w.int64(map[p]!) }
        w.endObject()
    }

    /// One record: key and value as `{"type","data"}` with the type inferred from the bytes (valid JSON →
    /// JSON, else valid UTF-8 → STRING, else BINARY in base64), null when null; headers' values in base64.
    public static func record(_ r: KafkaConsumedRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.member("partition_id", r.partitionID)
        w.key("offset"); w.int64(r.offset)
        w.key("timestamp"); w.timestamp(epochMillis: r.timestamp, fractional: r.timestamp % 1000 != 0)
        data(&w, "key", r.key)
        data(&w, "value", r.value)
        w.key("headers")
        w.beginArray()
        for h in r.headers {
            w.beginObject()
            w.member("name", h.name)
            w.key("value")
            if let v = h.value { w.string(Base64.encode(v)) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func data(_ w: inout JSONWriter, _ name: String, _ bytes: [UInt8]?) {
        w.key(name)
        guard let bytes else { w.null(); return }
        w.beginObject()
        if !bytes.isEmpty, (try? JSONParser.parse(bytes)) != nil {
            w.member("type", "JSON")
            w.key("data"); w.raw(bytes)
        } else if let text = String(validating: bytes, as: UTF8.self) {
            w.member("type", "STRING")
            w.member("data", text)
        } else {
            w.member("type", "BINARY")
            w.member("data", Base64.encode(bytes))
        }
        w.endObject()
    }
}
