import Testing
@testable import SQL

/// Golden parse tests: every statement form survives parse → print → parse.
struct StatementRoundTripTests {
    static let ddl: [String] = [
        "CREATE TABLE t (a INT)",
        "CREATE TABLE IF NOT EXISTS cat.db.t (a INT NOT NULL, b STRING NULL)",
        "CREATE TEMPORARY TABLE t (a INT) WITH ('connector' = 'datagen')",
        """
        CREATE TABLE orders (
          id BIGINT COMMENT 'the id',
          v VARCHAR(10), c CHAR(3), b BOOLEAN, ti TINYINT, si SMALLINT, i INTEGER, f FLOAT, d DOUBLE,
          dp DOUBLE PRECISION, dec1 DECIMAL(10, 2), dec2 DEC(5), dec3 NUMERIC, dt DATE, tm TIME(3),
          ts TIMESTAMP(3), ts2 TIMESTAMP(6) WITHOUT TIME ZONE, ltz TIMESTAMP_LTZ(3),
          ltz2 TIMESTAMP(3) WITH LOCAL TIME ZONE, bys BYTES, bi BINARY(4), vb VARBINARY(8),
          arr ARRAY<INT NOT NULL>, m MAP<STRING, ARRAY<DOUBLE>>, r ROW<x INT, y STRING 'why'>,
          r2 ROW(a INT, b ROW<c BIGINT>), cv CHARACTER VARYING(5),
          total AS v || 'x',
          event_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
          part INT METADATA VIRTUAL,
          off BIGINT METADATA,
          WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
          PRIMARY KEY (id) NOT ENFORCED
        ) COMMENT 'orders table' PARTITIONED BY (dt, v) WITH ('connector' = 'kafka', 'topic' = 'o''s')
        """,
        "CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED, name STRING)",
        "CREATE TABLE t (id INT) DISTRIBUTED BY HASH(id) INTO 6 BUCKETS WITH ('changelog.mode' = 'append')",
        "CREATE TABLE t (id INT, k STRING) DISTRIBUTED BY (id, k)", "CREATE TABLE t (id INT) DISTRIBUTED INTO 4 BUCKETS",
        "CREATE TABLE t (id INT) COMMENT 'x' DISTRIBUTED BY RANGE(id) INTO 2 BUCKETS PARTITIONED BY (id)",
        "CREATE TABLE t (id INT, CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED)",
        "CREATE TABLE t2 WITH ('connector' = 'print') AS SELECT a, b FROM t",
        "CREATE TABLE t2 (x INT) WITH ('a' = 'b') LIKE t (EXCLUDING OPTIONS, INCLUDING WATERMARKS)",
        "CREATE VIEW v AS SELECT * FROM t",
        "CREATE TEMPORARY VIEW IF NOT EXISTS v (a, b) COMMENT 'c' AS SELECT x, y FROM t",
        "DROP TABLE t", "DROP TABLE IF EXISTS db.t", "DROP VIEW v", "DROP TEMPORARY VIEW IF EXISTS v",
        "DROP DATABASE d", "DROP FUNCTION f",
        "ALTER TABLE t SET ('a' = 'b', 'c' = 'd')", "ALTER TABLE IF EXISTS t RESET ('a')",
        "ALTER TABLE t RENAME TO u",
        "SHOW TABLES", "SHOW VIEWS", "SHOW DATABASES", "SHOW CATALOGS", "SHOW FUNCTIONS", "SHOW JOBS",
        "SHOW MODULES", "SHOW CURRENT CATALOG", "SHOW CURRENT DATABASE", "SHOW CREATE TABLE t",
        "SHOW CREATE VIEW cat.db.v",
        "DESCRIBE t", "DESC db.t", "DESCRIBE EXTENDED t",
        "USE CATALOG c", "USE d", "USE c.d",
        "SET 'table.local-time-zone' = 'UTC'", "SET", "RESET", "RESET 'a.b'",
        "EXPLAIN SELECT 1", "EXPLAIN PLAN FOR INSERT INTO t SELECT 1",
    ]

    static let dml: [String] = [
        "INSERT INTO t SELECT * FROM s",
        "INSERT INTO t (a, b) SELECT x, y FROM s",
        "INSERT OVERWRITE t SELECT * FROM s",
        "INSERT INTO t PARTITION (dt = '2024-01-01', h = 3) SELECT a FROM s",
        "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO t (a) VALUES (1)",
        "INSERT INTO t (SELECT 1)",
        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT * FROM s; INSERT INTO b SELECT * FROM s; END",
        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END",
        "EXECUTE INSERT INTO a SELECT 1",
    ]

