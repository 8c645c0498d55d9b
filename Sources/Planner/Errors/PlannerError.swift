/// A SQL error as the validate call and job create/update report it: the phase Flink would fail in
/// (`parse` → `sql_parse_error`, `validation` → `sql_validation_error`, `runtime` for execution
/// failures such as a failed CAST), Flink's message, and the 1-based position when Flink gives one.
public struct PlannerError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Phase: String, Sendable, Hashable {
        case parse, validation, runtime
    }

    public var phase: Phase
    public var message: String
    public var line: Int?
    public var column: Int?

    public init(_ phase: Phase, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.phase = phase
        self.message = message
        self.line = line
        self.column = column
    }

    public var code: String {
        switch phase {
        case .parse: return "sql_parse_error"
        case .validation: return "sql_validation_error"
        case .runtime: return "sql_runtime_error"
        }
    }

    public var description: String {
        if let line, let column { return "\(phase.rawValue) error at line \(line), column \(column): \(message)" }
        return "\(phase.rawValue) error: \(message)"
    }

    public static func validation(_ message: String, line: Int? = nil, column: Int? = nil) -> PlannerError {
        PlannerError(.validation, message, line: line, column: column)
    }

    public static func runtime(_ message: String) -> PlannerError {
        PlannerError(.runtime, message)
    }
}
