import Testing
@testable import SQL

/// The tree's shape and positions, as the planner relies on them.
struct SyntaxTreeTests {
    func select(_ sql: String) throws -> Select {
        let q = try SQLParser.parseQuery(sql)
        return try #require(q.select)
    }

    @Test func scriptSplitsWithWholeScriptPositions() throws {
        let sql = "CREATE TABLE a (x INT);\n-- note; not a statement\n\nSELECT x\nFROM a;  /* trailing */"
        let stmts = try SQLParser.parseScript(sql)
        #expect(stmts.count == 2)
        #expect(stmts[0].text == "CREATE TABLE a (x INT)")
        #expect(stmts[1].text == "SELECT x\nFROM a")
        #expect(stmts[1].span.start.line == 4 && stmts[1].span.start.column == 1)
        #expect(stmts[1].span.end.line == 5 && stmts[1].span.end.column == 6)
        guard case .query(let q) = stmts[1].statement, let s = q.select else { Issue.record("not a select"); return }
        #expect(s.items[0].expr.position.line == 4 && s.items[0].expr.position.column == 8)
    }

    @Test func expressionSpansMatchFlinkPositions() throws {
        // 031: "From line 14, column 25 to line 14, column 36" for the unknown column in SUM(keyword_scor)
        let s = try select("SELECT market_slug, SUM(keyword_scor) AS ks\nFROM rss_events")
        guard case .call(let sum) = s.items[1].expr.kind else { Issue.record("not a call"); return }
        #expect(s.items[1].expr.span.start.column == 21 && s.items[1].expr.span.end.column == 37)
        #expect(sum.arguments[0].span.start.column == 25 && sum.arguments[0].span.end.column == 36)
        // 032: "From line 15, column 6 to line 15, column 14" for the unknown table
        guard case .table(let t) = s.from else { Issue.record("not a table"); return }
        #expect(t.name.span.start.line == 2 && t.name.span.start.column == 6)
        #expect(t.name.span.end.line == 2 && t.name.span.end.column == 15)
        // 033: "From line 14, column 21 to line 14, column 36" for SUM(market_slug)
        let s2 = try select("SELECT market_slug, SUM(market_slug) AS total FROM t")
        #expect(s2.items[1].expr.span.start.column == 21 && s2.items[1].expr.span.end.column == 36)
        let e = try SQLParser.parseExpression("a + b * c")
        #expect(e.span.start.column == 1 && e.span.end.column == 9)
    }

    @Test func specialFormsAreNormalisedToCalls() throws {
        func call(_ sql: String) throws -> FunctionCall {
            let e = try SQLParser.parseExpression(sql)
            guard case .call(let c) = e.kind else { throw SQLParseError(encountered: sql, line: 0, column: 0, expected: []) }
            return c
        }
        let ex = try call("extract(year from ts)")
        #expect(ex.name.name == "EXTRACT" && ex.arguments.first?.kind == .timeUnit(.year))
        let pos = try call("POSITION('-' IN code)")
        #expect(pos.arguments.count == 2)
        let trim = try call("TRIM(city)")
        #expect(trim.arguments.map(\.kind) == [.trimFlag(.both), .literal(.string(" ")), .identifier(["city"])])
        let sub = try call("SUBSTRING(`last` FROM 2 FOR 3)")
        #expect(sub.arguments.map(\.kind) == [.identifier(["last"]), .literal(.integer("2")), .literal(.integer("3"))])
        let floor = try call("FLOOR(ts TO HOUR)")
        #expect(floor.arguments.last?.kind == .timeUnit(.hour))
        let add = try call("TIMESTAMPADD(MINUTE, 30, ts)")
        #expect(add.arguments.first?.kind == .timeUnit(.minute))
        let now = try call("CURRENT_TIMESTAMP")
        #expect(!now.hasParentheses && now.arguments.isEmpty)
        let count = try call("COUNT(*)")
        #expect(count.arguments.first?.kind == .star(qualifier: []))
        let cd = try call("COUNT(DISTINCT x)")
        #expect(cd.isDistinct)
        let rn = try call("ROW_NUMBER() OVER (PARTITION BY a ORDER BY ts DESC)")
        guard case .spec(let spec) = rn.over else { Issue.record("no window"); return }
        #expect(spec.partitionBy.count == 1 && spec.orderBy.first?.descending == true)
    }

