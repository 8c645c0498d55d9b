import Testing
import Model
@testable import CLI

@Suite struct OutputTests {
    static let env: JSONValue = try! JSONParser.parse(#"""
    {"id":"env-1","display_name":"default","stream_governance_config":{"package":"ESSENTIALS"},
     "metadata":{"created_at":"2025-06-01T09:00:00Z"}}
    """#)

    @Test func listTableLayout() {
        let text = TextTable.list(headers: ["ID", "Name"], rows: [["env-1", "default"], ["env-22", "x"]])
        #expect(text == """
         ID     | Name
        --------+---------
         env-1  | default
         env-22 | x

        """)
    }

    @Test func describeTableLayoutWithMultilineValue() {
        let text = TextTable.describe([("ID", "job-1"), ("SQL", "SELECT 1;\nSELECT 2;")])
        #expect(text == """
        +-----+-----------+
        | ID  | job-1     |
        | SQL | SELECT 1; |
        |     | SELECT 2; |
        +-----+-----------+

        """)
    }

    @Test func viewsRenderHumanJsonAndYaml() throws {
        let view = EnvironmentCommands.view(current: "env-1")
        let (terminal, captured) = Terminal.capturing()
        Printer(format: .human, terminal: terminal).list([Self.env], as: view)
        #expect(captured.out.contains(" *       | env-1 | default | ESSENTIALS"))

        let (t2, c2) = Terminal.capturing()
        Printer(format: .json, terminal: t2).list([Self.env], as: view)
        let parsed = try JSONParser.parse(c2.out)
        #expect(parsed.arrayValue?.first?["is_current"] == .bool(true))
        #expect(parsed.arrayValue?.first?["stream_governance_package"] == .string("ESSENTIALS"))

        let (t3, c3) = Terminal.capturing()
        Printer(format: .yaml, terminal: t3).describe(Self.env, as: view)
        #expect(c3.out == """
        is_current: true
        id: env-1
        name: default
        stream_governance_package: ESSENTIALS
        created_at: 2025-06-01T09:00:00Z

        """)
    }

    @Test func yamlQuotesWhatWouldBeMisreadAndNests() {
        let v: JSONValue = .object(JSONObject([
            ("version", .string("3")), ("flag", .string("true")), ("empty", .string("")), ("colon", .string("a: b")),
            ("list", .array([.object(JSONObject([("k", .int(1)), ("m", .string("x"))])), .string("-dash")])),
            ("sql", .string("SELECT 1;\nSELECT 2;\n")), ("none", .null), ("obj", .object(JSONObject())),
        ]))
        #expect(YAMLWriter.render(v) == """
        version: "3"
        flag: "true"
        empty: ""
        colon: "a: b"
        list:
          - k: 1
            m: x
          - "-dash"
        sql: |
          SELECT 1;
          SELECT 2;
        none: null
        obj: {}

        """)
    }

    @Test func prettyJSONRoundTrips() throws {
        let v: JSONValue = .object(JSONObject([("a", .array([.int(1), .string("x\"y"), .null])), ("b", .object(JSONObject())),
                                               ("c", .array([]))]))
        let text = PrettyJSON.render(v)
        #expect(text.contains("\n  \"a\": [\n    1,"))
        #expect(try JSONParser.parse(text) == v)
    }

    @Test func graphDrawsAChainAndAJoin() throws {
        let chain = try JSONParser.parse(#"""
        {"nodes":[{"id":1,"name":"Source: rss_events","parallelism":2},{"id":2,"name":"GroupWindowAggregate","parallelism":2},
                  {"id":3,"name":"Sink: rss_signals_hourly","parallelism":2}],
         "edges":[{"source":2,"target":3,"ship_strategy":"forward"},{"source":1,"target":2,"ship_strategy":"hash"}]}
        """#)
        let text = GraphText.render(chain)
        #expect(text.hasPrefix("3 operators, 2 edges\n"))
        let src = try #require(text.range(of: "[1] Source: rss_events"))
        let agg = try #require(text.range(of: "[2] GroupWindowAggregate"))
        let sink = try #require(text.range(of: "[3] Sink: rss_signals_hourly"))
        #expect(src.lowerBound < agg.lowerBound && agg.lowerBound < sink.lowerBound, "topological order")
        #expect(text.contains("│ HASH\n      ▼"))
        #expect(text.contains("parallelism 2"))

        let join = try JSONParser.parse(#"""
        {"nodes":[{"id":"a","name":"A"},{"id":"b","name":"B"},{"id":"j","name":"Join"}],
         "edges":[{"source":"a","target":"j","ship_strategy":"HASH"},{"source":"b","target":"j","ship_strategy":"HASH"}]}
        """#)
        let jt = GraphText.render(join)
        #expect(jt.contains("└─ HASH ─▶ [j] Join"))
        #expect(GraphText.render(.object(JSONObject())) == "The job has no graph yet.\n")
    }

    @Test func diffRendering() throws {
        let diff = try JSONParser.parse(#"""
        {"sql_diff":"--- v1\n+++ v2\n-SELECT 1;\n+SELECT 2;\n","changed_config":[{"key":"parallelism","from":"1","to":"2"}]}
        """#)
        let text = JobCommands.renderDiff(diff, from: "1", to: "2")
        #expect(text.contains("-SELECT 1;\n+SELECT 2;\n"))
        #expect(text.contains(" parallelism | 1         | 2"))
        let same = JobCommands.renderDiff(try JSONParser.parse(#"{"sql_diff":"","changed_config":[]}"#), from: "1", to: "1")
        #expect(same.contains("SQL: unchanged"))
    }

    @Test func checkpointsAndLogsAndMetrics() throws {
        let cps = try JSONParser.parse(#"""
        {"counts":{"completed":2,"failed":0},"history":[{"id":2,"status":"COMPLETED","is_savepoint":false,
         "trigger_timestamp":1748768400000,"end_to_end_duration":12,"state_size":100,"num_subtasks":2,"num_acknowledged_subtasks":2}]}
        """#)
        let text = CheckpointText.render(cps)
        #expect(text.contains("Counts: completed=2 failed=0"))
        #expect(text.contains("2025-06-01T09:00:00Z"))
        #expect(text.contains("2/2"))
        let line = LogText.line(try JSONParser.parse(#"{"timestamp":"2025-06-01T09:00:00Z","level":"INFO","message":"Job started"}"#))
        #expect(line == "2025-06-01T09:00:00Z INFO  Job started\n")
        let metrics = try JSONParser.parse(#"""
        {"kind":"x","records_in":5,"checkpoints":{"completed":1},"series":[{"t":1}],
         "vertices":[{"operator":"Source: src","parallelism":2,"metrics":{"records_in":0,"records_out":5,"records_in_per_second":0,
                      "records_out_per_second":2.25,"output_watermark":9223372036854775807,"consumer_lag":0}}]}
        """#)
        #expect(MetricsText.pairs(metrics).map(\.0) == ["records_in", "checkpoints.completed", "series"])
        let rendered = MetricsText.render(metrics)
        #expect(rendered.contains("| series                | 1 entries (see -o json) |"))
        #expect(rendered.contains(" Source: src | 2           | 0          | 5           | 0    | 2.2   | end of input     | 0"), "\(text)")
    }
}
