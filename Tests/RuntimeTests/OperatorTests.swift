import Testing
@testable import Runtime

@Suite struct OperatorTests {
    static func r(_ v: [Value], _ k: RowKind = .insert) -> Row { Row(v, kind: k) }

    @Test(arguments: [1, 2])
    func groupAggregateProducesChangelog(parallelism: Int) throws {
        let rows = [("a", 1), ("b", 5), ("a", 3), ("c", 4), ("a", 2)].map { Self.r([.string($0.0), .int(Int64($0.1))]) }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.sum, argument: 1, inputType: DataType(.int), resultType: DataType(.int)),
                    AggregateCall(.avg, argument: 1, inputType: DataType(.int), resultType: DataType(.int)),
                    AggregateCall(.max, argument: 1, inputType: DataType(.int), resultType: DataType(.int))]
        let (out, _) = try TestGraphs.run(rows: rows, parallelism: parallelism, rowtime: nil, keys: [0]) {
            GroupAggregateOperator(keys: [0], aggregates: aggs)
        }
        #expect(TestGraphs.sorted(CollectResult.materialize(out)) == ["+I[a, 3, 6, 2, 3]", "+I[b, 1, 5, 5, 5]", "+I[c, 1, 4, 4, 4]"])
        // a: +I, -U/+U, -U/+U
        #expect(out.filter { $0.kind == .updateBefore }.count == 2)
        #expect(out.filter { $0.kind == .insert }.count == 3)
    }

    @Test func groupAggregateRetractsAndDeletes() throws {
        let rows = [Self.r([.string("a"), .int(5)]), Self.r([.string("a"), .int(7)]),
                    Self.r([.string("a"), .int(7)], .updateBefore), Self.r([.string("a"), .int(5)], .delete)]
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.max, argument: 1, inputType: DataType(.int), resultType: DataType(.int))]
        let (out, _) = try TestGraphs.run(rows: rows, parallelism: 1, rowtime: nil, keys: [0]) {
            GroupAggregateOperator(keys: [0], aggregates: aggs)
        }
        #expect(out.map { $0.kind.shortString + TestGraphs.sorted([Row($0.values)])[0] } == [
            "+I+I[a, 1, 5]", "-U+I[a, 1, 5]", "+U+I[a, 2, 7]", "-U+I[a, 2, 7]", "+U+I[a, 1, 5]", "-D+I[a, 1, 5]"])
        #expect(CollectResult.materialize(out).isEmpty)
    }

    @Test func distinctCountAndNullSemantics() {
        let agg = Aggregator([AggregateCall(.count, argument: 0, distinct: true, inputType: DataType(.int), resultType: DataType(.bigint)),
                              AggregateCall(.count, argument: 0, inputType: DataType(.int), resultType: DataType(.bigint)),
                              AggregateCall(.sum, argument: 0, inputType: DataType(.int), resultType: DataType(.int)),
                              AggregateCall(.min, argument: 0, inputType: DataType(.int), resultType: DataType(.int))],
                             retractable: true)
        var accs = agg.createAccumulators()
        var values: [Value] = []
        agg.results(accs, into: &values)
        #expect(values == [.int(0), .int(0), .null, .null])  // all-NULL/empty: SUM and MIN are NULL
        for v in [Value.int(1), .int(1), .null, .int(2)] { agg.apply(&accs, Row([v]), retract: false) }
        values = []
        agg.results(accs, into: &values)
        #expect(values == [.int(2), .int(3), .int(4), .int(1)])
        agg.apply(&accs, Row([.int(1)]), retract: true)
        values = []
        agg.results(accs, into: &values)
        #expect(values == [.int(2), .int(2), .int(3), .int(1)])
    }

    /// Flink: AVG of INT is INT (truncated toward zero); SUM of DECIMAL(10,2) is DECIMAL(38,2);
    /// AVG of DECIMAL(10,2) is DECIMAL(38,6) rounded half-up; SUM of INT wraps on overflow.
    @Test func flinkAggregateTypingRules() {
        let dec = DataType(.decimal(precision: 10, scale: 2))
        let agg = Aggregator([AggregateCall(.avg, argument: 0, inputType: DataType(.int), resultType: DataType(.int)),
                              AggregateCall(.sum, argument: 1, inputType: dec, resultType: DataType(.decimal(precision: 38, scale: 2))),
                              AggregateCall(.avg, argument: 1, inputType: dec, resultType: DataType(.decimal(precision: 38, scale: 6))),
                              AggregateCall(.sum, argument: 2, inputType: DataType(.int), resultType: DataType(.int))])
        var accs = agg.createAccumulators()
        agg.apply(&accs, Row([.int(-7), .decimal(100, scale: 2), .int(2_147_483_647)]), retract: false)
        agg.apply(&accs, Row([.int(0), .decimal(100, scale: 2), .int(1)]), retract: false)
        agg.apply(&accs, Row([.int(0), .decimal(200, scale: 2), .int(0)]), retract: false)
        var values: [Value] = []
        agg.results(accs, into: &values)
        #expect(values[0] == .int(-2))                      // -7 / 3 truncates toward zero
        #expect(values[1] == .decimal(400, scale: 2))       // 4.00
        #expect(values[2] == .decimal(1_333_333, scale: 6)) // 1.333333
        #expect(values[3] == .int(-2_147_483_648))          // wraps
        var a2 = agg.createAccumulators()
        agg.apply(&a2, Row([.int(1), .decimal(1, scale: 2), .int(0)]), retract: false)
        agg.apply(&a2, Row([.int(1), .decimal(2, scale: 2), .int(0)]), retract: false)
        agg.apply(&a2, Row([.int(1), .decimal(2, scale: 2), .int(0)]), retract: false)
        values = []
        agg.results(a2, into: &values)
        #expect(values[2] == .decimal(16667, scale: 6))     // 0.016666… → 0.016667 (half-up)
    }

    @Test(arguments: [1, 2])
    func innerAndLeftJoin(parallelism: Int) throws {
        // Two sources: orders (id, key) on input 0, customers (key, name) on input 1.
        let orders = [Self.r([.int(1), .string("x")]), Self.r([.int(2), .string("y")]), Self.r([.int(3), .null]),
                      Self.r([.int(4), .string("x")])]
        let customers = [Self.r([.string("x"), .string("X1")]), Self.r([.string("x"), .string("X2")]),
                         Self.r([.string("z"), .string("Z")])]
        for type in [JoinOperator.JoinType.inner, .left] {
            var g = JobGraph()
            let a = g.addSource(name: "orders", parallelism: parallelism) { i in ValuesSource(rows: orders, subtask: i.subtaskIndex, parallelism: i.parallelism) }
            let b = g.addSource(name: "customers", parallelism: parallelism) { i in ValuesSource(rows: customers, subtask: i.subtaskIndex, parallelism: i.parallelism) }
            let j = g.addOperator(name: "join", kind: "Join", parallelism: parallelism) { _ in
                JoinOperator(type: type, leftKeys: [1], rightKeys: [0], leftArity: 2, rightArity: 2)
            }
            g.connect(a, to: j, input: 0, .hash(KeySelector([1])))
            g.connect(b, to: j, input: 1, .hash(KeySelector([0])))
            let result = CollectResult()
            let s = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
            g.connect(j, to: s, .global)
            try JobRunner.runToCompletion(g)
            let got = TestGraphs.sorted(result.materialized)
            var expected = ["+I[1, x, x, X1]", "+I[1, x, x, X2]", "+I[4, x, x, X1]", "+I[4, x, x, X2]"]
            if type == .left { expected += ["+I[2, y, null, null]", "+I[3, null, null, null]"] }
            #expect(got == expected.sorted(), "\(type)")
        }
    }

    @Test func intervalJoinBoundsInclusiveAndStateCleanup() throws {
        let m: Int64 = 60_000_000
        let shipments = [Self.r([.string("o1"), .timestamp(10 * m)]), Self.r([.string("o2"), .timestamp(30 * m)])]
        let orders = [Self.r([.string("o1"), .timestamp(0)]), Self.r([.string("o1"), .timestamp(10 * m)]),
                      Self.r([.string("o2"), .timestamp(19 * m)]), Self.r([.string("o1"), .timestamp(-1 * m)])]
        var g = JobGraph()
        let a = g.addSource(name: "orders", parallelism: 1) { i in ValuesSource(rows: orders, subtask: i.subtaskIndex, parallelism: 1) }
        let b = g.addSource(name: "shipments", parallelism: 1) { i in ValuesSource(rows: shipments, subtask: i.subtaskIndex, parallelism: 1) }
        let wa = g.addOperator(name: "wa", kind: "WatermarkAssigner", parallelism: 1) { _ in WatermarkAssigner(rowtimeIndex: 1, delayMillis: 0) }
        let wb = g.addOperator(name: "wb", kind: "WatermarkAssigner", parallelism: 1) { _ in WatermarkAssigner(rowtimeIndex: 1, delayMillis: 0) }
        // o.ts BETWEEN s.ts - 10 min AND s.ts
        let j = g.addOperator(name: "ij", kind: "IntervalJoin", parallelism: 1) { _ in
            IntervalJoinOperator(leftKeys: [0], rightKeys: [0], leftTime: 1, rightTime: 1,
                                 lowerBound: -600_000, upperBound: 0, rightArity: 2)
        }
        g.connect(a, to: wa); g.connect(b, to: wb)
        g.connect(wa, to: j, input: 0, .hash(KeySelector([0])))
        g.connect(wb, to: j, input: 1, .hash(KeySelector([0])))
        let result = CollectResult()
        let s = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(j, to: s)
        try JobRunner.runToCompletion(g)
        let got = result.materialized.map { TestGraphs.show($0.values[1]) }.sorted()
        #expect(got == ["1970-01-01 00:00:00.000", "1970-01-01 00:10:00.000"])
        #expect(result.materialized.count == 2)  // o1@0 and o1@10 match s1@10; o2@19 is outside [20, 30]
    }

    @Test(arguments: [1, 2])
    func topNWithRetractions(parallelism: Int) throws {
        let rows = [("a", 10), ("a", 30), ("b", 5), ("a", 20), ("a", 40), ("b", 7)].map { Self.r([.string($0.0), .int(Int64($0.1))]) }
        let (out, _) = try TestGraphs.run(rows: rows, parallelism: parallelism, rowtime: nil, keys: [0]) {
            RankOperator(keys: [0], sort: SortSpec([.init(1, ascending: false)]), rankEnd: 2, outputRankNumber: true)
        }
        #expect(TestGraphs.sorted(CollectResult.materialize(out)) == ["+I[a, 30, 2]", "+I[a, 40, 1]", "+I[b, 5, 2]", "+I[b, 7, 1]"])
    }

    @Test func dedupKeepsEarliestRowtimeWithinWatermarkDelay() throws {
        let s: Int64 = 1_000_000
        let rows = [Self.r([.string("u1"), .timestamp(10 * s), .int(1)]), Self.r([.string("u1"), .timestamp(8 * s), .int(2)]),
                    Self.r([.string("u2"), .timestamp(11 * s), .int(3)]), Self.r([.string("u1"), .timestamp(30 * s), .int(4)]),
                    Self.r([.string("u1"), .timestamp(9 * s), .int(5)])]
        let (out, _) = try TestGraphs.run(rows: rows, parallelism: 1, rowtime: 1, delayMillis: 5000, keys: [0]) {
            DeduplicateOperator(keys: [0], mode: .firstRowtime(1))
        }
        #expect(out.map { $0.values[2] } == [.int(2), .int(3)])
        #expect(out.filter { $0.kind != .insert }.isEmpty)
    }

    @Test func unionTakesMinimumWatermark() throws {
        let m: Int64 = 60_000_000
        let fast = (0..<50).map { Self.r([.string("f"), .timestamp(Int64($0) * m)]) }
        let slow = [Self.r([.string("s"), .timestamp(0)]), Self.r([.string("s"), .timestamp(5 * m)])]
        var g = JobGraph()
        let a = g.addSource(name: "fast", parallelism: 1) { i in ValuesSource(rows: fast, subtask: i.subtaskIndex, parallelism: 1) }
        let b = g.addSource(name: "slow", parallelism: 1) { i in ValuesSource(rows: slow, subtask: i.subtaskIndex, parallelism: 1) }
        let wa = g.addOperator(name: "wa", kind: "WatermarkAssigner", parallelism: 1) { _ in WatermarkAssigner(rowtimeIndex: 1, delayMillis: 0) }
        let wb = g.addOperator(name: "wb", kind: "WatermarkAssigner", parallelism: 1) { _ in WatermarkAssigner(rowtimeIndex: 1, delayMillis: 0) }
        let u = g.addOperator(name: "union", kind: "Union", parallelism: 1) { _ in UnionOperator() }
        g.connect(a, to: wa); g.connect(b, to: wb)
        g.connect(wa, to: u, input: 0); g.connect(wb, to: u, input: 1)
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint))]
        let w = g.addOperator(name: "w", kind: "Window", parallelism: 1) { _ in
            WindowAggregateOperator(keys: [], timeIndex: 1, window: .tumble(size: 600_000), aggregates: aggs)
        }
        g.connect(u, to: w)
        let result = CollectResult()
        let s = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(w, to: s)
        let runner = JobRunner(graph: g)
        try runner.start()
        #expect(runner.awaitTermination() == .finished)
        #expect(result.materialized.reduce(Int64(0)) { if case let .int(c) = $1.values[0] { return $0 + c }; return $0 } == 52)
        #expect(runner.metricsSnapshot()[w].lateRecordsDropped == 0)
    }

    @Test func windowTopN() throws {
        let m: Int64 = 60_000_000
        let rows = [("a", 0, 3), ("b", 1, 9), ("c", 2, 5), ("a", 11, 1), ("b", 12, 2)].map {
            Self.r([.string($0.0), .timestamp(Int64($0.1) * m), .int(Int64($0.2)), .timestamp(((Int64($0.1) / 10) * 10 + 10) * m)])
        }
        let (out, _) = try TestGraphs.run(rows: rows, parallelism: 1, rowtime: 1, keys: []) {
            WindowRankOperator(keys: [], windowEndIndex: 3, sort: SortSpec([.init(2, ascending: false)]), rankEnd: 2, outputRankNumber: true)
        }
        #expect(out.map { TestGraphs.show($0.values[0]) + "\(TestGraphs.show($0.values[4]))" } == ["b1", "c2", "b1", "a2"])
    }

    @Test func failingOperatorFailsTheJob() throws {
        let rows = (0..<10).map { Self.r([.int(Int64($0))]) }
        #expect(throws: RuntimeError.self) {
            _ = try TestGraphs.run(rows: rows, parallelism: 2, rowtime: nil, keys: [0]) {
                CalcOperator(projections: [{ r in
                    if r.values[0] == .int(7) { throw RuntimeError(code: "cast", detail: "CAST failed") }
                    return r.values[0]
                }])
            }
        }
    }
}
