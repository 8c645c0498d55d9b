/// Turns a script (UTF-8 bytes) into tokens. Comments and whitespace are skipped; positions are relative to
/// the whole script. The token list always ends with `.eof`.
public struct Lexer {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var column = 1
    var tokens: [Token] = []

    public init(_ text: String) { bytes = Array(text.utf8) }
    init(bytes: [UInt8]) { self.bytes = bytes }

    public static func tokenize(_ text: String) throws(SQLParseError) -> [Token] {
        var l = Lexer(text)
        return try l.run()
    }

    var position: SourcePosition { SourcePosition(line: line, column: column, offset: i) }

    /// Advances one byte, keeping line/column (columns count scalars: continuation bytes do not advance).
    @inline(__always) mutating func advance() {
        let b = bytes[i]
        i += 1
        if b == 0x0A {
            line += 1; column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    @inline(__always) func peek(_ k: Int = 0) -> UInt8 {
        let j = i + k
        return j < bytes.count ? bytes[j] : 0
    }

    mutating func run() throws(SQLParseError) -> [Token] {
        tokens.reserveCapacity(bytes.count / 4 + 1)
        while true {
            try skipTrivia()
            guard i < bytes.count else { break }
            let start = i
            let startPos = position
            var kind: Token.Kind
            var keyword: Keyword? = nil
            var value: String? = nil
            let b = bytes[i]
            switch b {
            case _ where isIdentStart(b):
                if (b == 0x58 || b == 0x78) && peek(1) == 0x27 { // X'..'
                    advance()
                    value = try readQuoted(quote: 0x27, startPos: startPos)
                    kind = .binaryString
                } else {
                    var packed = PackedWord()
                    var packable = true
                    while i < bytes.count && isIdentPart(bytes[i]) {
                        if packable { packable = packed.append(bytes[i]) }
                        advance()
                    }
                    kind = .word
                    if packable { keyword = Keyword.byPackedName[packed] }
                    value = String(decoding: bytes[start..<i], as: UTF8.self)
                }
            case 0x30...0x39:
                kind = lexNumber()
            case 0x2E where isDigit(peek(1)):
                kind = lexNumber()
            case 0x27:
                value = try readQuoted(quote: 0x27, startPos: startPos)
                kind = .string
                // adjacent literals 'a' 'b' are not concatenated here (Flink requires a newline; rare)
            case 0x60:
                value = try readQuoted(quote: 0x60, startPos: startPos)
                kind = .quotedIdentifier
            case 0x22:
                value = try readQuoted(quote: 0x22, startPos: startPos)
                kind = .quotedIdentifier
            default:
                kind = try lexSymbol(startPos: startPos)
            }
            let endPos = lastCharPosition(from: start)
            tokens.append(Token(kind: kind, keyword: keyword,
                                value: value ?? String(decoding: bytes[start..<i], as: UTF8.self),
                                start: start, end: i, position: startPos, endPosition: endPos))
        }
        let p = position
        tokens.append(Token(kind: .eof, keyword: nil, value: "<EOF>", start: i, end: i, position: p, endPosition: p))
        return tokens
    }

    /// Position of the last character of the token that ended just before `i`.
    func lastCharPosition(from start: Int) -> SourcePosition {
        // Walk back to the start of the last scalar; tokens never end in a newline except quoted ones
        // spanning lines, where the column arithmetic below still holds because we recompute from line start.
        var j = i - 1
        while j > start && bytes[j] & 0xC0 == 0x80 { j -= 1 }
        if bytes[j] == 0x0A { return SourcePosition(line: line - 1, column: 1, offset: j) }
        return SourcePosition(line: line, column: max(1, column - 1), offset: j)
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x24 || b >= 0x80
    }
    @inline(__always) func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    mutating func skipTrivia() throws(SQLParseError) {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                advance()
            } else if b == 0x2D && peek(1) == 0x2D {
                while i < bytes.count && bytes[i] != 0x0A { advance() }
            } else if b == 0x2F && peek(1) == 0x2A {
                let startPos = position
                advance(); advance()
                var closed = false
                while i < bytes.count {
                    if bytes[i] == 0x2A && peek(1) == 0x2F { advance(); advance(); closed = true; break }
                    advance()
                }
                if !closed {
                    throw SQLParseError(lexical: "Encountered: <EOF> after : \"/*\"", line: startPos.line,
                                        column: startPos.column, encountered: "<EOF>")
                }
            } else {
                return
            }
        }
    }

    /// Reads a quoted run where a doubled quote stands for one quote; returns the unescaped contents.
    mutating func readQuoted(quote: UInt8, startPos: SourcePosition) throws(SQLParseError) -> String {
        advance() // opening quote
        var out: [UInt8] = []
        var runStart = i
        while true {
            guard i < bytes.count else {
                let seen = String(decoding: bytes[(startPos.offset)..<min(bytes.count, startPos.offset + 40)],
                                  as: UTF8.self)
                throw SQLParseError(lexical: "Encountered: <EOF> after : \"\(seen)\"", line: startPos.line,
                                    column: startPos.column, encountered: "<EOF>")
            }
            if bytes[i] == quote {
                out.append(contentsOf: bytes[runStart..<i])
                advance()
                if i < bytes.count && bytes[i] == quote {
                    out.append(quote)
                    advance()
                    runStart = i
                    continue
                }
                return String(decoding: out, as: UTF8.self)
            }
            advance()
        }
    }

    mutating func lexNumber() -> Token.Kind {
        var kind = Token.Kind.integer
        while isDigit(peek()) { advance() }
        if peek() == 0x2E && isDigit(peek(1)) || (peek() == 0x2E && kind == .integer && !isIdentStart(peek(1))) {
            kind = .decimal
            advance()
            while isDigit(peek()) { advance() }
        }
        if peek() == 0x45 || peek() == 0x65 {
            let sign = peek(1) == 0x2B || peek(1) == 0x2D
            if isDigit(peek(sign ? 2 : 1)) {
                kind = .approximate
                advance()
                if sign { advance() }
                while isDigit(peek()) { advance() }
            }
        }
        return kind
    }

    mutating func lexSymbol(startPos: SourcePosition) throws(SQLParseError) -> Token.Kind {
        let b = bytes[i]
        let n = peek(1)
        advance()
        switch b {
        case 0x2C: return .comma
        case 0x2E: return .dot
        case 0x3B: return .semicolon
        case 0x28: return .leftParen
        case 0x29: return .rightParen
        case 0x5B: return .leftBracket
        case 0x5D: return .rightBracket
        case 0x2B: return .plus
        case 0x2D: return .minus
        case 0x2A: return .star
        case 0x2F: return .slash
        case 0x25: return .percent
        case 0x3F: return .question
        case 0x7C where n == 0x7C: advance(); return .concat
        case 0x3D where n == 0x3E: advance(); return .arrow
        case 0x3D: return .equals
        case 0x21 where n == 0x3D: advance(); return .bangEquals
        case 0x3C where n == 0x3E: advance(); return .notEquals
        case 0x3C where n == 0x3D: advance(); return .lessEqual
        case 0x3C: return .less
        case 0x3E where n == 0x3D: advance(); return .greaterEqual
        case 0x3E: return .greater
        default:
            var j = startPos.offset + 1
            while j < bytes.count && bytes[j] & 0xC0 == 0x80 { j += 1 }
            let ch = String(decoding: bytes[startPos.offset..<j], as: UTF8.self)
            throw SQLParseError(lexical: "Encountered: \"\(ch)\"", line: startPos.line, column: startPos.column,
                                encountered: ch)
        }
    }
}
