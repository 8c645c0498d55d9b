import ControlPlane
import Foundation
import Model
import Testing

/// Kafka REST v3 behaviour in the control plane: topics, produce (partitioning like Kafka's default
/// partitioner), read-back, errors in Kafka REST's codes, and records surviving a restart.
@Suite struct KafkaTopicTests {
    func string(_ s: String) -> KafkaData { KafkaData(type: .string, bytes: Array(s.utf8)) }

    @Test func clustersListEveryEnvironmentsCluster() throws {
        let f = try Fixture()
        let clusters = try f.cp.allKafkaClusters()
        #expect(clusters.map(\.id) == [f.cp.defaults.kafkaClusterID])
        #expect(clusters.first?.environmentID == f.env)
        let env2 = try f.cp.createEnvironment(CreateEnvironmentRequest(displayName: "second"))
        let all = try f.cp.allKafkaClusters()
        #expect(all.count == 2)
        #expect(all.contains { $0.environmentID == env2.id })
        #expect(try f.cp.kafkaClusterInfo(id: all[1].id).environmentID == env2.id)
        #expect(apiError { _ = try f.cp.kafkaClusterInfo(id: "lkc-nope") }?.kafkaErrorCode == 404)
    }

    @Test func topicCrudAndErrorCodes() throws {
        let f = try Fixture()
        let c = f.cp.defaults.kafkaClusterID
        let t = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "orders"))
        #expect(t.partitionsCount == 6)
        #expect(t.name == "orders")
        let t2 = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "small", partitionsCount: 2,
                                                                       configs: [("cleanup.policy", "compact")]))
        #expect(t2.partitionsCount == 2)
        #expect(t2.configs == ["cleanup.policy": "compact"])

        let exists = apiError { _ = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "orders")) }
        #expect(exists?.status == 400)
        #expect(exists?.kafkaErrorCode == 40002)
        #expect(exists?.detail == "Topic 'orders' already exists.")
        #expect(apiError { _ = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "bad name")) }?.kafkaErrorCode == 40002)
        #expect(apiError { _ = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "z", partitionsCount: 0)) }?.kafkaErrorCode == 40002)
        #expect(apiError { _ = try f.cp.createTopic(clusterID: "lkc-none", CreateTopicRequest(name: "x")) }?.status == 404)

        let dry = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "dry", validateOnly: true))
        #expect(dry.partitionsCount == 6)
        #expect(try f.cp.topics(clusterID: c).map(\.name) == ["orders", "small"])
        #expect(try f.cp.topic(clusterID: c, name: "small").partitionsCount == 2)
        #expect(try f.cp.partitions(clusterID: c, topic: "orders").map(\.partitionID) == [0, 1, 2, 3, 4, 5])

        try f.cp.deleteTopic(clusterID: c, name: "orders")
        #expect(try f.cp.topics(clusterID: c).map(\.name) == ["small"])
        let gone = apiError { _ = try f.cp.topic(clusterID: c, name: "orders") }
        #expect(gone?.status == 404)
        #expect(gone?.kafkaErrorCode == 40403)
        #expect(apiError { try f.cp.deleteTopic(clusterID: c, name: "orders") }?.kafkaErrorCode == 40403)
    }

    /// Kafka's `Utils.murmur2` reference vectors (from Kafka's UtilsTest), and keys landing where
    /// Kafka's default partitioner puts them.
    @Test func keysArePartitionedLikeKafka() throws {
        let f = try Fixture()
        let c = f.cp.defaults.kafkaClusterID
        _ = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "keyed", partitionsCount: 6))
        let producer = try f.cp.producer(clusterID: c, topic: "keyed")
        // murmur2("21") = -973932308, toPositive → 1173551340, % 6 = 0; murmur2("foobar") = -790332482 → % 6 = 2.
        let keys = ["21", "foobar", "a-little-bit-long-string", "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"]
        let expected: [Int32] = [-973_932_308, -790_332_482, -985_981_536, -58_897_971]
        var perPartition: [Int: Int64] = [:]
        for (key, hash) in zip(keys, expected) {
            let partition = Int(UInt32(bitPattern: hash) & 0x7fff_ffff) % 6
            perPartition[partition, default: 0] += 1
            let r = producer.produce([KafkaProduceRecord(key: string(key), value: string("v"))])[0]
            #expect(r.succeeded)
            #expect(r.partitionID == partition, "key \(key)")
        }
        // Same key, same partition, increasing offsets.
        let a = producer.produce([KafkaProduceRecord(key: string("21"), value: string("x"))])[0]
        #expect(a.partitionID == 0)
        #expect(a.offset == perPartition[0])
        // Explicit partition wins; a missing one is a per-record 40403.
        let explicit = producer.produce([KafkaProduceRecord(partitionID: 5, key: string("21"), value: nil),
                                         KafkaProduceRecord(partitionID: 9, value: string("v"))])
        #expect(explicit[0].partitionID == 5)
        #expect(explicit[1].errorCode == 40403)
    }

    @Test func produceThenReadBack() throws {
        let f = try Fixture()
        let c = f.cp.defaults.kafkaClusterID
        _ = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "events", partitionsCount: 2))
        let json = KafkaData(type: .json, bytes: Array(#"{"n":1}"#.utf8))
        let r = try f.cp.produce(clusterID: c, topic: "events",
                                 KafkaProduceRecord(partitionID: 1, headers: [KafkaHeader(name: "h", value: [1, 2])],
                                                    key: string("k"), value: json, timestamp: 1_700_000_000_123))
        #expect(r.succeeded)
        #expect(r.partitionID == 1 && r.offset == 0 && r.timestamp == 1_700_000_000_123)
        #expect(r.key?.type == .string && r.key?.size == 1)
        #expect(r.value?.type == .json && r.value?.size == 7)
        let producer = try f.cp.producer(clusterID: c, topic: "events")
        let many = producer.produce((0..<10).map { KafkaProduceRecord(partitionID: 0, value: string("r\($0)")) })
        #expect(many.map(\.offset) == (0..<10).map(Int64.init))

        let p1 = try f.cp.readRecords(clusterID: c, topic: "events", KafkaReadRequest(partition: 1))
        #expect(p1.records.count == 1)
        #expect(p1.records[0].key == Array("k".utf8))
        #expect(p1.records[0].value == Array(#"{"n":1}"#.utf8))
        #expect(p1.records[0].headers == [KafkaHeader(name: "h", value: [1, 2])])
        #expect(p1.records[0].timestamp == 1_700_000_000_123)
        #expect(p1.isolation == .readCommitted)

        let page = try f.cp.readRecords(clusterID: c, topic: "events", KafkaReadRequest(partition: 0, offsets: [0: 3], max: 4))
        #expect(page.records.map(\.offset) == [3, 4, 5, 6])
        #expect(page.nextOffsets == [0: 7])
        #expect(!page.atEnd)
        let all = try f.cp.readRecords(clusterID: c, topic: "events", KafkaReadRequest(max: 100))
        #expect(all.records.count == 11)
        #expect(all.records.map(\.partitionID) == Array(repeating: 0, count: 10) + [1])
        #expect(all.atEnd)
        #expect(apiError { _ = try f.cp.readRecords(clusterID: c, topic: "events", KafkaReadRequest(partition: 7)) }?.kafkaErrorCode == 40403)
        #expect(apiError { _ = try f.cp.readRecords(clusterID: c, topic: "events", KafkaReadRequest(max: 0)) }?.status == 400)
    }

    @Test func deletedTopicRefusesFurtherWrites() throws {
        let f = try Fixture()
        let c = f.cp.defaults.kafkaClusterID
        _ = try f.cp.createTopic(clusterID: c, CreateTopicRequest(name: "doomed", partitionsCount: 1))
        let producer = try f.cp.producer(clusterID: c, topic: "doomed")   // e.g. a running job's sink
        #expect(producer.produce([KafkaProduceRecord(value: string("a"))])[0].succeeded)
        try f.cp.deleteTopic(clusterID: c, name: "doomed")
        let after = producer.produce([KafkaProduceRecord(value: string("b"))])[0]
        #expect(after.errorCode == 40403)
    }

    @Test func recordsAndTopicsSurviveARestart() throws {
        let dir = NSTemporaryDirectory() + "cp-kafka-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/flinkcloud.sqlite"
        do {
            let cp = try ControlPlane.open(path: path, seed: 3, clock: ManualClock())
            let c = cp.defaults.kafkaClusterID
            _ = try cp.createTopic(clusterID: c, CreateTopicRequest(name: "kept", partitionsCount: 3, configs: [("retention.ms", "1000")]))
            let producer = try cp.producer(clusterID: c, topic: "kept")
            _ = producer.produce((0..<30).map { KafkaProduceRecord(key: string("k\($0)"), value: string("v\($0)")) })
            cp.close()
        }
        let cp = try ControlPlane.open(path: path, seed: 3, clock: ManualClock())
        let c = cp.defaults.kafkaClusterID
        let topic = try cp.topic(clusterID: c, name: "kept")
        #expect(topic.partitionsCount == 3)
        #expect(topic.configs == ["retention.ms": "1000"])
        let all = try cp.readRecords(clusterID: c, topic: "kept", KafkaReadRequest(max: 100))
        #expect(all.records.count == 30)
        #expect(Set(all.records.compactMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }) == Set((0..<30).map { "v\($0)" }))
        cp.close()
    }
}
