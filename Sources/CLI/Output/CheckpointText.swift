import Model

/// Checkpoint statistics (Flink's field names) as text: counts, the latest ones, and the history table.
enum CheckpointText {
    static func render(_ cps: JSONValue) -> String {
        var out = ""
        if let counts = cps["counts"]?.objectValue {
            out += "Counts: " + counts.members.map { "\($0.key)=\(Cell.text($0.value, multiline: false))" }.joined(separator: " ") + "\n"
        }
        if let latest = cps["latest"]?.objectValue {
            for m in latest.members {
                guard m.value.objectValue != nil else { continue }
                out += "Latest \(m.key): " + summary(m.value) + "\n"
            }
        }
        let history = cps["history"]?.arrayValue ?? cps["data"]?.arrayValue ?? []
        if history.isEmpty {
            out += "No checkpoints yet.\n"
        } else {
            out += "\n" + TextTable.list(headers: ["ID", "Status", "Savepoint", "Triggered", "Duration (ms)", "State Size", "Acked"],
                                         rows: history.map(row))
        }
        return out
    }

    private static func summary(_ c: JSONValue) -> String {
        var parts: [String] = []
        if let id = c["id"] { parts.append("#" + Cell.text(id, multiline: false)) }
        if let s = c["status"]?.stringValue { parts.append(s) }
        if let d = c["end_to_end_duration"] { parts.append(Cell.text(d, multiline: false) + " ms") }
        if let t = c["trigger_timestamp"] { parts.append("at " + time(t)) }
        if let f = c["failure_message"]?.stringValue, !f.isEmpty { parts.append(f) }
        return parts.joined(separator: ", ")
    }

    private static func row(_ c: JSONValue) -> [String] {
        [Cell.text(c["id"] ?? .null, multiline: false), Cell.text(c["status"] ?? .null, multiline: false),
         Cell.text(c["is_savepoint"] ?? .null, multiline: false), time(c["trigger_timestamp"] ?? .null),
         Cell.text(c["end_to_end_duration"] ?? .null, multiline: false),
         Cell.text(c["state_size"] ?? c["checkpointed_size"] ?? .null, multiline: false),
         ackText(c)]
    }

    private static func ackText(_ c: JSONValue) -> String {
        guard let acked = c["num_acknowledged_subtasks"]?.intValue else { return "" }
        return "\(acked)/\(c["num_subtasks"]?.intValue.map(String.init) ?? "?")"
    }

    /// Flink sends epoch milliseconds; show them as RFC 3339.
    static func time(_ v: JSONValue) -> String {
        if let ms = v.intValue, ms > 0 { return RFC3339.string(epochMillis: ms) }
        return Cell.text(v, multiline: false)
    }
}
