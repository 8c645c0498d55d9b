import Testing
@testable import SQL

struct LexerTests {
    func kinds(_ s: String) throws -> [Token.Kind] { try Lexer.tokenize(s).map(\.kind) }

    @Test func keywordsAreCaseInsensitiveIdentifiersKeepSpelling() throws {
        let t = try Lexer.tokenize("select MyCol fRoM T")
        #expect(t[0].keyword == .SELECT)
        #expect(t[1].keyword == nil && t[1].value == "MyCol")
        #expect(t[2].keyword == .FROM && t[2].value == "fRoM")
        #expect(t[3].value == "T")
        #expect(t.last?.kind == .eof)
    }

    @Test func quotedIdentifiersAndStrings() throws {
        let t = try Lexer.tokenize("`a``b` 'it''s' '' `select` \"dq\"")
        #expect(t[0].kind == .quotedIdentifier && t[0].value == "a`b")
        #expect(t[1].kind == .string && t[1].value == "it's")
        #expect(t[2].kind == .string && t[2].value == "")
        #expect(t[3].kind == .quotedIdentifier && t[3].value == "select" && t[3].keyword == nil)
        #expect(t[4].kind == .quotedIdentifier && t[4].value == "dq")
    }

    @Test func numbers() throws {
        let t = try Lexer.tokenize("1 12.5 .5 1e3 2.5E-2 3E+4 7.")
        #expect(t.prefix(7).map(\.kind) == [.integer, .decimal, .decimal, .approximate, .approximate, .approximate, .decimal])
        #expect(t.prefix(7).map(\.value) == ["1", "12.5", ".5", "1e3", "2.5E-2", "3E+4", "7."])
        // `t.1e` style: a word right after a number is its own token
        #expect(try kinds("1x") == [.integer, .word, .eof])
    }

    @Test func operators() throws {
        #expect(try kinds("|| <> != <= >= = < > + - * / % . , ; ( ) [ ] => ?") ==
                [.concat, .notEquals, .bangEquals, .lessEqual, .greaterEqual, .equals, .less, .greater, .plus,
                 .minus, .star, .slash, .percent, .dot, .comma, .semicolon, .leftParen, .rightParen,
                 .leftBracket, .rightBracket, .arrow, .question, .eof])
        #expect(try kinds("a-1") == [.word, .minus, .integer, .eof])
        #expect(try kinds("a--1\nb") == [.word, .word, .eof])
        #expect(try kinds("a/*x*/b/**/c") == [.word, .word, .word, .eof])
    }

    @Test func positionsAreOneBasedAndCountScalars() throws {
        let t = try Lexer.tokenize("SELECT\n  'é€' ,\tx -- c\n/* multi\nline */ y")
        #expect(t[0].position == SourcePosition(line: 1, column: 1, offset: 0))
        #expect(t[0].endPosition.column == 6)
        #expect(t[1].position.line == 2 && t[1].position.column == 3)
        #expect(t[1].endPosition.line == 2 && t[1].endPosition.column == 6)
        #expect(t[2].position.column == 8)                  // the comma, after 2 scalars of 2 and 3 bytes
        #expect(t[3].position.column == 10)                 // a tab is one column
        #expect(t[4].position.line == 4 && t[4].position.column == 9)
    }

    @Test func multiLineStringEndPosition() throws {
        let t = try Lexer.tokenize("'a\nbc' x")
        #expect(t[0].value == "a\nbc")
        #expect(t[0].endPosition.line == 2 && t[0].endPosition.column == 3)
        #expect(t[1].position.line == 2 && t[1].position.column == 5)
    }

    @Test func binaryStringAndEmptyInput() throws {
        let t = try Lexer.tokenize("X'0aFF' x'' xy")
        #expect(t[0].kind == .binaryString && t[0].value == "0aFF")
        #expect(t[1].kind == .binaryString && t[1].value == "")
        #expect(t[2].kind == .word)
        #expect(try kinds("") == [.eof])
        #expect(try kinds("  -- only a comment") == [.eof])
        #expect(try SQLParser.parseScript("-- nothing\n;/* here */;  ").isEmpty)
    }
}
