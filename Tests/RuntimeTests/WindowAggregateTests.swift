import Testing
@testable import Runtime

@Suite struct WindowAggregateTests {
    static let lateInput = """
    {"id":1,"k":"a","ts":"2024-01-01 00:00:00.000","v":1}
    {"id":2,"k":"a","ts":"2024-01-01 00:00:59.999","v":2}
    {"id":3,"k":"a","ts":"2024-01-01 00:01:00.000","v":4}
    {"id":4,"k":"b","ts":"2024-01-01 00:00:58.000","v":8}
    {"id":5,"k":"a","ts":"2024-01-01 00:01:04.999","v":16}
    {"id":6,"k":"b","ts":"2024-01-01 00:00:59.000","v":32}
    {"id":7,"k":"a","ts":"2024-01-01 00:00:59.999","v":64}
    {"id":8,"k":"b","ts":"2024-01-01 00:01:30.000","v":128}
    {"id":9,"k":"a","ts":"2024-01-01 00:02:04.999","v":256}
    {"id":10,"k":"b","ts":"2024-01-01 00:01:59.999","v":512}
    {"id":11,"k":"b","ts":"2024-01-01 00:02:00.000","v":1024}
    {"id":12,"k":"a","ts":"2024-01-01 00:01:58.000","v":2048}
    {"id":13,"k":"a","ts":"2024-01-01 00:03:10.000","v":4096}
    {"id":14,"k":"b","ts":"2024-01-01 00:03:04.000","v":8192}
    {"id":15,"k":"a","ts":"2024-01-01 00:02:59.999","v":16384}
    {"id":16,"k":"b","ts":"2024-01-01 00:05:00.000","v":32768}
    {"id":17,"k":"a","ts":"2024-01-01 00:04:00.000","v":65536}
    {"id":18,"k":"b","ts":"2024-01-01 00:03:59.999","v":131072}

    """
    static let schema = RowSchema([.init("id", DataType(.int)), .init("k", DataType(.string)),
                                   .init("ts", DataType(.timestamp(precision: 3))), .init("v", DataType(.bigint))])

