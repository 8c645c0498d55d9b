import Testing
@testable import Runtime

/// Snapshots by key group restore into a different parallelism with the same final output.
@Suite struct StateTests {
    static let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                       AggregateCall(.sum, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint))]

    static func rows() -> [Row] {
        (0..<500).map { i in Row([.string("k\(i % 13)"), .timestamp(Int64(i) * 10_000_000), .int(Int64(i))]) }
    }

    static func context(_ s: Int, _ p: Int) -> OperatorContext {
        OperatorContext(info: SubtaskInfo(vertexName: "op", subtaskIndex: s, parallelism: p))
    }

    /// Runs `make` at parallelism `from` over the first half, snapshots, restores into parallelism `to`,
    /// feeds the second half, ends input; returns all output rows.
    static func rescale(from: Int, to: Int, _ make: () -> any StreamOperator) throws -> [Row] {
        let input = rows()
        let half = input.count / 2
        let selector = KeySelector([0])
        var outputs: [Row] = []
        func route(_ r: Row, _ p: Int) -> Int {
            KeyGroups.operatorIndex(keyGroup: selector.keyGroup(r, maxParallelism: 128), maxParallelism: 128, parallelism: p)
        }
        var first: [any StreamOperator] = []
        for s in 0..<from { let op = make(); try op.open(context(s, from)); first.append(op) }
        for r in input[..<half] {
            let (o, buf) = Output.collecting()
            try first[route(r, from)].processElement(r, input: 0, output: o)
            outputs += buf.rows
        }
        var merged = OperatorSnapshot()
        for op in first {
            merged.merge(try op.snapshotState())
        }
        var second: [any StreamOperator] = []
        for s in 0..<to { let op = make(); try op.open(context(s, to)); try op.restoreState(merged); second.append(op) }
        for r in input[half...] {
            let (o, buf) = Output.collecting()
            try second[route(r, to)].processElement(r, input: 0, output: o)
            outputs += buf.rows
        }
        for op in second {
            let (o, buf) = Output.collecting()
            try op.processWatermark(Int64.max, output: o)
            try op.finish(output: o)
            outputs += buf.rows
        }
        return outputs
    }

    @Test(arguments: [(1, 1), (2, 1), (1, 2), (2, 3)])
    func windowStateRescales(from: Int, to: Int) throws {
        let make = { WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 600_000), aggregates: Self.aggs) as any StreamOperator }
        let baseline = try Self.rescale(from: 1, to: 1, make)
        let got = try Self.rescale(from: from, to: to, make)
        #expect(TestGraphs.sorted(got) == TestGraphs.sorted(baseline))
        #expect(!baseline.isEmpty)
    }

    @Test(arguments: [(2, 1), (1, 2)])
    func groupAggregateAndRankStateRescale(from: Int, to: Int) throws {
        let makes: [() -> any StreamOperator] = [
            { GroupAggregateOperator(keys: [0], aggregates: Self.aggs) },
            { RankOperator(keys: [0], sort: SortSpec([.init(2, ascending: false)]), rankEnd: 3, outputRankNumber: true) },
            { SessionWindowOperator(keys: [0], timeIndex: 1, gap: 100_000, aggregates: Self.aggs) },
            { DeduplicateOperator(keys: [0], mode: .lastProctime) },
        ]
        for make in makes {
            let baseline = CollectResult.materialize(try Self.rescale(from: 1, to: 1, make))
            let got = CollectResult.materialize(try Self.rescale(from: from, to: to, make))
            #expect(TestGraphs.sorted(got) == TestGraphs.sorted(baseline))
        }
    }
}
