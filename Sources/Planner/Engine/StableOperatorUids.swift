import Runtime
import SQL

/// Stable operator uids, so a new version of a job finds its state in the previous version's savepoint:
/// - sources: `source-<table>-<n>` (the n-th scan of that table in the script), sinks: `sink-<table>-<n>`
///   — source offsets and sink commit handles follow the table, whatever the query around them;
/// - every other operator: `<Kind>-<shape>-<k>`, where `<shape>` hashes the SQL shape of the statement
///   that planned it (every `CREATE TABLE`/`CREATE VIEW` before it and the statement itself, printed from
///   the syntax tree, so whitespace and comments do not count) and `k` is its position within that
///   statement's operators.
/// An unchanged statement keeps its uids across versions and parallelisms (a rescale restores its state);
/// any change to it or to the tables it reads gives its stateful operators new uids, so their state is
/// not restored into operators that would misread it.
public enum StableOperatorUids {
    /// Operator kinds that hold no state that a new plan could misread (offsets and sink handles follow
    /// their table; Calc, Union and watermark assigners keep none).
    public static let statelessKinds: Set<String> = ["Source", "Sink", "Calc", "Union", "WatermarkAssigner"]

    /// Whether `uid` (as assigned here) names an operator with keyed/operator state that must match.
    public static func isStateful(uid: String) -> Bool {
        guard let dash = uid.firstIndex(of: "-") else { return true }
        let kind = String(uid[..<dash])
        return kind != "source" && kind != "sink" && !statelessKinds.contains(kind)
    }

    /// Renames the uids of `graph.vertices[range]` (the operators one statement added).
    static func assign(_ graph: inout JobGraph, range: Range<Int>, shape: String, tableCounts: inout [String: Int]) {
        let hash = hex(fnv64(shape))
        for (k, i) in range.enumerated() {
            let v = graph.vertices[i]
            if case .source = v.body {
                let table = inner(v.name, prefix: "TableSourceScan(") ?? v.name
                let n = tableCounts["source:" + table, default: 0]
                tableCounts["source:" + table] = n + 1
                graph.vertices[i].uid = "source-\(table)-\(n)"
            } else if v.kind == "Sink" {
                let table = inner(v.name, prefix: "Sink(") ?? v.name
                let n = tableCounts["sink:" + table, default: 0]
                tableCounts["sink:" + table] = n + 1
                graph.vertices[i].uid = "sink-\(table)-\(n)"
            } else {
                graph.vertices[i].uid = "\(v.kind)-\(hash)-\(k)"
            }
        }
    }

    /// The statement's text as the shape of its operators: the printed syntax tree.
    static func shape(_ statement: Statement) -> String { SQLPrinter.print(statement) }

    static func inner(_ name: String, prefix: String) -> String? {
        guard name.hasPrefix(prefix), name.hasSuffix(")") else { return nil }
        return String(name.dropFirst(prefix.count).dropLast())
    }

    static func fnv64(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 16 - s.count)) + s
    }
}