    /// Conformance case 008: late rows are dropped once their window fired; a row at window end belongs
    /// to the next window; file source → watermark (ts − 5 s) → TUMBLE 1 min → collect.
    @Test func tumbleDropsLateRowsAndRespectsBoundaries() throws {
        let path = TestGraphs.tempFile(Self.lateInput)
        var g = JobGraph()
        let src = g.addSource(name: "events", parallelism: 1) { info in
            try FileSource(path: path, format: .json(JSONRowDecoder(schema: Self.schema)),
                           subtask: info.subtaskIndex, parallelism: info.parallelism)
        }
        let wm = g.addOperator(name: "wm", kind: "WatermarkAssigner", parallelism: 1) { _ in
            WatermarkAssigner(rowtimeIndex: 2, delayMillis: 5000)
        }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint, nullable: false)),
                    AggregateCall(.sum, argument: 3, inputType: DataType(.bigint), resultType: DataType(.bigint)),
                    AggregateCall(.min, argument: 0, inputType: DataType(.int), resultType: DataType(.int)),
                    AggregateCall(.max, argument: 0, inputType: DataType(.int), resultType: DataType(.int))]
        let win = g.addOperator(name: "window", kind: "WindowAggregate", parallelism: 1) { _ in
            WindowAggregateOperator(keys: [], timeIndex: 2, window: .tumble(size: 60_000), aggregates: aggs)
        }
        let result = CollectResult()
        let sink = g.addOperator(name: "collect", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(src, to: wm)
        g.connect(wm, to: win, .global)
        g.connect(win, to: sink)
        let runner = JobRunner(graph: g)
        try runner.start()
        #expect(runner.awaitTermination() == .finished)
        let got = TestGraphs.sorted(result.materialized)
        #expect(got == [
            "+I[3, 11, 1, 4, 2024-01-01 00:00:00.000, 2024-01-01 00:01:00.000, 2024-01-01 00:00:59.999]",
            "+I[3, 148, 3, 8, 2024-01-01 00:01:00.000, 2024-01-01 00:02:00.000, 2024-01-01 00:01:59.999]",
            "+I[2, 1280, 9, 11, 2024-01-01 00:02:00.000, 2024-01-01 00:03:00.000, 2024-01-01 00:02:59.999]",
            "+I[2, 12288, 13, 14, 2024-01-01 00:03:00.000, 2024-01-01 00:04:00.000, 2024-01-01 00:03:59.999]",
            "+I[1, 65536, 17, 17, 2024-01-01 00:04:00.000, 2024-01-01 00:05:00.000, 2024-01-01 00:04:59.999]",
            "+I[1, 32768, 16, 16, 2024-01-01 00:05:00.000, 2024-01-01 00:06:00.000, 2024-01-01 00:05:59.999]",
        ].sorted())
        #expect(runner.metricsSnapshot()[win].lateRecordsDropped == 6)
        #expect(runner.metricsSnapshot()[src].recordsOut == 18)
    }

    static func events(_ n: Int, keys: Int) -> [Row] {
        (0..<n).map { i in
            Row([.string("k\(i % keys)"), .timestamp(Int64(i) * 7_000_000), .double(Double(i % 10)), .int(Int64(i))])
        }
    }

    static let aggs = [
        AggregateCall(.countStar, resultType: DataType(.bigint, nullable: false)),
        AggregateCall(.sum, argument: 2, inputType: DataType(.double), resultType: DataType(.double)),
        AggregateCall(.avg, argument: 3, inputType: DataType(.bigint), resultType: DataType(.bigint)),
    ]

    @Test(arguments: [WindowSpec.tumble(size: 60_000), .hop(size: 60_000, slide: 20_000),
                      .cumulate(maxSize: 60_000, step: 20_000), .session(gap: 10_000)])
    func parallelismOneAndTwoAgree(window: WindowSpec) throws {
        let rows = Self.events(2000, keys: 7)
        @Sendable func make() -> any StreamOperator {
            if case let .session(gap) = window {
                return SessionWindowOperator(keys: [0], timeIndex: 1, gap: gap, aggregates: Self.aggs)
            }
            return WindowAggregateOperator(keys: [0], timeIndex: 1, window: window, aggregates: Self.aggs)
        }
        let p1 = try TestGraphs.run(rows: rows, parallelism: 1, rowtime: 1, keys: [0]) { make() }
        let p2 = try TestGraphs.run(rows: rows, parallelism: 2, rowtime: 1, keys: [0], spreadSource: false) { make() }
        #expect(!p1.changelog.isEmpty)
        #expect(TestGraphs.sorted(p1.changelog) == TestGraphs.sorted(p2.changelog))
        // Every row is counted exactly once per window it belongs to.
        let total = p1.changelog.reduce(Int64(0)) { acc, r in if case let .int(c) = r.values[1] { return acc + c }; return acc }
        switch window {
        case .tumble, .session: #expect(total == 2000)
        case .hop: #expect(total == 6000)
        case .cumulate: #expect(total > 2000)
        }
    }

    @Test func hopAssignsEveryOverlappingWindow() {
        var out: [(start: Int64, end: Int64)] = []
        WindowSpec.hop(size: 60, slide: 20).assign(45, into: &out)
        #expect(out.map(\.start) == [40, 20, 0])
        WindowSpec.cumulate(maxSize: 60, step: 20).assign(45, into: &out)
        #expect(out.map(\.end) == [60])
        WindowSpec.cumulate(maxSize: 60, step: 20).assign(5, into: &out)
        #expect(out.map(\.end) == [20, 40, 60])
        WindowSpec.tumble(size: 60).assign(-1, into: &out)
        #expect(out.map(\.start) == [-60])
    }

    @Test func touchingSessionsMerge() throws {
        let rows = [0, 10, 25, 40].map { Row([.string("a"), .timestamp(Int64($0) * 60_000_000)]) }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint))]
        let (out, _) = try TestGraphs.run(rows: rows, parallelism: 1, rowtime: 1, keys: [0]) {
            SessionWindowOperator(keys: [0], timeIndex: 1, gap: 600_000, aggregates: aggs)
        }
        // 0 and 10 touch (10 = 0 + gap) → one session [0, 20); 25 alone; 40 alone.
        #expect(out.map { $0.values[1] } == [.int(2), .int(1), .int(1)])
        #expect(out[0].values[2] == .timestamp(0) && out[0].values[3] == .timestamp(20 * 60_000_000))
    }
}
