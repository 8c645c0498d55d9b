import Runtime
import SQL

/// `SET 'key' = 'value'` options of a script that change how the rest of it is planned:
/// - `sql.state-ttl` / `table.exec.state.ttl`: idle-state retention of joins and group aggregations;
/// - `sql.tables.scan.<option>` (→ `scan.<option>`; `idle-timeout` → `scan.watermark.idle-timeout`) and
///   `sql.tables.initial-offset-from` (`earliest` | `latest`): defaults of every kafka table read after it.
/// Other keys (restart strategy, …) are collected in `Planned.options` only.
public enum SessionOptions {
    public static let stateTTLKeys: Set<String> = ["sql.state-ttl", "table.exec.state.ttl"]
    static let scanPrefix = "sql.tables.scan."

    public static func apply(_ key: String, _ value: String, to context: inout PlanContext, span: SourceSpan) throws {
        if stateTTLKeys.contains(key) {
            guard let millis = RestartStrategy.parseDuration(value) else {
                throw PlannerError.validation("Invalid duration '\(value)' for \(key) (e.g. '0', '1 h', '7 d', '3600000 ms').",
                                              line: span.start.line, column: span.start.column)
            }
            context.stateTTLMillis = millis > 0 ? millis : nil
        } else if let option = scanOption(key) {
            context.kafkaTableDefaults[option] = value
        } else if key == "sql.tables.initial-offset-from" {
            context.kafkaTableDefaults["scan.startup.mode"] = value == "latest" ? "latest-offset" : "earliest-offset"
        }
    }

    public static func reset(_ key: String?, in context: inout PlanContext) {
        guard let key else {
            context.stateTTLMillis = nil
            context.kafkaTableDefaults = [:]
            return
        }
        if stateTTLKeys.contains(key) { context.stateTTLMillis = nil }
        if let option = scanOption(key) { context.kafkaTableDefaults[option] = nil }
        if key == "sql.tables.initial-offset-from" { context.kafkaTableDefaults["scan.startup.mode"] = nil }
    }

    /// The table option a `sql.tables.scan.*` key sets.
    public static func scanOption(_ key: String) -> String? {
        guard key.hasPrefix(scanPrefix) else { return nil }
        let option = "scan." + key.dropFirst(scanPrefix.count)
        return option == "scan.idle-timeout" ? "scan.watermark.idle-timeout" : option
    }

    /// The statement properties a job script carries as `SET` lines (they change how it is planned).
    public static func isPlanningProperty(_ key: String) -> Bool {
        stateTTLKeys.contains(key) || key.hasPrefix(scanPrefix) || key == "sql.tables.initial-offset-from"
    }
}
