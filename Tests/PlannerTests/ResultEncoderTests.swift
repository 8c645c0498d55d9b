import Planner
import Runtime
import Testing

struct ResultEncoderTests {
    @Test func doublesAsPythonRepr() {
        #expect(DoubleFormat.python(3) == "3.0")
        #expect(DoubleFormat.python(4.05) == "4.05")
        #expect(DoubleFormat.python(0.00001) == "1e-05")
        #expect(DoubleFormat.python(1e16) == "1e+16")
        #expect(DoubleFormat.python(-0.0) == "-0.0")
        #expect(DoubleFormat.python(123456789.125) == "123456789.125")
        #expect(DoubleFormat.python(0.0001) == "0.0001")
    }

    @Test func rowEncodingFollowsTheColumnType() {
        let types = [DataType(.int), DataType(.decimal(precision: 10, scale: 2)), DataType(.timestamp(precision: 3)),
                     DataType(.date), DataType(.string), DataType(.boolean), DataType(.double)]
        let row: [Value] = [.int(1), .decimal(1230, scale: 2), .timestamp(TimeFormat.parseTimestamp("2024-01-01 00:59:59.999")!),
                            .date(TimeFormat.parseDate("2024-02-29")!), .string("Zürich \"q\""), .bool(true), .null]
        #expect(ResultEncoder.encode(row, types: types)
                == #"[1, "12.30", "2024-01-01 00:59:59.999", "2024-02-29", "Zürich \"q\"", true, null]"#)
    }

    @Test func multisetComparisonToleratesFloatNoise() throws {
        let e = try MultisetComparator.parseLines("[1, 0.3]\n[1, 0.3]\n[\"a\", null]\n")
        let a = try MultisetComparator.parseLines("[\"a\", null]\n[1, 0.30000000000000004]\n[1, 0.3]\n")
        #expect(MultisetComparator.diff(expected: e, actual: a).isEmpty)
        let b = try MultisetComparator.parseLines("[\"a\", null]\n[1, 0.3]\n")
        #expect(MultisetComparator.diff(expected: e, actual: b).missing.count == 1)
        #expect(!MultisetComparator.diff(expected: try MultisetComparator.parseLines("[\"1\"]"), actual: try MultisetComparator.parseLines("[1]")).isEmpty)
    }

    @Test func materializeAppliesRetractions() {
        let log = [Row([.string("a"), .int(1)]), Row([.string("a"), .int(1)], kind: .updateBefore),
                   Row([.string("a"), .int(2)], kind: .updateAfter), Row([.string("b"), .int(1)]),
                   Row([.string("b"), .int(1)], kind: .delete)]
        #expect(ConformanceRunner.materialize(log) == [[.string("a"), .int(2)]])
    }
}
