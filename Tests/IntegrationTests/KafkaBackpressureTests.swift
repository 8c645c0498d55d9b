import API
import ControlPlane
import Foundation
import HTTP
import Model
import Runtime
import Testing
import TestSupport

/// Issue 5's backpressure point: 1M records streamed through Kafka REST's chunked produce.
/// In one process, into a topic that a running job consumes into a blocked sink: the job's channels are
/// bounded, so its source stops reading; once the sink is released it receives all 1M records.
/// Against the real server process: its memory stays bounded (produce buffers are bounded, the topic is
/// on disk). The memory bound is measured on the server's own process, because this test process runs
/// other suites at the same time.
@Suite(.serialized) struct KafkaBackpressureTests {
    static let records = 1_000_000

    @Test func blockedSinkHoldsTheSourceBackWhileOneMillionRecordsAreProduced() throws {
        let dir = FlinkCloudProcess.temporaryDirectory("kafka-bp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cp = try ControlPlane.open(path: dir + "/flinkcloud.sqlite")
        defer { cp.close() }
        let api = APIService(controlPlane: cp, authRequired: false, links: BaseURL(external: nil, fallback: "http://127.0.0.1"),
                             logger: Logger(level: .error))
        let server = try TestServer(router: api.makeRouter())
        defer { server.stop() }
        let cluster = cp.defaults.kafkaClusterID
        _ = try cp.createTopic(clusterID: cluster, CreateTopicRequest(name: "bp", partitionsCount: 4))
        let store = try cp.topicStore(clusterID: cluster)

        // The job: kafka source (2 subtasks) → a sink that blocks until the gate opens.
        let gate = Gate()
        var g = JobGraph()
        let opts = KafkaSource.Options(topic: "bp", width: 1,
                                       value: KafkaFormat(kind: .raw, schema: RowSchema([.init("v", DataType(.string))]), positions: [0]))
        let src = g.addSource(name: "bp", parallelism: 2) { i in
            KafkaSource(store: store, options: opts, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let sink = g.addOperator(name: "blocked", kind: "Sink", parallelism: 1) { _ in SinkOperator(GatedSink(gate)) }
        g.connect(src, to: sink, .global)
        let runner = JobRunner(graph: g)
        try runner.start()
        defer { gate.open(); runner.cancel(); _ = runner.awaitTermination(seconds: 10) }

        let acked = try Self.streamProduce(port: server.port, path: "/kafka/v3/clusters/\(cluster)/topics/bp/records",
                                           records: Self.records, authorization: nil)
        #expect(acked == Self.records)
        #expect(gate.received < Self.records / 10, "the sink was blocked: backpressure held the job back")
        #expect(store.topic("bp")!.endOffsets.reduce(0, +) == Int64(Self.records))

        // Released, the job catches up on everything that was produced.
        gate.open()
        let deadline = Date().addingTimeInterval(120)
        while gate.received < Self.records && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(gate.received == Self.records)
    }

    @Test func serverMemoryStaysBoundedWhileOneMillionRecordsAreProduced() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let cluster = try server.defaultKafkaCluster()
        let base = "/kafka/v3/clusters/\(cluster)/topics"
        #expect(try server.client().send("POST", base, json: #"{"topic_name":"bp","partitions_count":4}"#).status == 201)
        let baseline = server.rssKiB ?? 0
        let peak = PeakSampler(server)
        let acked = try Self.streamProduce(port: server.port, path: base + "/bp/records",
                                           records: Self.records, authorization: server.authorization)
        let peakKiB = max(peak.stop(), server.rssKiB ?? 0)
        #expect(acked == Self.records)
        let growthMB = Double(peakKiB - baseline) / 1024
        #expect(growthMB < 150, "the server's RSS grew by \(growthMB) MB while \(Self.records) records were produced")
    }

    /// One chunked produce request: a writer thread streams the records while this thread counts the
    /// delivery reports. Returns the number with error_code 200.
    static func streamProduce(port: Int, path: String, records: Int, authorization: String?) throws -> Int {
        let stream = try ChunkedStreamClient(port: port, path: path, authorization: authorization)
        let writer = Thread {
            var batch: [UInt8] = []
            batch.reserveCapacity(70_000)
            for i in 0..<records {
                batch += #"{"value":{"type":"STRING","data":"r\#(i)"}}"#.utf8
                if batch.count >= 64_000 { stream.send(batch); batch.removeAll(keepingCapacity: true) }
            }
            stream.send(batch)
            stream.finish()
        }
        writer.start()
        var ok = 0
        while true {
            let lines = stream.readLines(10_000)
            if lines.isEmpty { break }
            ok += lines.filter { $0.hasPrefix(#"{"error_code":200"#) }.count
            if stream.ended && lines.count < 10_000 { break }
        }
        return ok
    }
}

/// Samples a server's RSS every 20 ms until stopped; returns the peak.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var running = true

    init(_ server: FlinkCloudProcess) {
        Thread.detachNewThread { [self] in
            while true {
                lock.lock(); let go = running; lock.unlock()
                guard go else { return }
                let now = server.rssKiB ?? 0
                lock.lock(); peak = max(peak, now); lock.unlock()
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    func stop() -> Int { lock.lock(); defer { lock.unlock() }; running = false; return peak }
}

/// Blocks its sink until opened; counts what it received.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    private var count = 0

    func open() { condition.lock(); isOpen = true; condition.broadcast(); condition.unlock() }

    func pass() {
        condition.lock()
        while !isOpen { condition.wait() }
        count += 1
        condition.unlock()
    }

    /// Rows that reached the sink (the first one waits at the gate until it opens).
    var received: Int { condition.lock(); defer { condition.unlock() }; return count }
}

final class GatedSink: SinkFunction {
    let gate: Gate
    init(_ gate: Gate) { self.gate = gate }
    func write(_ row: Row) throws { gate.pass() }
}
