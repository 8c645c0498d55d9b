/// Recursive-descent parser for Flink SQL over the token list of a whole script.
///
/// Use the static entry points: `parseScript`, `parseStatement`, `parseQuery`, `parseExpression`,
/// `parseType`. Errors are `SQLParseError` with Flink's message and the position of the offending token;
/// a `;` (or the end of input) is reported as `<EOF>` at the last character of the statement, as Flink
/// parses each statement of a script on its own.
public struct SQLParser {
    let tokens: [Token]
    let source: [UInt8]
    var p = 0
    /// Current nesting of expressions, queries and types; capped so hostile input cannot exhaust the stack
    /// (parsers may run on threads with small stacks).
    var depth = 0
    static let maxDepth = 100

    init(_ text: String) throws(SQLParseError) {
        var lexer = Lexer(text)
        tokens = try lexer.run()
        source = lexer.bytes
    }

    // MARK: entry points

    /// Parses a script: statements separated by `;`; comment-only pieces are skipped; the SQL-client form
    /// `BEGIN STATEMENT SET; INSERT …; END;` becomes one `.statementSet`.
    public static func parseScript(_ text: String) throws(SQLParseError) -> [ParsedStatement] {
        var parser = try SQLParser(text)
        return try parser.script()
    }

    /// Parses exactly one statement (a trailing `;` is allowed).
    public static func parseStatement(_ text: String) throws(SQLParseError) -> Statement {
        var parser = try SQLParser(text)
        let s = try parser.statement()
        if parser.current.kind == .semicolon { parser.p += 1 }
        try parser.expectEnd()
        return s
    }

    public static func parseQuery(_ text: String) throws(SQLParseError) -> Query {
        var parser = try SQLParser(text)
        let q = try parser.query()
        try parser.expectEnd()
        return q
    }

    public static func parseExpression(_ text: String) throws(SQLParseError) -> Expr {
        var parser = try SQLParser(text)
        let e = try parser.expression()
        try parser.expectEnd()
        return e
    }

    public static func parseType(_ text: String) throws(SQLParseError) -> TypeSyntax {
        var parser = try SQLParser(text)
        let t = try parser.dataType()
        try parser.expectEnd()
        return t
    }

    // MARK: script

    mutating func script() throws(SQLParseError) -> [ParsedStatement] {
        var out: [ParsedStatement] = []
        var pendingSet: (inserts: [Insert], start: Int)? = nil
        while true {
            while current.kind == .semicolon { p += 1 }
            if current.kind == .eof { break }
            let startIndex = p
            if pendingSet == nil, isKeyword(.BEGIN), peekIsKeyword(1, .STATEMENT), peekIsKeyword(2, .SET),
               peek(3).kind == .semicolon || peek(3).kind == .eof {
                p += 3
                pendingSet = ([], startIndex)
                try expectStatementEnd()
                continue
            }
            if let set = pendingSet {
                if isKeyword(.END) {
                    p += 1
                    try expectStatementEnd()
                    out.append(made(.statementSet(set.inserts), from: set.start))
                    pendingSet = nil
                    continue
                }
                guard isKeyword(.INSERT) else { throw error(expected: ["\"INSERT\"", "\"END\""]) }
                let stmt = try statement()
                try expectStatementEnd()
                if case .insert(let ins) = stmt { pendingSet!.inserts.append(ins) }
                continue
            }
            let stmt = try statement()
            try expectStatementEnd()
            out.append(made(stmt, from: startIndex))
        }
        if pendingSet != nil { throw error(expected: ["\"INSERT\"", "\"END\""]) }
        return out
    }

    func made(_ s: Statement, from startIndex: Int) -> ParsedStatement {
        let sp = span(from: startIndex)
        let text = String(decoding: source[tokens[startIndex].start..<sp.endOffset], as: UTF8.self)
        return ParsedStatement(statement: s, span: sp, text: text)
    }

    mutating func expectStatementEnd() throws(SQLParseError) {
        if current.kind == .semicolon || current.kind == .eof { return }
        throw error(expected: ["\";\"", "<EOF>"])
    }