    static let queries: [String] = [
        "SELECT 1", "SELECT 1 + 2 * 3", "SELECT (1 + 2) * 3", "SELECT 1 - (2 - 3)", "SELECT 1 - 2 - 3",
        "SELECT DISTINCT a, b AS c, d e, `select` FROM t",
        "SELECT ALL * FROM t", "SELECT t.*, s.x FROM t, s",
        "SELECT a FROM t WHERE a > 1 AND (b < 2 OR c = 3) AND NOT d",
        "SELECT a, COUNT(*) AS n, COUNT(DISTINCT b), SUM(c) FROM t GROUP BY a HAVING COUNT(*) > 1",
        "SELECT a FROM t ORDER BY a DESC, b ASC NULLS LAST LIMIT 10",
        "SELECT a FROM t ORDER BY a LIMIT 10 OFFSET 5",
        "SELECT a FROM t FETCH FIRST 3 ROWS ONLY",
        "SELECT * FROM a JOIN b ON a.id = b.id",
        "SELECT * FROM a INNER JOIN b ON a.id = b.id LEFT OUTER JOIN c ON c.id = a.id",
        "SELECT * FROM a LEFT JOIN b ON TRUE RIGHT JOIN c USING (id) FULL OUTER JOIN d ON 1 = 1",
        "SELECT * FROM a CROSS JOIN b", "SELECT * FROM a NATURAL JOIN b",
        "SELECT * FROM a, b JOIN c ON b.x = c.x, d",
        "SELECT * FROM (SELECT a FROM t) AS s", "SELECT * FROM (SELECT a FROM t) s (x)",
        "SELECT * FROM (SELECT a FROM t)",
        "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (a, b)",
        "SELECT * FROM VALUES (1), (2)",
        "VALUES (1, 2), (3, 4)",
        "SELECT a FROM t UNION ALL SELECT b FROM s UNION SELECT c FROM u",
        "SELECT a FROM t UNION ALL (SELECT b FROM s UNION SELECT c FROM u)",
        "SELECT a FROM t EXCEPT SELECT a FROM s", "SELECT a FROM t INTERSECT DISTINCT SELECT a FROM s",
        "(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL SELECT 2",
        "WITH x AS (SELECT 1 AS a), y (b) AS (SELECT a FROM x) SELECT * FROM y",
        "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end",
        "SELECT * FROM TABLE(HOP(DATA => TABLE t, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '5' MINUTE, SIZE => INTERVAL '1' HOUR))",
        "SELECT * FROM TABLE(CUMULATE(TABLE db.t, DESCRIPTOR(ts), INTERVAL '5' MINUTE, INTERVAL '1' HOUR)) AS w",
        "SELECT a, s FROM t, LATERAL TABLE(split(a)) AS x (s)",
        "SELECT a FROM t LEFT JOIN LATERAL TABLE(f(a)) AS x (s) ON TRUE",
        "SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts AS r2 ON o.c = r2.c",
        "SELECT TUMBLE_START(ts, INTERVAL '1' HOUR), HOP_END(ts, INTERVAL '1' MINUTE, INTERVAL '1' HOUR) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)",
        "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY ts DESC) AS rn FROM t",
        "SELECT SUM(x) OVER (PARTITION BY a ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t",
        "SELECT SUM(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM t",
        "SELECT SUM(x) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING), MAX(x) OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
        "SELECT COUNT(*) FILTER (WHERE x > 1) FROM t",
        "SELECT * FROM t WHERE a IN (SELECT b FROM s) AND EXISTS (SELECT 1 FROM u) AND c = (SELECT MAX(c) FROM u)",
        "SELECT a FROM t GROUP BY ()",
        "SELECT a FROM t GROUP BY ROLLUP(a, b)",
    ]

