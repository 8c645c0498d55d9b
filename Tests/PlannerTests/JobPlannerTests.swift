import Planner
import Runtime
import Testing
import TestSupport

struct JobPlannerTests {
    static let job1 = SeedJob.job1

    @Test func seedJobValidatesWithSchemaAndGraph() {
        let r = JobPlanner.validate(script: Self.job1, parallelism: 2)
        #expect(r.valid, "\(String(describing: r.error))")
        #expect(r.statements.map(\.kind) == ["CREATE_TABLE", "CREATE_TABLE", "INSERT"])
        #expect(r.schema.map(\.type) == ["STRING", "TIMESTAMP(3)", "BIGINT", "DOUBLE", "DOUBLE"])
        let kinds = r.graph?.nodes.map(\.kind) ?? []
        #expect(kinds.contains("WindowAggregate") && kinds.last == "Sink")
        #expect(r.graph?.edges.contains { $0.shipStrategy.hasPrefix("HASH") } == true)
        #expect(r.graph?.nodes.allSatisfy { $0.parallelism == 2 } == true)
    }

    @Test func operatorIdsAreStableAcrossPlans() {
        let a = JobPlanner.validate(script: Self.job1, parallelism: 1).graph?.nodes.map(\.uid)
        let b = JobPlanner.validate(script: Self.job1, parallelism: 2).graph?.nodes.map(\.uid)
        #expect(a != nil && a == b)
    }

    /// Uids follow the SQL shape: whitespace does not matter, a changed aggregation gets new stateful uids,
    /// sources and sinks keep theirs, and another statement's change leaves a statement's uids alone.
    @Test func operatorUidsFollowTheSQLShape() throws {
        let ddl = """
        CREATE TABLE src (id INT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
        CREATE TABLE a (k INT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'a', 'key.format' = 'json', 'value.format' = 'json');
        CREATE TABLE b (k INT, n BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 'b', 'key.format' = 'json', 'value.format' = 'json');

        """
        func uids(_ body: String) throws -> [String] {
            let r = JobPlanner.validate(script: ddl + body, parallelism: 1)
            return try #require(r.graph?.nodes.map(\.uid), "\(String(describing: r.error))")
        }
        let first = "INSERT INTO a SELECT MOD(id, 5), COUNT(*) FROM src GROUP BY MOD(id, 5);"
        let base = try uids(first)
        #expect(try uids("INSERT  INTO a\n  SELECT MOD(id,5), COUNT(*)   FROM src GROUP BY MOD(id, 5);") == base)
        let changed = try uids("INSERT INTO a SELECT MOD(id, 5), COUNT(name) FROM src GROUP BY MOD(id, 5);")
        let stateful = { (u: [String]) in u.filter(StableOperatorUids.isStateful(uid:)) }
        #expect(!stateful(base).isEmpty)
        #expect(Set(stateful(base)).isDisjoint(with: stateful(changed)))
        #expect(base.filter { !StableOperatorUids.isStateful(uid: $0) && ($0.hasPrefix("source-") || $0.hasPrefix("sink-")) }
                == ["source-src-0", "sink-a-0"])
        #expect(changed.contains("source-src-0") && changed.contains("sink-a-0"))
        let set1 = try uids("EXECUTE STATEMENT SET BEGIN \(first) INSERT INTO b SELECT id, COUNT(*) FROM src GROUP BY id; END;")
        let set2 = try uids("EXECUTE STATEMENT SET BEGIN \(first) INSERT INTO b SELECT id, SUM(id) FROM src GROUP BY id; END;")
        let firstStateful = Set(stateful(base))
        #expect(firstStateful.isSubset(of: Set(set1)) && firstStateful.isSubset(of: Set(set2)))
        #expect(Set(stateful(set1)) != Set(stateful(set2)))
    }

    @Test func updatingQueryIntoAppendOnlySinkIsRejected() {
        let script = Self.job1.replacingOccurrences(of: "GROUP BY market_slug, TUMBLE(published_at, INTERVAL '1' HOUR)", with: "GROUP BY market_slug, published_at")
            .replacingOccurrences(of: "TUMBLE_START(published_at, INTERVAL '1' HOUR)", with: "published_at")
        let r = JobPlanner.validate(script: script, parallelism: 1)
        #expect(r.error?.phase == .validation)
        #expect(r.error?.message.contains("doesn't support consuming update changes") == true)
    }

    @Test func parseErrorsCarryPosition() {
        let r = JobPlanner.validate(script: "SELECT a\nFROM t\nGROUP a;", parallelism: 1)
        #expect(r.error?.phase == .parse)
        #expect(r.error?.code == "sql_parse_error")
        #expect(r.error?.line == 3 && r.error?.column == 7)
    }

    @Test func unknownColumnIsPositioned() {
        let r = JobPlanner.validate(script: Self.job1.replacingOccurrences(of: "SUM(keyword_score)", with: "SUM(keyword_scor)"), parallelism: 1)
        #expect(r.error?.code == "sql_validation_error")
        #expect(r.error?.message.hasSuffix("Column 'keyword_scor' not found in any table") == true)
        #expect(r.error?.line != nil)
    }

    @Test func unknownConnectorIsRejected() {
        let r = JobPlanner.validate(script: Self.job1.replacingOccurrences(of: "'connector' = 'kafka', 'topic' = 'rss_events'", with: "'connector' = 'nope'"), parallelism: 1)
        #expect(r.error?.message.contains("Could not find any factory for identifier 'nope'") == true)
    }

    @Test func ddlOnlyScriptIsValidWithoutGraph() {
        let r = JobPlanner.validate(script: "CREATE TABLE t (a INT) WITH ('connector' = 'blackhole');", parallelism: 1)
        #expect(r.valid && r.graph == nil)
    }
}

