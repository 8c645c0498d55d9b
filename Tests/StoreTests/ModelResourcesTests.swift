import Model
import Testing

/// The resource helpers in `Model/Resources` (tested here: ModelTests belongs to the JSON layer).
@Suite struct ModelResourcesTests {
    @Test func idGeneratorIsDeterministicUnderASeed() {
        let a = IDGenerator(seed: 42), b = IDGenerator(seed: 42)
        let fromA = [a.environmentID(), a.computePoolID(), a.kafkaClusterID(), a.jobID(), a.uuid(), a.apiKeyID(), a.apiSecret()]
        let fromB = [b.environmentID(), b.computePoolID(), b.kafkaClusterID(), b.jobID(), b.uuid(), b.apiKeyID(), b.apiSecret()]
        #expect(fromA == fromB)
        #expect(fromA[0].hasPrefix("env-"))
        #expect(fromA[1].hasPrefix("lfcp-"))
        #expect(fromA[2].hasPrefix("lkc-"))
        #expect(fromA[3].hasPrefix("job-"))
        #expect(IDGenerator(seed: 43).environmentID() != IDGenerator(seed: 42).environmentID())
    }

    @Test func uuidHasVersion4Shape() {
        let uuid = IDGenerator(seed: 1).uuid()
        let parts = uuid.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect(["8", "9", "a", "b"].contains(parts[3].first!))
    }

    @Test func unseededSecretsDiffer() {
        let ids = IDGenerator()
        #expect(ids.apiSecret() != ids.apiSecret())
        #expect(ids.randomBytes(count: 16).count == 16)
    }

    @Test func timestampsFormatAsRFC3339UTC() {
        #expect(Timestamp.rfc3339(millis: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.rfc3339(millis: 1_748_772_000_000) == "2025-06-01T10:00:00Z")
        #expect(Timestamp.rfc3339(millis: 951_782_400_123) == "2000-02-29T00:00:00.123Z")
        #expect(Timestamp.rfc3339(millis: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func jobFilterParsesLabelSelector() {
        #expect(JobFilter(label: "team=data") == JobFilter(labelKey: "team", labelValue: "data"))
        #expect(JobFilter(label: "team") == JobFilter(labelKey: "team"))
        #expect(JobFilter(label: "a=b=c").labelValue == "b=c")
        #expect(JobFilter(label: "") == JobFilter())
    }

    @Test func configFlattensInStableOrder() {
        let config = JobConfig(parallelism: 2, computePoolID: "lfcp-1", labels: ["b": "2", "a": "1"])
        #expect(config.flattened.map(\.key) == ["parallelism", "checkpoint_interval", "checkpoint_mode", "compute_pool_id",
                                                "auto_rollback", "labels.a", "labels.b"])
        var probation = config
        probation.rollbackProbationMillis = 5000
        #expect(probation.flattened.map(\.key).contains("rollback_probation"))
    }
}
