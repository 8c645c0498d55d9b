/// One lexical token with its place in the whole script.
public struct Token: Sendable, Hashable {
    public enum Kind: UInt8, Sendable {
        case word            // unquoted identifier or keyword (`keyword` set when it is one)
        case quotedIdentifier // `like this` (value unescaped) or "like this"
        case string          // 'text' (value unescaped)
        case binaryString    // X'0A1B'
        case integer, decimal, approximate // 12, 1.5, 1e3
        case comma, dot, semicolon, leftParen, rightParen, leftBracket, rightBracket
        case plus, minus, star, slash, percent, concat
        case equals, notEquals, bangEquals, less, lessEqual, greater, greaterEqual
        case arrow           // =>
        case question        // ?
        case eof
    }

    public var kind: Kind
    public var keyword: Keyword?
    /// Identifier name / string contents / number text; for other tokens the text as written.
    public var value: String
    /// Byte range in the script.
    public var start: Int
    public var end: Int
    public var position: SourcePosition
    /// Position of the token's last character.
    public var endPosition: SourcePosition

    public var span: SourceSpan { SourceSpan(start: position, end: endPosition, endOffset: end) }

    public func isKeyword(_ k: Keyword) -> Bool { kind == .word && keyword == k }
}
