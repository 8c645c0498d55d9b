import Foundation
import Testing
@testable import Runtime

/// Consumer lag is end offset − committed offset, and a checkpointing Kafka source commits its offsets
/// only when a checkpoint completes (Flink's `commit.offsets.on.checkpoint`): between checkpoints the lag
/// stays at what was read since the last one, even when the source has read everything.
@Suite struct ConsumerLagTests {
    static func partitions(_ job: SupervisedJob) -> [SourcePartitionPosition] {
        job.runner?.metricsSnapshot()[0].partitions ?? []
    }

    static func waitFor(_ seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(2000)
        }
        return condition()
    }

    /// Every partition read to its end offset (positions published).
    static func caughtUp(_ job: SupervisedJob) -> Bool {
        let p = partitions(job)
        return p.count == 4 && p.allSatisfy { $0.position == $0.endOffset }
    }

    static func totalLag(_ job: SupervisedJob) -> Int64 { partitions(job).reduce(0) { $0 + $1.lag } }

    @Test func lagStaysUntilACheckpointCompletesThenDrops() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(800)
        let job = try pipeline.job(parallelism: 2, mode: .exactlyOnce)
        try job.start(from: .fresh, timerPeriodMillis: nil)
        defer { job.cancel(); _ = job.awaitTermination(seconds: 20) }

        // Everything read, nothing committed yet: the lag is every record.
        #expect(Self.waitFor { Self.caughtUp(job) })
        #expect(Self.totalLag(job) == 800)
        #expect(Self.partitions(job).allSatisfy { $0.committed == 0 && $0.position > 0 })

        let first = try CheckpointPipeline.checkpoint(job)
        #expect(Self.waitFor { job.runner?.allNotified(of: first.id) == true })
        #expect(Self.waitFor { Self.totalLag(job) == 0 }, "lag after checkpoint \(first.id): \(Self.partitions(job))")
        #expect(Self.partitions(job).allSatisfy { $0.committed == $0.endOffset })

        // New records: read at once, but the lag stays until the next checkpoint completes.
        try pipeline.produce(300)
        #expect(Self.waitFor { Self.caughtUp(job) && Self.partitions(job).reduce(0) { $0 + $1.endOffset } == 1100 })
        usleep(50_000)
        #expect(Self.totalLag(job) == 300, "\(Self.partitions(job))")

        let second = try CheckpointPipeline.checkpoint(job)
        #expect(second.id > first.id)
        #expect(Self.waitFor { Self.totalLag(job) == 0 }, "lag after checkpoint \(second.id): \(Self.partitions(job))")
    }

    @Test func withoutCheckpointsOffsetsAreCommittedAsRead() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(400)
        let runner = JobRunner(graph: pipeline.graph(parallelism: 1, mode: .atLeastOnce))
        try runner.start()
        defer { runner.cancel(); runner.awaitTermination() }
        #expect(Self.waitFor {
            let p = runner.metricsSnapshot()[0].partitions
            return p.count == 4 && p.allSatisfy { $0.position == $0.endOffset }
        })
        #expect(Self.waitFor { runner.metricsSnapshot()[0].partitions.allSatisfy { $0.lag == 0 && $0.committed == $0.position } })
    }

    @Test func aGroupSourceCommitsItsGroupOffsetsOnCheckpoint() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(200)
        let store = pipeline.topics
        var options = KafkaSource.Options(topic: "events", width: 2,
                                          value: KafkaFormat(kind: .json, schema: CheckpointPipeline.eventSchema, positions: [0, 1]))
        options.group = "lag-group"
        let opts = options
        var g = JobGraph()
        let src = g.addSource(name: "events", parallelism: 1, uid: "source-events") { i in
            KafkaSource(store: store, options: opts, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1, uid: "sink") { _ in SinkOperator(BlackholeSink()) }
        g.connect(src, to: sink)
        var config = CheckpointConfig(interval: 0, mode: .exactlyOnce, directory: pipeline.dir + "/checkpoints/group")
        config.retained = 2
        let job = try SupervisedJob(job: "group", graph: g, checkpoint: config, store: pipeline.metadata, restartStrategy: .none)
        try job.start(from: .fresh, timerPeriodMillis: nil)
        defer { job.cancel(); _ = job.awaitTermination(seconds: 20) }
        #expect(Self.waitFor { Self.caughtUp(job) })
        #expect((0..<4).allSatisfy { store.committedOffset(group: "lag-group", topic: "events", partition: $0) == nil })
        try CheckpointPipeline.checkpoint(job)
        #expect(Self.waitFor {
            (0..<4).map { store.committedOffset(group: "lag-group", topic: "events", partition: $0) ?? -1 }.reduce(0, +) == 200
        })
    }
}
