import ControlPlane
import Foundation
import Model
import Runtime
import Synchronization
import Testing
import TestSupport

/// A metrics source over real `JobRunner`s (what the executor provides in production).
final class RunnerMetrics: JobMetricsSource {
    let runners = Mutex<[String: JobRunner]>([:])
    func liveMetrics(jobID: String) -> LiveJobMetrics? {
        guard let r = runners.withLock({ $0[jobID] }) else { return nil }
        return LiveJobMetrics(report: r.metricsReport(), restarts: 0)
    }
}

/// Counts what reaches it and drops it (a blackhole sink).
final class DiscardSink: StreamOperator {
    func processElement(_ row: Row, input: Int, output: Output) throws {}
}

@Suite struct MetricsTests {
    /// kafka source (2 partitions, parallelism 2) → hash → calc → sink.
    static func graph(store: TopicStore) -> JobGraph {
        let schema = RowSchema([.init("k", DataType(.bigint)), .init("v", DataType(.string))])
        var options = KafkaSource.Options(topic: "events", width: 2,
                                          value: KafkaFormat(kind: .json, schema: schema, positions: [0, 1]))
        options.startup = .earliest
        let opts = options
        var g = JobGraph()
        let src = g.addSource(name: "Source: events", parallelism: 2, uid: "src") { i in
            KafkaSource(store: store, options: opts, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let calc = g.addOperator(name: "Calc", kind: "Calc", parallelism: 2, uid: "calc") { _ in
            CalcOperator(projections: [{ $0.values[0] }, { $0.values[1] }])
        }
        g.connect(src, to: calc, .hash(KeySelector([0])))
        let sink = g.addOperator(name: "Sink: blackhole", kind: "Sink", parallelism: 2, uid: "sink") { _ in DiscardSink() }
        g.connect(calc, to: sink, .forward)
        return g
    }

    static func produce(_ topic: Topic, _ range: Range<Int>) throws {
        for i in range {
            _ = try topic.produce(TopicRecord(timestamp: 1_700_000_000_000, key: nil,
                                              value: Array("{\"k\":\(i),\"v\":\"x\(i)\"}".utf8)), partition: i % 2)
        }
    }

    @Test func countsEqualRecordsProducedAndLagFallsToZero() throws {
        let clock = ManualClock()
        let cp = try ControlPlane.inMemory(seed: 3, clock: clock)
        let source = RunnerMetrics()
        cp.setMetricsSource(source)
        let job = try cp.createJob(environmentID: cp.defaults.environmentID,
                                   CreateJobRequest(name: "metered", sql: "SELECT 1", parallelism: 2),
                                   by: Principal(apiKeyID: "KEY1", owner: "u-1"))
        _ = try cp.reportJobStatus(jobID: job.id, status: .running)

        let store = try TopicStore(directory: nil, fsync: .never)
        let topic = try store.createTopic("events", partitions: 2)
        try Self.produce(topic, 0..<3000)
        let runner = JobRunner(graph: Self.graph(store: store))
        source.runners.withLock { $0[job.id] = runner }
        try runner.start()
        defer { runner.cancel(); runner.awaitTermination() }

        let sinkID = 2
        #expect(waitFor { runner.metricsReport().vertex(sinkID).recordsIn == 3000 })
        cp.sampleMetrics()
        clock.advance(byMillis: 5000)
        try Self.produce(topic, 3000..<5000)
        #expect(waitFor { runner.metricsReport().vertex(sinkID).recordsIn == 5000 })
        // Positions are published after each read: wait until the source caught up with both partitions.
        #expect(waitFor { (try? cp.jobMetrics(environmentID: job.environmentID, idOrName: job.id))?.totalConsumerLag == 0 })
        cp.sampleMetrics()

        let m = try cp.jobMetrics(environmentID: job.environmentID, idOrName: job.id)
        #expect(m.isLive)
        #expect(m.recordsIn == 5000, "source records = produced records")
        #expect(m.recordsOut == 5000, "sink records = produced records")
        #expect(m.vertices.map(\.totals.recordsIn) == [0, 5000, 5000])
        #expect(m.vertices.map(\.totals.recordsOut) == [5000, 5000, 0])
        #expect(m.vertices[0].subtasks.map(\.recordsOut).reduce(0, +) == 5000)
        #expect(m.vertices.map(\.parallelism) == [2, 2, 2])
        #expect(m.vertices[2].subtasks.count == 2)
        #expect(m.consumerLag.count == 2)
        #expect(m.consumerLag.map(\.endOffset).sorted() == [2500, 2500])
        #expect(m.consumerLag.allSatisfy { $0.lag == 0 && $0.position == $0.endOffset })
        #expect(m.edges.map(\.shipStrategy) == ["HASH", "FORWARD"])
        #expect(m.cfu == 2)
        // Latency is measured at the sink, ingestion → sink.
        let p50 = try #require(m.vertices[2].totals.latencyP50Millis)
        let p99 = try #require(m.latencyP99Millis)
        #expect(p50 >= 0 && p50 <= p99 && p99 < 10_000)
        // Two samples 5 s apart (on the injected clock): the series holds both, the second with 2000 more records.
        let series = m.series
        #expect(series.count == 2)
        #expect(series.last?.recordsIn == 5000)
        #expect(series.first?.recordsIn == 3000)
        #expect(series.last!.recordsInPerSecond > 0)
        let later = try cp.jobMetrics(environmentID: job.environmentID, idOrName: job.id, since: series.first!.timestamp)
        #expect(later.series.count == 1)
    }

    @Test func lagCountsUnreadRecords() throws {
        let store = try TopicStore(directory: nil, fsync: .never)
        let topic = try store.createTopic("events", partitions: 2)
        let cp = try ControlPlane.inMemory(seed: 4)
        let source = RunnerMetrics()
        cp.setMetricsSource(source)
        let job = try cp.createJob(environmentID: cp.defaults.environmentID,
                                   CreateJobRequest(name: "lagging", sql: "SELECT 1", parallelism: 1),
                                   by: Principal(apiKeyID: "KEY1", owner: "u-1"))
        _ = try cp.reportJobStatus(jobID: job.id, status: .running)
        // A subtask that registered its partitions but has read nothing yet.
        let metrics = SubtaskMetrics()
        metrics.registerPartitions([SourcePartitionPosition(topic: "events", partition: 0, position: 0, log: topic.partitions[0]),
                                    SourcePartitionPosition(topic: "events", partition: 1, position: 0, log: topic.partitions[1])])
        try Self.produce(topic, 0..<10)
        metrics.updatePosition(0, offset: 7)
        metrics.updatePosition(1, offset: 5)
        metrics.updateCommitted(0, offset: 2)   // read 7, committed 2 (the last completed checkpoint)
        let report = JobMetricsReport(graph: JobGraphDescription(nodes: [.init(id: 0, uid: "src", name: "Source", kind: "Source", parallelism: 1)],
                                                                 edges: []),
                                      subtasks: [[metrics.snapshot]])
        final class Fixed: JobMetricsSource {
            let report: JobMetricsReport
            init(_ r: JobMetricsReport) { report = r }
            func liveMetrics(jobID: String) -> LiveJobMetrics? { LiveJobMetrics(report: report, restarts: 1) }
        }
        cp.setMetricsSource(Fixed(report))
        let m = try cp.jobMetrics(environmentID: job.environmentID, idOrName: job.id)
        #expect(m.consumerLag.map(\.lag) == [3, 5], "lag = end offset − committed offset, not − position")
        #expect(m.consumerLag.map(\.position) == [7, 5])
        #expect(m.consumerLag.map(\.committed) == [2, 0])
        #expect(m.totalConsumerLag == 8)
        #expect(m.restarts == 1)
        // A job that does not run has no live metrics.
        _ = try cp.reportJobStatus(jobID: job.id, status: .failed, failure: "boom")
        let stopped = try cp.jobMetrics(environmentID: job.environmentID, idOrName: job.id)
        #expect(stopped.recordsInPerSecond == 0)
    }

    @Test func latencyHistogramQuantiles() {
        let h = LatencyHistogram()
        for v in 1...1000 { h.record(micros: Int64(v) * 1000) }   // 1 ms … 1 s
        let c = h.counts
        #expect(c.total == 1000)
        let p50 = Double(c.quantile(0.5)!) / 1000
        let p99 = Double(c.quantile(0.99)!) / 1000
        #expect(p50 >= 500 && p50 <= 500 * 1.2, "p50 \(p50)")
        #expect(p99 >= 990 && p99 <= 990 * 1.2, "p99 \(p99)")
        let before = h.counts
        h.record(micros: 7)
        #expect(h.counts.since(before).total == 1)
        #expect(h.counts.since(before).quantile(0.5) == 7)
    }
}
