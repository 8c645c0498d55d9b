import Model
import Testing

/// The YAML subset CMF resource files use, and round trips through `YAMLWriter`.
@Suite struct YAMLReaderTests {
    static let application = """
    ---
    # A CMF application as users write it
    apiVersion: cmf.confluent.io/v1
    kind: FlinkApplication
    metadata:
      name: rss-hourly
      annotations:
        flinkcloud.io/sql: |
          CREATE TABLE t (a INT);

          INSERT INTO t SELECT 1;  -- # not a comment
      labels: {team: "data", tier: 2}
    spec:
      image: 'confluentinc/cp-flink:1.19.3-cp1'
      flinkConfiguration:
        execution.checkpointing.interval: 10s
        "taskmanager.numberOfTaskSlots": "2"
      job:
        args:
        - local:///opt/job.sql
        - --verbose   # trailing comment
        parallelism: 2
        state: running
        upgradeMode: savepoint
        allowNonRestoredState: false
        initialSavepointPath: ~
        ratio: 0.5
      podTemplate:
        spec:
          containers:
            - name: flink-main-container
              env:
                - name: A
                  value: "1"
              ports: []
      folded: >
        one
        two
    """

    @Test func readsAKubernetesStyleResource() throws {
        let v = try YAMLReader.parse(Self.application)
        #expect(v["apiVersion"] == .string("cmf.confluent.io/v1"))
        #expect(v["metadata"]?["name"] == .string("rss-hourly"))
        #expect(v["metadata"]?["annotations"]?["flinkcloud.io/sql"]
                    == .string("CREATE TABLE t (a INT);\n\nINSERT INTO t SELECT 1;  -- # not a comment\n"))
        #expect(v["metadata"]?["labels"] == .object(JSONObject([("team", .string("data")), ("tier", .int(2))])))
        #expect(v["spec"]?["image"] == .string("confluentinc/cp-flink:1.19.3-cp1"))
        #expect(v["spec"]?["flinkConfiguration"]?["execution.checkpointing.interval"] == .string("10s"))
        #expect(v["spec"]?["flinkConfiguration"]?["taskmanager.numberOfTaskSlots"] == .string("2"))
        let job = try #require(v["spec"]?["job"])
        #expect(job["args"] == .array([.string("local:///opt/job.sql"), .string("--verbose")]))
        #expect(job["parallelism"] == .int(2))
        #expect(job["allowNonRestoredState"] == .bool(false))
        #expect(job["initialSavepointPath"] == .null)
        #expect(job["ratio"] == .double(0.5))
        let container = try #require(v["spec"]?["podTemplate"]?["spec"]?["containers"]?.arrayValue?.first)
        #expect(container["name"] == .string("flink-main-container"))
        #expect(container["env"] == .array([.object(JSONObject([("name", .string("A")), ("value", .string("1"))]))]))
        #expect(container["ports"] == .array([]))
        #expect(v["spec"]?["folded"] == .string("one two\n"))
    }

    @Test func roundTripsWhatTheWriterWrites() throws {
        let value: JSONValue = .object(JSONObject([
            ("name", .string("x")), ("yes", .string("yes")), ("num", .string("42")), ("n", .int(42)), ("d", .double(1.5)),
            ("nil", .null), ("t", .bool(true)), ("colon", .string("a: b")), ("hash", .string("a #b")),
            ("multi", .string("line one\nline two\n")), ("noNewline", .string("a\nb")), ("empty", .string("")),
            ("list", .array([.int(1), .object(JSONObject([("k", .string("v")), ("k2", .array([.string("-x")]))])), .array([.int(2)])])),
            ("emptyObject", .object(JSONObject())), ("quote", .string("say \"hi\"")),
        ]))
        let text = YAMLWriter.render(value)
        #expect(try YAMLReader.parse(text) == value, "\(text)")
    }

    @Test func errorsNameTheLine() throws {
        func error(_ text: String) -> YAMLReader.Error? {
            do { _ = try YAMLReader.parse(text); return nil } catch { return error }
        }
        #expect(error("a: 1\na: 2")?.line == 2)
        #expect(error("a:\n\tb: 1")?.line == 2)
        #expect(error("a: &anchor 1")?.line == 1)
        #expect(error("a: [1, 2")?.line == 1)
        #expect(error("a: 1\n---\nb: 2")?.line == 2)
        #expect(error("a: 1\n   b: 2") != nil)
        #expect(try YAMLReader.parse("") == .null)
        #expect(try YAMLReader.parse("- a\n- b") == .array([.string("a"), .string("b")]))
    }
}
