import Foundation
import Model

/// `confluent flink job logs|metrics|checkpoints|graph`.
extension JobCommands {
    static func monitoringCommands() -> [CommandSpec] {
        let env = RootCommand.environmentFlag
        let jobArg = ArgumentSpec("job")
        return [
            CommandSpec("logs", "Show a job's log (lifecycle, checkpoints, restarts, errors, print output).",
                        arguments: [jobArg],
                        flags: [FlagSpec("follow", short: "f", help: "Keep streaming new lines until interrupted."),
                                FlagSpec("since", value: "WHEN", help: "Only lines after this: a duration (10m), an RFC 3339 time, or epoch milliseconds."),
                                FlagSpec("level", value: "LEVEL", help: "Minimum level: INFO, WARN or ERROR."),
                                FlagSpec("limit", value: "N", help: "At most this many lines."), env],
                        examples: ["confluent flink job logs job1 --since 10m", "confluent flink job logs job1 --follow"],
                        run: logs),
            CommandSpec("metrics", "Show a job's current metrics.", arguments: [jobArg], flags: [env]) { ctx in
                let metrics = try ctx.client().get(jobPath(try ctx.environmentID(), try ctx.argument(0)) + "/metrics")
                guard ctx.format == .human else { return ctx.printer.document(metrics) }
                ctx.terminal.out(MetricsText.render(metrics))
            },
            CommandSpec("checkpoints", "Show a job's checkpoints (counts, latest, history).", arguments: [jobArg], flags: [env]) { ctx in
                let cps = try ctx.client().get(jobPath(try ctx.environmentID(), try ctx.argument(0)) + "/checkpoints")
                guard ctx.format == .human else { return ctx.printer.document(cps) }
                ctx.terminal.out(CheckpointText.render(cps))
            },
            CommandSpec("graph", "Draw a job's operator graph as text.", arguments: [jobArg], flags: [env]) { ctx in
                let graph = try ctx.client().get(jobPath(try ctx.environmentID(), try ctx.argument(0)) + "/graph")
                guard ctx.format == .human else { return ctx.printer.document(graph) }
                ctx.terminal.out(GraphText.render(graph))
            },
        ]
    }

    static func logs(_ ctx: CommandContext) throws {
        let inv = ctx.invocation
        let path = jobPath(try ctx.environmentID(), try ctx.argument(0)) + "/logs"
        var query: [(String, String)] = []
        if let since = inv.string("since") { query.append(("since", try LogText.since(since))) }
        if let level = inv.string("level") { query.append(("level", level.uppercased())) }
        if let limit = try inv.int("limit") { query.append(("limit", String(limit))) }
        if inv.bool("follow") {
            query.append(("follow", "true"))
            try ctx.client(timeoutSeconds: 0).streamLines(path, query: query) { line in
                guard let entry = try? JSONParser.parse(line), entry.objectValue != nil else { return true }
                ctx.terminal.out(ctx.format == .human ? LogText.line(entry) : String(decoding: entry.encoded(), as: UTF8.self) + "\n")
                return true
            }
            return
        }
        let body = try ctx.client().get(path, query: query)
        let entries = body["data"]?.arrayValue ?? body.arrayValue ?? []
        guard ctx.format == .human else { return ctx.printer.document(.array(entries)) }
        ctx.terminal.out(entries.map(LogText.line).joined())
    }
}

/// Log entries as text lines: `<time> <LEVEL> <message>`.
enum LogText {
    static func line(_ entry: JSONValue) -> String {
        let time = entry["timestamp"]?.stringValue ?? entry["timestamp"]?.intValue.map { RFC3339.string(epochMillis: $0) } ?? ""
        let level = (entry["level"]?.stringValue ?? "").padding(5)
        return "\(time) \(level) \(entry["message"]?.stringValue ?? "")\n"
    }

    /// `--since`: a duration becomes the RFC 3339 time that long ago; epoch milliseconds and RFC 3339 times are sent as given.
    static func since(_ text: String, now: Date = Date()) throws(UsageError) -> String {
        if Int(text) != nil || text.contains("T") { return text }
        guard let seconds = DurationText.seconds(text) else {
            throw UsageError("invalid argument \"\(text)\" for \"--since\" flag: expected a duration (10m), an RFC 3339 time or epoch milliseconds")
        }
        let millis = Int64((now.timeIntervalSince1970 - seconds) * 1000)
        return RFC3339.string(epochMillis: millis)
    }
}

/// Metrics as text: `name | value` rows (nested objects flattened with dots, lists summarized), then one
/// row per operator when the answer has `vertices`.
enum MetricsText {
    static func render(_ metrics: JSONValue) -> String {
        var out = TextTable.describe(pairs(metrics))
        let vertices = metrics["vertices"]?.arrayValue ?? []
        if !vertices.isEmpty {
            out += "\n" + TextTable.list(
                headers: ["Operator", "Parallelism", "Records In", "Records Out", "In/s", "Out/s", "Output Watermark", "Lag"],
                rows: vertices.map { v in
                    let m = v["metrics"] ?? .null
                    return [Cell.text(v["operator"] ?? v["name"] ?? .null, multiline: false),
                            Cell.text(v["parallelism"] ?? .null, multiline: false),
                            Cell.text(m["records_in"] ?? .null, multiline: false), Cell.text(m["records_out"] ?? .null, multiline: false),
                            rate(m["records_in_per_second"]), rate(m["records_out_per_second"]),
                            watermark(m["output_watermark"]), Cell.text(m["consumer_lag"] ?? .null, multiline: false)]
                })
        }
        return out
    }

    static func pairs(_ metrics: JSONValue) -> [(String, String)] {
        var out: [(String, String)] = []
        flatten(metrics, prefix: "", into: &out)
        return out
    }

    private static func rate(_ v: JSONValue?) -> String {
        guard let d = v?.doubleValue else { return "" }
        return d == d.rounded() ? String(Int64(d)) : String(Double(Int64(d * 10)) / 10)
    }

    /// Epoch milliseconds as RFC 3339; Long.MAX_VALUE is the end of input.
    private static func watermark(_ v: JSONValue?) -> String {
        guard let ms = v?.intValue else { return "" }
        if ms == Int64.max { return "end of input" }
        return ms > 0 ? RFC3339.string(epochMillis: ms) : String(ms)
    }

    private static func flatten(_ v: JSONValue, prefix: String, into out: inout [(String, String)]) {
        switch v {
        case .object(let o):
            for m in o.members where !["api_version", "kind", "metadata", "vertices"].contains(m.key) {
                flatten(m.value, prefix: prefix.isEmpty ? m.key : prefix + "." + m.key, into: &out)
            }
        case .array(let items):
            if items.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }) {
                out.append((prefix, Cell.text(v, multiline: false)))
            } else {
                out.append((prefix, "\(items.count) entries (see -o json)"))
            }
        default:
            out.append((prefix, Cell.text(v, multiline: false)))
        }
    }
}
