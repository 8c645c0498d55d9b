import Glibc
import Synchronization
import Testing
@testable import Runtime

/// A sink that blocks until `gate` opens.
final class GatedSink: SinkFunction {
    let shared: Shared
    init(_ shared: Shared) { self.shared = shared }
    func write(_ row: Row) throws {
        while !shared.gate.withLock({ $0 }) { usleep(1000) }
        shared.count.add(1, ordering: .relaxed)
    }
}

final class Shared: Sendable {
    let gate = Mutex(false)
    let count = Atomic<Int>(0)
}

@Suite struct ExecutionTests {
    @Test func slowSinkBoundsInFlightRecords() throws {
        let shared = Shared()
        let schema = RowSchema([.init("id", DataType(.bigint)), .init("s", DataType(.string))])
        var g = JobGraph()
        let src = g.addSource(name: "gen", parallelism: 1) { i in
            try DatagenSource(schema: schema, options: ["rows-per-second": "100000000", "number-of-rows": "1000000",
                                                       "fields.id.kind": "sequence", "fields.id.start": "1", "fields.id.end": "1000000",
                                                       "fields.s.length": "10"],
                              subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in
            SinkOperator(GatedSink(shared))
        }
        g.connect(src, to: sink, .rebalance)
        let runner = JobRunner(graph: g)
        try runner.start()
        usleep(300_000)
        let produced = runner.metricsSnapshot()[src].recordsOut
        #expect(produced < 20_000, "source ran ahead of a blocked sink: \(produced)")
        #expect(runner.status == .running)
        shared.gate.withLock { $0 = true }
        #expect(runner.awaitTermination() == .finished)
        #expect(shared.count.load(ordering: .relaxed) == 1_000_000)
    }

    @Test(arguments: [1, 2, 3])
    func datagenSequenceIsSplitOverSubtasks(parallelism: Int) throws {
        let schema = RowSchema([.init("id", DataType(.int)), .init("name", DataType(.string)), .init("price", DataType(.double))])
        var g = JobGraph()
        let src = g.addSource(name: "gen", parallelism: parallelism) { i in
            try DatagenSource(schema: schema, options: ["rows-per-second": "1000000", "fields.id.kind": "sequence",
                                                       "fields.id.start": "1", "fields.id.end": "100",
                                                       "fields.name.length": "5", "fields.price.min": "1", "fields.price.max": "2"],
                              subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let result = CollectResult()
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(src, to: sink, .global)
        try JobRunner.runToCompletion(g)
        let rows = result.materialized
        #expect(rows.map { $0.values[0] }.sorted { Value.compare($0, $1) < 0 } == (1...100).map { Value.int(Int64($0)) })
        #expect(rows.allSatisfy { r in if case let .string(s) = r.values[1] { return s.count == 5 }; return false })
        #expect(rows.allSatisfy { r in if case let .double(d) = r.values[2] { return d >= 1 && d <= 2 }; return false })
    }

    @Test func errorInChainedOperatorFailsTheJob() throws {
        let rows = (0..<5000).map { Row([.int(Int64($0))]) }
        var g = JobGraph()
        let src = g.addSource(name: "values", parallelism: 1) { i in ValuesSource(rows: rows, subtask: i.subtaskIndex, parallelism: 1) }
        let calc = g.addOperator(name: "calc", kind: "Calc", parallelism: 1) { _ in
            CalcOperator(projections: [{ r in
                if r.values[0] == .int(4000) { throw RuntimeError(code: "cast", detail: "CAST('x' AS INT) failed") }
                return r.values[0]
            }])
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in SinkOperator(BlackholeSink()) }
        g.connect(src, to: calc)
        g.connect(calc, to: sink)
        #expect(JobRunner.chains(g) == [nil, 0, 1])
        let runner = JobRunner(graph: g)
        try runner.start()
        #expect(runner.awaitTermination() == .failed)
        #expect(runner.failure?.detail.contains("CAST('x' AS INT) failed") == true)
    }

    @Test func cancelStopsAnUnboundedJob() throws {
        let schema = RowSchema([.init("id", DataType(.bigint))])
        var g = JobGraph()
        let src = g.addSource(name: "gen", parallelism: 2) { i in
            try DatagenSource(schema: schema, options: ["rows-per-second": "1000"], subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 2) { _ in SinkOperator(BlackholeSink()) }
        g.connect(src, to: sink, .rebalance)
        let runner = JobRunner(graph: g)
        try runner.start()
        usleep(50_000)
        #expect(runner.status == .running)
        runner.cancel()
        #expect(runner.awaitTermination(seconds: 5) == .canceled)
    }

    @Test func graphDescriptionListsNodesAndShipStrategies() {
        var g = JobGraph()
        let a = g.addSource(name: "src", parallelism: 2) { i in ValuesSource(rows: [], subtask: i.subtaskIndex, parallelism: 2) }
        let b = g.addOperator(name: "agg", kind: "GroupAggregate", parallelism: 2) { _ in UnionOperator() }
        g.connect(a, to: b, .hash(KeySelector([0, 2])))
        let d = g.graphDescription
        #expect(d.nodes.map(\.name) == ["src", "agg"])
        #expect(d.edges.first?.shipStrategy == "HASH[$0, $2]")
    }
}