    mutating func expectEnd() throws(SQLParseError) {
        if current.kind == .eof { return }
        throw error(expected: ["<EOF>"])
    }

    // MARK: token helpers

    var current: Token { tokens[p] }

    func peek(_ k: Int) -> Token { tokens[min(p + k, tokens.count - 1)] }

    func isKeyword(_ k: Keyword) -> Bool { tokens[p].kind == .word && tokens[p].keyword == k }

    func peekIsKeyword(_ offset: Int, _ k: Keyword) -> Bool {
        let t = peek(offset)
        return t.kind == .word && t.keyword == k
    }

    mutating func accept(_ k: Keyword) -> Bool {
        if isKeyword(k) { p += 1; return true }
        return false
    }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        if tokens[p].kind == kind { p += 1; return true }
        return false
    }

    mutating func expect(_ k: Keyword) throws(SQLParseError) {
        if !accept(k) { throw error(expected: ["\"\(k.rawValue)\""]) }
    }

    mutating func expect(_ kind: Token.Kind, _ spelled: String) throws(SQLParseError) {
        if !accept(kind) { throw error(expected: ["\"\(spelled)\""]) }
    }

    /// Span from token `startIndex` to the last consumed token.
    func span(from startIndex: Int) -> SourceSpan {
        let last = tokens[max(startIndex, p - 1)]
        return SourceSpan(start: tokens[startIndex].position, end: last.endPosition, endOffset: last.end)
    }

    /// An error at the current token (`;` and the end of input read as `<EOF>` at the statement's last character).
    func error(expected: [String]) -> SQLParseError {
        let t = current
        if t.kind == .eof || t.kind == .semicolon {
            let at = p > 0 ? tokens[p - 1].endPosition : t.position
            return SQLParseError(encountered: "<EOF>", line: at.line, column: at.column, expected: expected)
        }
        let text = String(decoding: source[t.start..<t.end], as: UTF8.self)
        return SQLParseError(encountered: text, line: t.position.line, column: t.position.column, expected: expected)
    }

    /// Enters one level of nesting; fails with a parse error at the current token past `maxDepth`.
    mutating func enter() throws(SQLParseError) {
        depth += 1
        if depth > Self.maxDepth {
            var e = error(expected: [])
            e.message = e.summary + "\nNesting deeper than \(Self.maxDepth) levels is not supported."
            throw e
        }
    }

    // MARK: names

    /// Whether the current token can be read as an identifier.
    var atIdentifier: Bool {
        let t = current
        switch t.kind {
        case .quotedIdentifier: return true
        case .word: return t.keyword.map { !$0.isReserved } ?? true
        default: return false
        }
    }

    mutating func identifier() throws(SQLParseError) -> Identifier {
        guard atIdentifier else { throw error(expected: ["<IDENTIFIER>", "<QUOTED_IDENTIFIER>"]) }
        let t = current
        p += 1
        return Identifier(t.value, span: t.span)
    }

    mutating func objectName() throws(SQLParseError) -> ObjectName {
        let start = p
        var parts = [try identifier()]
        while current.kind == .dot {
            p += 1
            parts.append(try identifier())
        }
        return ObjectName(parts, span: span(from: start))
    }

    mutating func identifierList() throws(SQLParseError) -> [Identifier] {
        try expect(.leftParen, "(")
        var out = [try identifier()]
        while accept(.comma) { out.append(try identifier()) }
        try expect(.rightParen, ")")
        return out
    }

    mutating func stringLiteral() throws(SQLParseError) -> String {
        guard current.kind == .string else { throw error(expected: ["<QUOTED_STRING>"]) }
        let v = current.value
        p += 1
        return v
    }

    mutating func integerLiteral() throws(SQLParseError) -> Int {
        guard current.kind == .integer, let v = Int(current.value) else { throw error(expected: ["<UNSIGNED_INTEGER_LITERAL>"]) }
        p += 1
        return v
    }
}
