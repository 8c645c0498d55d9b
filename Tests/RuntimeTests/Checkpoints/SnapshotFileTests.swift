import Testing
@testable import Runtime

/// Every stateful operator's state survives a trip through a checkpoint file: an operator restored from
/// the decoded file behaves exactly like the original on the rest of the input.
@Suite struct SnapshotFileTests {
    static let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                       AggregateCall(.sum, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint)),
                       AggregateCall(.max, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint)),
                       AggregateCall(.count, argument: 2, distinct: true, inputType: DataType(.bigint), resultType: DataType(.bigint))]

    /// (row, input): key, event time (µs), value, a decimal and a double to exercise the codec.
    static func input(_ range: Range<Int>, inputs: Int = 1) -> [(Row, Int)] {
        range.map { i in
            (Row([.string("k\(i % 7)"), .timestamp(Int64(i) * 7_000_000), .int(Int64(i % 11)),
                  .decimal(Int128(i) * 1_000_000_000_000_000_000, scale: 2), .double(Double(i) / 3)]), i % inputs)
        }
    }

    static func ctx() -> OperatorContext { OperatorContext(info: SubtaskInfo(vertexName: "op", subtaskIndex: 0, parallelism: 1)) }

    static func feed(_ op: any StreamOperator, _ rows: [(Row, Int)], watermarkEvery: Int = 50) throws -> [String] {
        let (o, buf) = Output.collecting()
        for (k, (r, input)) in rows.enumerated() {
            try op.processElement(r, input: input, output: o)
            if k % watermarkEvery == watermarkEvery - 1, case let .timestamp(us) = r.values[1] {
                try op.processWatermark(us / 1000 - 60_000, output: o)
            }
        }
        return buf.rows.map { $0.kind.shortString + "\($0.values)" }
    }

    static func finish(_ op: any StreamOperator) throws -> [String] {
        let (o, buf) = Output.collecting()
        try op.processWatermark(Int64.max, output: o)
        try op.endInput(0, output: o)
        try op.finish(output: o)
        return buf.rows.map { $0.kind.shortString + "\($0.values)" }
    }

    /// Feeds the first part, snapshots through a file, restores into a new instance; both get the rest.
    static func roundTrip(inputs: Int = 1, watermarkEvery: Int = 50, _ make: () -> any StreamOperator) throws {
        let first = input(0..<300, inputs: inputs), rest = input(300..<600, inputs: inputs)
        let original = make()
        try original.open(ctx())
        _ = try feed(original, first, watermarkEvery: watermarkEvery)
        let bytes = try SnapshotFile.encode(try original.snapshotState())
        // Decoded into entries, and kept encoded as the restore path does for operators that decode their own.
        let decoded = try SnapshotFile.decode(bytes)
        #expect(decoded.entryCount > 0 && decoded.encoded.isEmpty)
        let restored = make(), restoredEncoded = make()
        let raw = try SnapshotFile.decode(bytes, keepEncoded: restoredEncoded.restoresEncodedState)
        #expect(raw.entryCount == decoded.entryCount)
        try restored.open(ctx())
        try restored.restoreState(decoded)
        try restoredEncoded.open(ctx())
        try restoredEncoded.restoreState(raw)
        let expected = (try feed(original, rest, watermarkEvery: watermarkEvery) + finish(original)).sorted()
        let got = (try feed(restored, rest, watermarkEvery: watermarkEvery) + finish(restored)).sorted()
        let gotEncoded = (try feed(restoredEncoded, rest, watermarkEvery: watermarkEvery) + finish(restoredEncoded)).sorted()
        #expect(!expected.isEmpty)
        #expect(got == expected, "\(got.count) rows vs \(expected.count) expected")
        #expect(gotEncoded == expected, "encoded restore: \(gotEncoded.count) rows vs \(expected.count) expected")
        // Without the restore the output differs: the comparison can fail.
        let fresh = make()
        try fresh.open(ctx())
        #expect((try feed(fresh, rest, watermarkEvery: watermarkEvery) + finish(fresh)).sorted() != expected)
    }

    @Test func windowAggregate() throws {
        try Self.roundTrip { WindowAggregateOperator(keys: [0], timeIndex: 1, window: .hop(size: 180_000, slide: 60_000), aggregates: Self.aggs) }
    }

    /// The window operator encodes its state itself (binary, by key group, several workers when large);
    /// the encoded restore keeps only the owned key groups, and format-1 files still restore.
    @Test func windowStateEncodedDirectly() throws {
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.sum, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint))]
        let op = WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 3_600_000), aggregates: aggs)
        try op.open(Self.ctx())
        let n = 100_017
        let (o, _) = Output.collecting()
        for i in 0..<n { try op.processElement(Row([.int(Int64(i)), .timestamp(1_000_000), .int(Int64(i % 5))]), input: 0, output: o) }
        for i in 0..<10 { try op.processElement(Row([.int(Int64(i)), .timestamp(1_000_000), .int(100)]), input: 0, output: o) }
        let snap = try op.snapshotState()
        #expect(snap.keyGroups.isEmpty && snap.entryCount == n)
        #expect(Set(snap.encoded.map(\.keyGroup)).count == snap.encoded.count)
        let bytes = try SnapshotFile.encode(snap)
        func windows(_ s: OperatorSnapshot, subtask: Int, of p: Int) throws -> [String: String] {
            let r = WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 3_600_000), aggregates: aggs)
            try r.open(OperatorContext(info: SubtaskInfo(vertexName: "op", subtaskIndex: subtask, parallelism: p)))
            try r.restoreState(s)
            let (out, buf) = Output.collecting()
            try r.processWatermark(Int64.max, output: out)
            var m: [String: String] = [:]
            for row in buf.rows { m["\(row.values[0])"] = "\(row.values[1]) \(row.values[2])" }
            return m
        }
        let whole = try windows(try SnapshotFile.decode(bytes, keepEncoded: true), subtask: 0, of: 1)
        #expect(whole.count == n)
        #expect(whole["int(3)"] == "int(2) int(103)" && whole["int(12)"] == "int(1) int(2)", "\(whole["int(3)"] ?? "-")")
        #expect(try windows(try SnapshotFile.decode(bytes), subtask: 0, of: 1) == whole)
        // Into 3 subtasks: each keeps its own key groups; together they hold every window once.
        var union: [String: String] = [:]
        for s in 0..<3 {
            let part = try windows(try SnapshotFile.decode(bytes, keepEncoded: true), subtask: s, of: 3)
            #expect(part.count > 0 && part.count < n)
            union.merge(part) { a, _ in a + " twice" }
        }
        #expect(union == whole)

        // A format-1 file (no group lengths, full-width accumulators) written the old way.
        var w = StateWriter()
        w.bytes.append(contentsOf: Array("FCKP".utf8))
        w.u8(1)
        w.values([])
        w.count(1)
        w.count(KeyGroups.keyGroup(ofKey: [Value.int(7)], maxParallelism: 128))
        w.count(1)
        w.values([.int(7), .int(0), .int(3_600_000)])
        w.u8(1)   // accumulators
        w.count(2)
        for (count, sum) in [(Int64(4), Int64(0)), (Int64(4), Int64(9))] {
            w.int(count); w.int(sum); w.fixed64(0); w.fixed64(0); w.fixed64(0); w.value(.null); w.u8(0); w.u8(0); w.u8(0)
        }
        w.fixed32(CRC32.checksum(w.bytes))
        #expect(try windows(try SnapshotFile.decode(w.bytes, keepEncoded: true), subtask: 0, of: 1) == ["int(7)": "int(4) int(9)"])
        #expect(try windows(try SnapshotFile.decode(w.bytes), subtask: 0, of: 1) == ["int(7)": "int(4) int(9)"])
    }

    /// Parts of one key group (e.g. encoded separately) become one group in the file, entries in order.
    @Test func keyGroupPartsAreJoined() throws {
        func part(_ kg: Int, _ values: [Int64]) -> EncodedKeyGroup {
            var w = StateWriter()
            for v in values { w.values([.int(v)]); try? StateValueCodec.encode(Value.int(v * 10), into: &w) }
            return EncodedKeyGroup(keyGroup: kg, count: values.count, bytes: w.bytes)
        }
        var s = OperatorSnapshot()
        s.encoded = [part(5, [1, 2]), part(9, [7]), part(5, [3])]
        s.keyGroups[5] = [.init(key: [.int(4)], value: Value.int(40))]
        let raw = try SnapshotFile.decode(try SnapshotFile.encode(s), keepEncoded: true)
        #expect(raw.encoded.map(\.keyGroup) == [5, 9])
        #expect(raw.encoded.map(\.count) == [4, 1])
        let decoded = try SnapshotFile.decode(try SnapshotFile.encode(s))
        #expect(decoded.keyGroups[5]?.map { $0.key } == [[.int(1)], [.int(2)], [.int(3)], [.int(4)]])
        #expect(decoded.keyGroups[5]?.compactMap { $0.value as? Value } == [.int(10), .int(20), .int(30), .int(40)])
        #expect(decoded.keyGroups[9]?.count == 1)
    }

    @Test func sessionWindow() throws {
        try Self.roundTrip { SessionWindowOperator(keys: [0], timeIndex: 1, gap: 30_000, aggregates: Self.aggs) }
    }

    @Test func groupAggregate() throws {
        try Self.roundTrip { GroupAggregateOperator(keys: [0], aggregates: Self.aggs) }
    }

    @Test func rank() throws {
        try Self.roundTrip { RankOperator(keys: [0], sort: SortSpec([.init(1, ascending: false)]), rankEnd: 2, outputRankNumber: true) }
    }

    @Test func windowRank() throws {
        // Input: key, time, value, window_end (as the planner's window TVF output).
        try Self.roundTrip {
            WindowRankOperator(keys: [0], windowEndIndex: 1, sort: SortSpec([.init(2, ascending: false)]), rankEnd: 2, outputRankNumber: false)
        }
    }

    @Test func deduplicate() throws {
        try Self.roundTrip { DeduplicateOperator(keys: [0], mode: .lastRowtime(1)) }
        try Self.roundTrip(watermarkEvery: 100_000) { DeduplicateOperator(keys: [0], mode: .firstRowtime(1)) }
    }

    @Test func regularJoin() throws {
        try Self.roundTrip(inputs: 2) {
            JoinOperator(type: .left, leftKeys: [0, 2], rightKeys: [0, 2], leftArity: 5, rightArity: 5)
        }
    }

    @Test func intervalJoin() throws {
        try Self.roundTrip(inputs: 2) {
            IntervalJoinOperator(type: .left, leftKeys: [0], rightKeys: [0], leftTime: 1, rightTime: 1,
                                 lowerBound: -20_000, upperBound: 20_000, rightArity: 5)
        }
    }

    @Test func corruptFilesAreRejected() throws {
        let op = GroupAggregateOperator(keys: [0], aggregates: Self.aggs)
        try op.open(Self.ctx())
        _ = try Self.feed(op, Self.input(0..<50))
        var bytes = try SnapshotFile.encode(try op.snapshotState())
        #expect(throws: Never.self) { try SnapshotFile.verify(bytes) }
        bytes[bytes.count / 2] ^= 0x40
        #expect(throws: RuntimeError.self) { try SnapshotFile.decode(bytes) }
        #expect(throws: RuntimeError.self) { try SnapshotFile.decode(Array(bytes.prefix(bytes.count - 9))) }
    }

    @Test func unsupportedStateIsAnError() throws {
        struct Opaque: Sendable {}
        var s = OperatorSnapshot()
        s.keyGroups[3] = [.init(key: [.int(1)], value: Opaque())]
        #expect(throws: RuntimeError.self) { try SnapshotFile.encode(s) }
    }
}
