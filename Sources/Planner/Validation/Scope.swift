import Runtime
import SQL

/// The columns visible to an expression: each with the table alias it came from.
public struct Scope: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var qualifier: String?
        public var type: DataType
        public init(name: String, qualifier: String? = nil, type: DataType) {
            self.name = name
            self.qualifier = qualifier
            self.type = type
        }
    }

    public var columns: [Column]

    public init(_ columns: [Column]) { self.columns = columns }

    /// Resolves `col` or `t.col` (case-sensitive) to a column index, with Calcite's errors.
    public func resolve(_ parts: [Identifier], span: SourceSpan) throws -> Int {
        let name = parts.last!.name
        let qualifier = parts.count > 1 ? parts[parts.count - 2].name : nil
        if let qualifier, !columns.contains(where: { $0.qualifier == qualifier }) {
            throw PlannerError.at(span, "Table '\(qualifier)' not found")
        }
        let hits = columns.indices.filter { columns[$0].name == name && (qualifier == nil || columns[$0].qualifier == qualifier) }
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 { throw PlannerError.at(span, "Column '\(name)' is ambiguous") }
        if let qualifier { throw PlannerError.at(span, "Column '\(name)' not found in table '\(qualifier)'") }
        throw PlannerError.at(span, "Column '\(name)' not found in any table")
    }
}

extension PlannerError {
    /// A validation error at a span, phrased as Flink: `From line L1, column C1 to line L2, column C2: …`.
    public static func at(_ span: SourceSpan, _ message: String) -> PlannerError {
        let s = span.start, e = span.end
        if s.line == 0 { return .validation(message) }
        return .validation("From line \(s.line), column \(s.column) to line \(e.line), column \(e.column): \(message)",
                           line: s.line, column: s.column)
    }
}