struct ValuesQueryTests {
    @Test func selectWithoutFromAndValues() throws {
        let a = try ScriptRunner.run("SELECT 1 + 1 AS two, 'x' AS s, 7 / 2 AS q", 1)
        #expect(a.columns.map { $0.type.description } == ["INT NOT NULL", "CHAR(1) NOT NULL", "INT NOT NULL"])
        #expect(ConformanceRunner.materialize(a.changelog) == [[.int(2), .string("x"), .int(3)]])
        let b = try ScriptRunner.run("SELECT a, SUM(b) AS s FROM (VALUES ('k', 1), ('k', 2), ('j', 5)) AS t(a, b) GROUP BY a", 2)
        #expect(b.columns.map(\.name) == ["a", "s"])
        #expect(Set(ConformanceRunner.materialize(b.changelog)) == [[.string("k"), .int(3)], [.string("j"), .int(5)]])
    }
}

struct AggregateFormsTests {
    @Test func selectDistinctAndFilteredAggregates() throws {
        let d = try ScriptRunner.run("SELECT DISTINCT a FROM (VALUES ('k'), ('k'), ('j')) AS t(a)", 2)
        #expect(Set(ConformanceRunner.materialize(d.changelog)) == [[.string("k")], [.string("j")]])
        #expect(ConformanceRunner.materialize(d.changelog).count == 2)
        let f = try ScriptRunner.run("SELECT COUNT(*) FILTER (WHERE b > 1) AS n, COUNT(*) AS m FROM (VALUES (1), (2), (3)) AS t(b)", 1)
        #expect(ConformanceRunner.materialize(f.changelog) == [[.int(2), .int(3)]])
    }
}

struct ClockFunctionTests {
    @Test func currentTimestampUsesTheInjectedClock() throws {
        var context = PlanContext()
        let fixed = TimeFormat.parseTimestamp("2024-02-29 12:34:56.789")!
        context.now = { fixed }
        let planned = try JobPlanner.plan(script: "SELECT CURRENT_TIMESTAMP AS ts, CURRENT_DATE AS d", parallelism: 1, context: context)
        try JobRunner.runToCompletion(planned.graph)
        #expect(planned.columns.map { $0.type.description } == ["TIMESTAMP_LTZ(3) NOT NULL", "DATE NOT NULL"])
        #expect(planned.collect?.changelog.map(\.values) == [[.timestamp(fixed), .date(TimeFormat.parseDate("2024-02-29")!)]])
    }
}

struct CatalogTests {
    @Test func standaloneDDLPersistsAndScriptTablesShadowIt() throws {
        let created = try ScriptPlanner.plan(script: "CREATE TABLE t (a INT, b STRING) WITH ('connector' = 'blackhole');",
                                             parallelism: 1, catalog: InMemoryCatalog())
        #expect(created.createdTables.map(\.definition.name) == ["t"])
        var env = InMemoryCatalog()
        env.tables["t"] = try TableDefinition(ddl: created.createdTables[0].ddl)
        // The environment's table is visible to a job…
        #expect(JobPlanner.validate(script: "INSERT INTO t SELECT 1, 'x';", parallelism: 1, catalog: env).valid)
        // …and a job's own declaration shadows it.
        let shadow = "CREATE TABLE t (a STRING) WITH ('connector' = 'blackhole');\nINSERT INTO t SELECT 'only';"
        let r = JobPlanner.validate(script: shadow, parallelism: 1, catalog: env)
        #expect(r.valid, "\(String(describing: r.error))")
        #expect(r.schema.map(\.type) == ["STRING"])  // the sink's schema: one column, so the job's own `t` won
    }
}
