/// A place in the script as written: 1-based line and column (columns count Unicode scalars, a tab is one
/// column, as Calcite with tab size 1) plus the 0-based UTF-8 byte offset.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int = 0) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static let unknown = SourcePosition(line: 0, column: 0, offset: 0)

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "line \(line), column \(column)" }
}

/// The extent of a syntax node: `start` is its first character, `end` its last character (inclusive, as
/// Calcite's "From line L1, column C1 to line L2, column C2"). `endOffset` is the byte offset just past it.
///
/// Two spans always compare equal and hash alike, so syntax trees compare by structure only
/// (parse → print → parse yields an equal tree although positions differ).
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition
    public var endOffset: Int

    public init(start: SourcePosition, end: SourcePosition, endOffset: Int) {
        self.start = start
        self.end = end
        self.endOffset = endOffset
    }

    public static let unknown = SourceSpan(start: .unknown, end: .unknown, endOffset: 0)

    public static func == (a: SourceSpan, b: SourceSpan) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    /// Whether the two spans cover the same text (the structural `==` ignores positions).
    public func isSamePlace(as other: SourceSpan) -> Bool {
        start == other.start && end == other.end && endOffset == other.endOffset
    }

    /// A span from the start of `self` to the end of `other`.
    public func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: start, end: other.end, endOffset: other.endOffset)
    }

    public var description: String {
        "line \(start.line), column \(start.column) to line \(end.line), column \(end.column)"
    }
}
