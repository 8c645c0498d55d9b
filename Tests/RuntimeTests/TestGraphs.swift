import Glibc
@testable import Runtime

/// Helpers shared by the runtime tests.
enum TestGraphs {
    static func ts(_ s: String) -> Value {
        .timestamp(Array(s.utf8).withUnsafeBufferPointer { TextParsing.parseTimestamp($0)! })
    }

    static func ms(_ s: String) -> Int64 {
        Array(s.utf8).withUnsafeBufferPointer { TextParsing.parseTimestamp($0)! } / 1000
    }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func tempFile(_ text: String, suffix: String = ".jsonl") -> String {
        var template = Array("/tmp/flinkcloud-rt-XXXXXX\(suffix)".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(suffix.utf8.count)) }
        precondition(fd >= 0)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func tempDir() -> String {
        var template = Array("/tmp/flinkcloud-rt-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: p!)
    }

    /// source(rows) → watermark assigner → [hash by keys] → op → collect; returns the materialized result.
    static func run(rows: [Row], parallelism: Int, rowtime: Int?, delayMillis: Int64 = 0,
                    keys: [Int], spreadSource: Bool = false,
                    _ op: @escaping @Sendable () -> any StreamOperator) throws -> (changelog: [Row], runner: JobRunner) {
        var g = JobGraph()
        let src = g.addSource(name: "Source", parallelism: parallelism) { info in
            ValuesSource(rows: rows, subtask: info.subtaskIndex, parallelism: info.parallelism,
                         onlyFirstSubtask: !spreadSource)
        }
        var last = src
        if let rowtime {
            let wm = g.addOperator(name: "WatermarkAssigner", kind: "WatermarkAssigner", parallelism: parallelism) { _ in
                WatermarkAssigner(rowtimeIndex: rowtime, delayMillis: delayMillis)
            }
            g.connect(src, to: wm)
            last = wm
        }
        let o = g.addOperator(name: "Op", kind: "Op", parallelism: parallelism) { _ in op() }
        g.connect(last, to: o, keys.isEmpty ? .global : .hash(KeySelector(keys)))
        let result = CollectResult()
        let sink = g.addOperator(name: "Collect", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(o, to: sink, .global)
        let runner = JobRunner(graph: g)
        try runner.start()
        let status = runner.awaitTermination()
        if let f = runner.failure { throw f }
        precondition(status == .finished, "status \(status)")
        return (result.changelog, runner)
    }

    static func sorted(_ rows: [Row]) -> [String] {
        rows.map { r in r.kind.shortString + "[" + r.values.map(show).joined(separator: ", ") + "]" }.sorted()
    }

    static func show(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case let .int(i): return "\(i)"
        case let .double(d): return "\(d)"
        case let .string(s): return s
        case let .bool(b): return "\(b)"
        case let .decimal(u, s):
            let neg = u < 0
            var digits = String(neg ? -u : u)
            while digits.count <= s { digits = "0" + digits }
            if s > 0 { digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -s)) }
            return (neg ? "-" : "") + digits
        case let .timestamp(us):
            let days = TimeMath.floorDiv(us, 86_400_000_000)
            let rem = us - days * 86_400_000_000
            let c = TextParsing.civil(days)
            let ms = rem / 1000
            func p(_ x: Int64, _ n: Int) -> String { let s = String(x); return String(repeating: "0", count: max(0, n - s.count)) + s }
            return "\(p(Int64(c.year), 4))-\(p(Int64(c.month), 2))-\(p(Int64(c.day), 2)) \(p(ms / 3_600_000, 2)):\(p(ms / 60000 % 60, 2)):\(p(ms / 1000 % 60, 2)).\(p(ms % 1000, 3))"
        case let .date(d):
            let c = TextParsing.civil(Int64(d))
            return "\(c.year)-\(c.month)-\(c.day)"
        default: return "\(v)"
        }
    }
}
