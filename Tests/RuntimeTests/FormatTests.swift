import Testing
import Glibc
@testable import Runtime

@Suite struct FormatTests {
    static let schema = RowSchema([.init("s", DataType(.string)), .init("i", DataType(.int)),
                                   .init("d", DataType(.double)), .init("dec", DataType(.decimal(precision: 10, scale: 2))),
                                   .init("ts", DataType(.timestamp(precision: 3))), .init("dt", DataType(.date)),
                                   .init("b", DataType(.boolean))])

    @Test func jsonDecodesBySchema() throws {
        let d = JSONRowDecoder(schema: Self.schema)
        let row = try d.decode(Array(#"{"x":{"n":[1,2]},"s":"Z\u00fcrich \"q\"","i":-42,"d":1.5e1,"dec":12.345,"ts":"2024-02-29 23:59:59.5","dt":"2024-02-29","b":true}"#.utf8))
        #expect(row.values[0] == .string("Zürich \"q\""))
        #expect(row.values[1] == .int(-42))
        #expect(row.values[2] == .double(15))
        #expect(row.values[3] == .decimal(1235, scale: 2))  // scaled to the type, half-up
        #expect(TestGraphs.show(row.values[4]) == "2024-02-29 23:59:59.500")
        #expect(row.values[5] == .date(Int32(TextParsing.epochDays(year: 2024, month: 2, day: 29))))
        #expect(row.values[6] == .bool(true))
        let sparse = try d.decode(Array(#"{"i":null}"#.utf8))
        #expect(sparse.values.allSatisfy { $0.isNull })
    }

    @Test func jsonRejectsMalformedRows() {
        let d = JSONRowDecoder(schema: Self.schema)
        #expect(throws: RuntimeError.self) { try d.decode(Array(#"{"i":"abc"}"#.utf8)) }
        #expect(throws: RuntimeError.self) { try d.decode(Array(#"{"i":1"#.utf8)) }
        let lenient = JSONRowDecoder(schema: Self.schema, ignoreParseErrors: true)
        #expect((try? lenient.decode(Array(#"{"i":"abc"}"#.utf8)))?.values[1] == .null)
    }

    @Test func csvQuotingRules() throws {
        let d = CSVRowDecoder(schema: Self.schema)
        let row = try d.decode(Array(#""a, ""b""",7,,1.50,2024-01-01 00:00:00,2024-01-02,false"#.utf8))
        #expect(row.values[0] == .string(#"a, "b""#))
        #expect(row.values[1] == .int(7))
        #expect(row.values[2] == .null)
        #expect(row.values[3] == .decimal(150, scale: 2))
        #expect(row.values[6] == .bool(false))
        let empty = try d.decode(Array(",1".utf8))
        #expect(empty.values[0] == .string(""))
    }

    @Test func timestampsAndDatesRoundTrip() {
        for s in ["1970-01-01 00:00:00.000", "2024-02-29 12:34:56.789", "1969-12-31 23:59:59.999", "2100-03-01 00:00:00.001"] {
            let v = TestGraphs.ts(s)
            #expect(TestGraphs.show(v) == s)
            if case let .timestamp(us) = v { #expect(ValueText.timestamp(us, precision: 3) == s) }
        }
        #expect(ValueText.decimal(-5, scale: 2) == "-0.05")
        #expect(ValueText.decimal(12, scale: 0) == "12")
    }

    @Test func fileSourceSplitsFilesOverSubtasks() throws {
        let dir = TestGraphs.tempDir()
        for (i, text) in ["{\"i\":1}\n{\"i\":2}\n", "{\"i\":3}\n\n", "{\"i\":4}"].enumerated() {
            let p = TestGraphs.tempFile(text)
            _ = p.withCString { from in "\(dir)/part-\(i).jsonl".withCString { to in rename(from, to) } }
        }
        for p in [1, 2, 3] {
            var g = JobGraph()
            let src = g.addSource(name: "files", parallelism: p) { info in
                try FileSource(path: dir, format: .json(JSONRowDecoder(schema: Self.schema)),
                               subtask: info.subtaskIndex, parallelism: info.parallelism)
            }
            let result = CollectResult()
            let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
            g.connect(src, to: sink, .global)
            try JobRunner.runToCompletion(g)
            #expect(result.materialized.map { $0.values[1] }.sorted { Value.compare($0, $1) < 0 } == [.int(1), .int(2), .int(3), .int(4)])
        }
    }

    @Test func missingFileFailsTheJob() {
        var g = JobGraph()
        let src = g.addSource(name: "files", parallelism: 1) { info in
            try FileSource(path: "/nonexistent/x.jsonl", format: .json(JSONRowDecoder(schema: Self.schema)), subtask: 0, parallelism: 1)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in SinkOperator(BlackholeSink()) }
        g.connect(src, to: sink)
        #expect(throws: RuntimeError.self) { try JobRunner.runToCompletion(g) }
    }
}

@Suite struct FileSinkTests {
    @Test func partFilesAppearOnlyWhenCommitted() throws {
        let dir = TestGraphs.tempDir() + "/out"
        let schema = RowSchema([.init("k", DataType(.string)), .init("ts", DataType(.timestamp(precision: 3))),
                                .init("d", DataType(.decimal(precision: 10, scale: 2)))])
        let rows = (0..<10).map { Row([.string("k\($0)"), .timestamp(Int64($0) * 1_000_000), .decimal(Int128($0) * 5, scale: 2)]) }
        var g = JobGraph()
        let src = g.addSource(name: "values", parallelism: 2) { i in
            ValuesSource(rows: rows, subtask: i.subtaskIndex, parallelism: i.parallelism, onlyFirstSubtask: false)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 2) { _ in
            SinkOperator(FileSink(path: dir, format: .json(JSONRowEncoder(schema: schema)), prefix: "job"))
        }
        g.connect(src, to: sink)
        try JobRunner.runToCompletion(g)
        var lines: [String] = []
        for s in 0..<2 {
            let r = try LineReader(path: "\(dir)/part-job-\(s)-0")
            while try r.nextLine({ lines.append(String(decoding: $0, as: UTF8.self)) }) {}
        }
        #expect(lines.count == 10)
        #expect(lines.contains(#"{"k":"k3","ts":"1970-01-01 00:00:03","d":0.15}"#))  // Flink writes no zero fraction
        let decoded = try lines.map { try JSONRowDecoder(schema: schema).decode(Array($0.utf8)) }
        #expect(Set(decoded.map(\.values)) == Set(rows.map(\.values)))
    }
}

/// Timestamps in JSON as Flink's json format writes them (TimeFormats.SQL_TIMESTAMP_FORMAT).
struct JSONTimestampFormatTests {
    @Test func fractionWithoutTrailingZerosAndLTZWithZ() throws {
        let schema = RowSchema([.init("ts", DataType(.timestamp(precision: 3))), .init("ltz", DataType(.timestampLTZ(precision: 3)))])
        let encoder = JSONRowEncoder(schema: schema)
        let whole = String(decoding: encoder.encode(Row([.timestamp(3_600_000_000), .timestamp(0)])), as: UTF8.self)
        #expect(whole == #"{"ts":"1970-01-01 01:00:00","ltz":"1970-01-01 00:00:00Z"}"#)
        let frac = String(decoding: encoder.encode(Row([.timestamp(1_500_000), .timestamp(1_120_000)])), as: UTF8.self)
        #expect(frac == #"{"ts":"1970-01-01 00:00:01.5","ltz":"1970-01-01 00:00:01.12Z"}"#)
        let back = try JSONRowDecoder(schema: schema).decode(Array(frac.utf8))
        #expect(back.values == [.timestamp(1_500_000), .timestamp(1_120_000)])
    }
}
