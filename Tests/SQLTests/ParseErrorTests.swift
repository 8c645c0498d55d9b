import Testing
@testable import SQL

/// Syntax errors: Flink's message, the offending token, and its exact line and column in the script.
struct ParseErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let sql: String
        let line: Int
        let column: Int
        let token: String
        var testDescription: String { sql }
    }

    static let cases: [Case] = [
        Case(sql: "SELECT market_slug, COUNT(*) AS mentions\nFROM rss_events\nGROUP market_slug;", line: 3, column: 7, token: "market_slug"),
        Case(sql: "SELECT * FROM", line: 1, column: 13, token: "<EOF>"),
        Case(sql: "SELECT a FROM t WHERE", line: 1, column: 21, token: "<EOF>"),
        Case(sql: "SELECT a FROM t WHERE;", line: 1, column: 21, token: "<EOF>"),
        Case(sql: "SELECT a,\nFROM t", line: 2, column: 1, token: "FROM"),
        Case(sql: "CREATE TABLE t (a INT);\nSELECT a FROM t GROUP a;", line: 2, column: 23, token: "a"),
        Case(sql: "SELECT (a FROM t", line: 1, column: 11, token: "FROM"),
        Case(sql: "SELECT a FROM t t2 t3", line: 1, column: 20, token: "t3"),
        Case(sql: "SELECT a FROM t WHERE a = 1 'x'", line: 1, column: 29, token: "\\'x\\'"),
        Case(sql: "CREATE TABLE t (a INT", line: 1, column: 21, token: "<EOF>"),
        Case(sql: "CREATE TABLE t (a INT,)", line: 1, column: 23, token: ")"),
        Case(sql: "INSERT t SELECT 1", line: 1, column: 8, token: "t"),
        Case(sql: "SELECT select FROM t", line: 1, column: 8, token: "select"),
        Case(sql: "SELECT 'héllo' FROM t WHERE", line: 1, column: 27, token: "<EOF>"),
        Case(sql: "SELECT\ta\tFROM\tt\tGROUP\tBY", line: 1, column: 24, token: "<EOF>"),
        Case(sql: "-- comment ; with semicolon\n/* and ; here */ SELECT 1;\nSELECT 2 FROM", line: 3, column: 13, token: "<EOF>"),
        Case(sql: "SELECT a FROM t;;; SELECT b FROM", line: 1, column: 32, token: "<EOF>"),
        Case(sql: "SELEC a FROM t", line: 1, column: 1, token: "SELEC"),
        Case(sql: "SELECT CAST(a AS) FROM t", line: 1, column: 17, token: ")"),
        Case(sql: "SELECT CASE WHEN a THEN b FROM t", line: 1, column: 27, token: "FROM"),
        Case(sql: "SELECT a FROM t GROUP BY", line: 1, column: 24, token: "<EOF>"),
        Case(sql: "SELECT a FROM t ORDER a", line: 1, column: 23, token: "a"),
        Case(sql: "CREATE TABLE t (a INT) WITH ('k' = 1)", line: 1, column: 36, token: "1"),
        Case(sql: "CREATE TABLE t (a INT, PRIMARY KEY (a))", line: 1, column: 39, token: ")"),
        Case(sql: "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK ts AS ts)", line: 1, column: 44, token: "ts"),
        Case(sql: "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOURS2))", line: 1, column: 66, token: "HOURS2"),
        Case(sql: "SELECT a FROM t WHERE a IS 3", line: 1, column: 28, token: "3"),
        Case(sql: "SELECT a FROM t WHERE a BETWEEN 1", line: 1, column: 33, token: "<EOF>"),
        Case(sql: "DROP t", line: 1, column: 6, token: "t"),
        Case(sql: "SHOW tablez", line: 1, column: 6, token: "tablez"),
        Case(sql: "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\n", line: 2, column: 23, token: "<EOF>"),
        Case(sql: "BEGIN STATEMENT SET;\nSELECT 1;\nEND;", line: 2, column: 1, token: "SELECT"),
        Case(sql: "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; SELECT 2; END", line: 1, column: 53, token: "SELECT"),
        Case(sql: "SELECT a FROM t\n  WHERE x = = 1", line: 2, column: 13, token: "="),
        Case(sql: "SELECT f(a,) FROM t", line: 1, column: 12, token: ")"),
        Case(sql: "SELECT \"a\" \"b\" c FROM t", line: 1, column: 16, token: "c"),
    ]

    @Test(arguments: cases) func reportsPosition(_ c: Case) throws {
        let err = try #require(parseError(c.sql), "expected a parse error")
        #expect(err.line == c.line)
        #expect(err.column == c.column)
        #expect(err.encountered == c.token)
        #expect(err.summary == "SQL parse failed. Encountered \"\(c.token)\" at line \(c.line), column \(c.column).")
        #expect(err.code == "sql_parse_error")
        #expect(err.phase == "parse")
        #expect(!err.expected.isEmpty)
        #expect(err.message.contains("Was expecting one of:"))
    }

    @Test func expectedListNamesTheMissingKeyword() throws {
        let err = try #require(parseError("SELECT a FROM t GROUP a"))
        #expect(err.expected == ["\"BY\""])
        #expect(err.message == "SQL parse failed. Encountered \"a\" at line 1, column 23.\nWas expecting one of:\n    \"BY\" ...")
    }

    @Test func lexicalErrors() throws {
        let unterminated = try #require(parseError("SELECT 'abc FROM t"))
        #expect(unterminated.line == 1 && unterminated.column == 8)
        #expect(unterminated.message.hasPrefix("SQL parse failed. Lexical error at line 1, column 8."))
        let comment = try #require(parseError("SELECT 1 /* never closed"))
        #expect(comment.line == 1 && comment.column == 10)
        let quoted = try #require(parseError("SELECT `abc FROM t"))
        #expect(quoted.line == 1 && quoted.column == 8)
        let stray = try #require(parseError("SELECT a\n  FROM t WHERE a # 1"))
        #expect(stray.line == 2 && stray.column == 18)
        #expect(stray.encountered == "#")
        #expect(stray.code == "sql_parse_error")
    }

    @Test func singleStatementEntryPointRejectsTrailingInput() throws {
        #expect(throws: SQLParseError.self) { try SQLParser.parseStatement("SELECT 1; SELECT 2") }
        #expect(throws: SQLParseError.self) { try SQLParser.parseExpression("a +") }
        #expect(throws: SQLParseError.self) { try SQLParser.parseType("DECIMAL(10,") }
        #expect(try SQLParser.parseStatement("SELECT 1;") == SQLParser.parseStatement("SELECT 1"))
    }
}