    static let expressions: [String] = [
        "a IS NULL", "a IS NOT NULL", "a IS TRUE", "a IS NOT FALSE", "a IS UNKNOWN", "a IS DISTINCT FROM b",
        "a IS NOT DISTINCT FROM b + 1", "a BETWEEN 1 AND 2", "a NOT BETWEEN SYMMETRIC b - 1 AND b + 1",
        "a IN (1, 2, 3)", "a NOT IN ('x')", "a LIKE 'x%'", "a NOT LIKE 'x!%' ESCAPE '!'", "a SIMILAR TO 'x'",
        "a NOT SIMILAR TO 'y'", "a || b || 'c'", "a % 2", "-a", "+a", "- -a", "-(a + b)", "NOT NOT a",
        "NOT a = b", "(NOT a) = b", "a = b = c", "a = (b = c)", "(a OR b) AND c", "a OR b AND c",
        "a AND b IS NULL", "(a AND b) IS NULL", "a <> b", "a != b", "a <= b", "a >= b", "a < b", "a > b",
        "CAST(a AS BIGINT)", "TRY_CAST(a AS DECIMAL(10, 2) NOT NULL)", "CAST(x AS ROW<a INT, b ARRAY<STRING>>)",
        "CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END", "CASE a WHEN 1 THEN 2 END",
        "EXTRACT(YEAR FROM ts)", "EXTRACT(DOW FROM ts)", "POSITION('-' IN code)", "POSITION('a' IN s FROM 2)",
        "TRIM(s)", "TRIM(BOTH FROM s)", "TRIM(LEADING 'x' FROM s)", "TRIM(TRAILING FROM s)", "TRIM('x' FROM s)",
        "SUBSTRING(s FROM 2 FOR 3)", "SUBSTRING(s FROM 2)", "SUBSTRING(s, 2, 3)",
        "FLOOR(ts TO HOUR)", "CEIL(ts TO DAY)", "CEILING(x)", "FLOOR(x)",
        "TIMESTAMPADD(MINUTE, 30, ts)", "TIMESTAMPDIFF(SECOND, a, b)", "TIMESTAMPADD(SQL_TSI_DAY, 1, ts)",
        "INTERVAL '5' SECOND", "INTERVAL '1' HOUR", "INTERVAL '10' MINUTE", "INTERVAL '1' DAY",
        "INTERVAL '1' MONTH", "INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '1:30' HOUR TO MINUTE",
        "INTERVAL '1 02:03:04.5' DAY TO SECOND(3)", "INTERVAL '100' DAY(3)", "INTERVAL -'5' SECOND",
        "DATE '2024-01-01'", "TIME '12:00:00'", "TIMESTAMP '2024-01-01 00:00:00.000'", "TIMESTAMP_LTZ '2024-01-01 00:00:00'",
        "TRUE", "FALSE", "NULL", "X'0aff'", "1.5", ".5", "1e3", "2.5E-2", "12345678901234567890", "'it''s'",
        "ARRAY[1, 2, 3]", "ARRAY[]", "MAP['a', 1, 'b', 2]", "ROW(1, 'a')", "(1, 2)", "a[1]", "a['k'][2]",
        "f(x).y", "a[1].b", "t.a.b", "`weird name`.`x``y`",
        "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME", "NOW()",
        "COALESCE(a, b, 'c')", "NULLIF(a, '')", "DATE_FORMAT(ts, 'yyyy-MM-dd')", "LEFT(s, 2)", "RIGHT(s, 2)",
        "YEAR(ts)", "HOUR(ts)", "IF(a > 1, 'x', 'y')", "mydb.myfunc(1)", "`my func`(1)",
        "PROCTIME()", "JSON_VALUE(s, '$.a')", "COUNT(*)", "count(DISTINCT a)",
        "a + b * c - d / e % f", "(a + b) * (c - d)", "a - -1", "-1 - -2",
        "x BETWEEN a AND b AND c", "(x BETWEEN a AND b) = TRUE", "a IN (1) = FALSE",
        "o.ts BETWEEN s.ts - INTERVAL '10' MINUTE AND s.ts",
    ]

    @Test(arguments: ddl) func ddlRoundTrips(_ sql: String) { roundTrip(sql) }
    @Test(arguments: dml) func dmlRoundTrips(_ sql: String) { roundTrip(sql) }
    @Test(arguments: queries) func queryRoundTrips(_ sql: String) { roundTrip(sql) }
    @Test(arguments: expressions) func expressionRoundTrips(_ sql: String) { roundTrip("SELECT " + sql + " FROM t") }

    @Test func quotedPrintingForShowCreateTable() throws {
        let s = try SQLParser.parseStatement("create table db.t (id int not null, `a b` string, watermark for ts as ts) with ('k'='v')")
        let printed = SQLPrinter.printQuoted(s)
        #expect(printed == "CREATE TABLE `db`.`t` (\n  `id` INT NOT NULL,\n  `a b` STRING,\n  WATERMARK FOR `ts` AS `ts`\n) WITH (\n  'k' = 'v'\n)")
        #expect(try SQLParser.parseStatement(printed) == s)
    }

    @Test func printedFormIsCanonical() throws {
        let s = try SQLParser.parseStatement("select a as x, count ( * ) from t where not a<>1 group by a")
        #expect(SQLPrinter.print(s) == "SELECT a AS x, count(*) FROM t WHERE NOT a <> 1 GROUP BY a")
        let q = try SQLParser.parseStatement("SELECT (a + b) * c, a + (b * c), (a = b) = c FROM t")
        #expect(SQLPrinter.print(q) == "SELECT (a + b) * c, a + b * c, a = b = c FROM t")
        let k = try SQLParser.parseStatement("SELECT `select`, `a b`, `x``y`, `first` FROM `t`")
        #expect(SQLPrinter.print(k) == "SELECT `select`, `a b`, `x``y`, `first` FROM t")
    }
}