    @Test func literalsAndIntervals() throws {
        #expect(try SQLParser.parseExpression("INTERVAL '5' SECOND").kind ==
                .literal(.interval(IntervalLiteral(value: "5", qualifier: IntervalQualifier(start: .second)))))
        #expect(try SQLParser.parseExpression("INTERVAL '1:30' HOUR TO MINUTE").kind ==
                .literal(.interval(IntervalLiteral(value: "1:30", qualifier: IntervalQualifier(start: .hour, end: .minute)))))
        #expect(try SQLParser.parseExpression("4.50").kind == .literal(.decimal("4.50")))
        #expect(try SQLParser.parseExpression("-1").kind == .unary(.minus, Expr(.literal(.integer("1")))))
        #expect(try SQLParser.parseExpression("DATE '2024-01-02'").kind == .literal(.date("2024-01-02")))
        #expect(try SQLParser.parseExpression("t.`a b`.c").kind == .identifier(["t", "a b", "c"]))
    }

    @Test func precedenceFollowsCalcite() throws {
        let e = try SQLParser.parseExpression("NOT a = 1 AND b OR c IS NULL")
        guard case .binary(.or, let l, let r) = e.kind, case .binary(.and, let nl, _) = l.kind,
              case .unary(.not, let inner) = nl.kind, case .binary(.equals, _, _) = inner.kind,
              case .isPredicate(_, .null, negated: false) = r.kind
        else { Issue.record("wrong tree \(SQLPrinter.print(e))"); return }
        let b = try SQLParser.parseExpression("o.ts BETWEEN s.ts - INTERVAL '10' MINUTE AND s.ts AND x")
        guard case .binary(.and, let bl, _) = b.kind, case .between = bl.kind else { Issue.record("between"); return }
    }

    @Test func createTableShape() throws {
        let s = try SQLParser.parseStatement("""
        CREATE TABLE IF NOT EXISTS r (
          a STRING, ts AS TO_TIMESTAMP(a), m TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
          d DECIMAL(10, 2) NOT NULL COMMENT 'money',
          WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (a) NOT ENFORCED
        ) WITH ('connector' = 'filesystem', 'format' = 'json')
        """)
        guard case .createTable(let t) = s else { Issue.record("not create table"); return }
        #expect(t.ifNotExists && t.name.name == "r")
        #expect(t.columns.map(\.name.name) == ["a", "ts", "m", "d"])
        #expect(t.columns[0].type == TypeSyntax("STRING"))
        #expect(t.columns[3].type == TypeSyntax("DECIMAL", parameters: [10, 2], nullable: false))
        #expect(t.columns[3].comment == "money")
        #expect(t.columns[2].kind == .metadata(TypeSyntax("TIMESTAMP_LTZ", parameters: [3]), key: "timestamp", isVirtual: true))
        #expect(t.watermarks.first?.column.name == "ts")
        #expect(t.primaryKey?.columns.map(\.name) == ["a"])
        #expect(t.option("format") == "json")
    }

    @Test func statementSetForms() throws {
        let script = "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\nSELECT 3;"
        let stmts = try SQLParser.parseScript(script)
        #expect(stmts.count == 2)
        guard case .statementSet(let inserts) = stmts[0].statement else { Issue.record("no set"); return }
        #expect(inserts.map(\.table.name) == ["a", "b"])
        let exec = try SQLParser.parseScript("EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;")
        #expect(exec.count == 1 && exec[0].statement == stmts[0].statement)
    }

    @Test func windowTVFArguments() throws {
        let s = try select("SELECT * FROM TABLE(TUMBLE(TABLE rss_events, DESCRIPTOR(published_at), INTERVAL '1' HOUR))")
        guard case .function(let f) = s.from, case .call(let c) = f.call.kind else { Issue.record("no tvf"); return }
        #expect(c.name.name == "TUMBLE")
        #expect(c.arguments[0].kind == .tableArgument(ObjectName(["rss_events"])))
        #expect(c.arguments[1].kind == .descriptor(["published_at"]))
    }

    @Test func typesParse() throws {
        #expect(try SQLParser.parseType("INTEGER") == TypeSyntax("INT"))
        #expect(try SQLParser.parseType("TIMESTAMP(3) WITH LOCAL TIME ZONE") == TypeSyntax("TIMESTAMP_LTZ", parameters: [3]))
        #expect(try SQLParser.parseType("MAP<STRING, ARRAY<INT NOT NULL>>") ==
                TypeSyntax("MAP", elements: [TypeSyntax("STRING"), TypeSyntax("ARRAY", elements: [TypeSyntax("INT", nullable: false)])]))
        #expect(try SQLParser.parseType("ROW<a INT, b STRING>").fieldNames.map(\.name) == ["a", "b"])
        #expect(try SQLParser.parseType("DOUBLE PRECISION") == TypeSyntax("DOUBLE"))
    }
}
