/// A syntax (or lexical) error, phrased as Flink's parser does:
/// `SQL parse failed. Encountered "x" at line L, column C.` followed by `Was expecting one of:` and a short list.
public struct SQLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public static let code = "sql_parse_error"
    public static let phase = "parse"

    /// The token as written (`<EOF>` at end of input).
    public var encountered: String
    public var line: Int
    public var column: Int
    /// What the parser would have accepted here (Calcite spelling: `"BY"`, `<IDENTIFIER>`, …).
    public var expected: [String]
    /// Full message, first line `SQL parse failed. …`.
    public var message: String

    public var code: String { Self.code }
    public var phase: String { Self.phase }
    public var position: SourcePosition { SourcePosition(line: line, column: column) }

    /// `encountered` is the token as written; it is escaped as JavaCC does (`'` → `\'`, `"` → `\"`, …).
    public init(encountered: String, line: Int, column: Int, expected: [String]) {
        let encountered = encountered == "<EOF>" ? encountered : Self.escape(encountered)
        self.encountered = encountered
        self.line = line
        self.column = column
        self.expected = expected
        var m = "SQL parse failed. Encountered \"\(encountered)\" at line \(line), column \(column)."
        if !expected.isEmpty {
            m += "\nWas expecting one of:"
            for e in expected { m += "\n    " + e + " ..." }
        }
        self.message = m
    }

    /// A lexical error (unterminated string, comment or quoted identifier, or a stray character).
    public init(lexical detail: String, line: Int, column: Int, encountered: String) {
        self.encountered = encountered
        self.line = line
        self.column = column
        self.expected = []
        self.message = "SQL parse failed. Lexical error at line \(line), column \(column).  \(detail)"
    }

    /// JavaCC's `add_escapes`, used by Calcite when it quotes a token.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\u{8}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{C}": out += "\\f"
            case "\r": out += "\\r"
            case "\"": out += "\\\""
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The first line of `message` (Flink's summary sentence).
    public var summary: String {
        if let nl = message.firstIndex(of: "\n") { return String(message[..<nl]) }
        return message
    }

    public var description: String { message }
}
