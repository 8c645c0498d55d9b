import Testing
import Foundation
import Model
import TestSupport

/// The built `confluent` binary against a live `flinkcloud` on port 0.
@Suite(.serialized) struct CLIProcessTests {
    /// Server features built in parallel with the CLI. Each is checked end to end once it is on main;
    /// until then the test checks that the CLI reports the server's answer (exit 1) instead.
    enum Landed {
        /// Jobs leave PENDING (the runtime executes them).
        static let jobsRun = true
        /// `GET …/jobs/{job}/logs|metrics|graph`.
        static let monitoring = true
        /// `GET …/jobs/{job}/checkpoints`.
        static let checkpoints = true
        /// `/sql/v1/…/statements`.
        static let statements = true
    }

    static let jobSQL = """
        CREATE TABLE cli_src (id BIGINT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'cli_src', 'format' = 'json');
        CREATE TABLE cli_out (id BIGINT, name STRING) WITH ('connector' = 'print');
        INSERT INTO cli_out SELECT id, UPPER(name) FROM cli_src;
        """

    @Test func jobLifecycleThroughTheCLI() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let cli = try ConfluentCLI()

        let login = try cli.login(to: server)
        #expect(login.status == 0, "\(login.err)")
        #expect(login.out.contains("Logged in to \(server.baseURL)"))
        let saved = try JSONParser.parse(String(contentsOfFile: cli.configPath, encoding: .utf8))
        #expect(saved["url"] == .string(server.baseURL))
        #expect(saved["environment_id"] == .string(try server.defaultEnvironment()))

        let sqlFile = try cli.writeFile("job1.sql", Self.jobSQL)
        let create = try cli.run(["flink", "job", "create", "--name", "cli-job", "--sql-file", sqlFile, "--parallelism", "1",
                                  "--checkpoint-interval", "1000", "--checkpoint-mode", "EXACTLY_ONCE",
                                  "--wait", "--timeout", Landed.jobsRun ? "30s" : "1s", "-o", "json"])
        if Landed.jobsRun {
            #expect(create.status == 0, "\(create.err)")
            #expect(create.json?["status"] == .string("RUNNING"))
        } else {
            #expect(create.status == 1)
            #expect(create.err.contains("timed out after 1s waiting for job \"cli-job\" to be RUNNING; it is PENDING"), "\(create.err)")
        }
        #expect(!create.out.contains("\u{1B}["), "no progress output when stdout is not a terminal")
        let described = try cli.run(["flink", "job", "describe", "cli-job", "-o", "json"])
        #expect(described.status == 0)
        #expect(described.json?["name"] == .string("cli-job"))
        #expect(described.json?["parallelism"] == .int(1))
        #expect(described.json?["checkpoint_mode"] == .string("EXACTLY_ONCE"))
        #expect(described.json?["sql"]?.stringValue?.contains("INSERT INTO cli_out") == true)

        // Records produced through the CLI reach the running job (its print sink writes into the job log).
        let produce = try cli.run(["kafka", "topic", "produce", "cli_src"], stdin: "{\"id\":1,\"name\":\"abc\"}\n{\"id\":2,\"name\":\"de\"}\n")
        #expect(produce.status == 0, "\(produce.err)")
        #expect(produce.out == "Produced 2 records.\n")

        if Landed.monitoring {
            var logs = try cli.run(["flink", "job", "logs", "cli-job"])
            let deadline = Date().addingTimeInterval(20)
            while !logs.out.contains("+I[2, DE]") && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.2)
                logs = try cli.run(["flink", "job", "logs", "cli-job"])
            }
            #expect(logs.status == 0, "\(logs.err)")
            #expect(logs.out.contains("+I[1, ABC]"), "\(logs.out)")
            #expect(logs.out.contains("+I[2, DE]"), "\(logs.out)")
            let json = try cli.run(["flink", "job", "logs", "cli-job", "-o", "json"])
            #expect(json.json?.arrayValue?.isEmpty == false)
            let recent = try cli.run(["flink", "job", "logs", "cli-job", "--since", "10m", "--level", "INFO"])
            #expect(recent.out.contains("+I[2, DE]"), "\(recent.err)")
            let future = try cli.run(["flink", "job", "logs", "cli-job", "--since", "2099-01-01T00:00:00Z"])
            #expect(future.status == 0 && future.out.isEmpty, "\(future.out)\(future.err)")

            // --follow streams lines as the job writes them.
            let follow = try cli.start(["flink", "job", "logs", "cli-job", "--follow"])
            defer { follow.stop() }
            #expect(follow.waitForLine(timeout: 10) { $0.contains("+I[1, ABC]") }, "\(follow.output)")
            #expect(try cli.run(["kafka", "topic", "produce", "cli_src"], stdin: "{\"id\":3,\"name\":\"fgh\"}\n").status == 0)
            #expect(follow.waitForLine(timeout: 20) { $0.contains("+I[3, FGH]") }, "\(follow.output)")
            #expect(follow.terminate(timeout: 5), "SIGTERM ends logs --follow")

            let metrics = try cli.run(["flink", "job", "metrics", "cli-job"])
            #expect(metrics.status == 0, "\(metrics.err)")
            #expect(metrics.out.contains("| records_in "), "\(metrics.out)")
            #expect(metrics.out.contains(" Operator "), "\(metrics.out)")
            let metricsJSON = try cli.run(["flink", "job", "metrics", "cli-job", "-o", "json"])
            #expect(metricsJSON.json?["kind"] == .string("JobMetrics"))
            let graph = try cli.run(["flink", "job", "graph", "cli-job"])
            #expect(graph.status == 0, "\(graph.err)")
            #expect(graph.out.contains("┌") && graph.out.contains("▼"), "\(graph.out)")
            #expect(graph.out.contains("out_t") || graph.out.contains("Sink"), "\(graph.out)")
            #expect(try cli.run(["flink", "job", "graph", "cli-job", "-o", "json"]).json?["nodes"]?.arrayValue?.isEmpty == false)
        } else {
            let logs = try cli.run(["flink", "job", "logs", "cli-job"])
            #expect(logs.status == 1)
            #expect(logs.err.contains("Error: "), "\(logs.err)")
        }
        let checkpoints = try cli.run(["flink", "job", "checkpoints", "cli-job"])
        if Landed.checkpoints {
            #expect(checkpoints.status == 0, "\(checkpoints.err)")
            #expect(try cli.run(["flink", "job", "checkpoints", "cli-job", "-o", "json"]).json != nil)
        } else {
            #expect(checkpoints.status == 1)
            #expect(checkpoints.err.hasPrefix("Error: "), "\(checkpoints.err)")
        }

        let update = try cli.run(["flink", "job", "update", "cli-job", "--parallelism", "2", "-o", "json"])
        #expect(update.status == 0, "\(update.err)")
        #expect(update.json?["version"] == .int(2))
        #expect(update.json?["parallelism"] == .int(2))

        let versions = try cli.run(["flink", "job", "versions", "cli-job", "-o", "json"])
        #expect(versions.status == 0)
        #expect(versions.json?.arrayValue?.compactMap { $0["version"]?.intValue } == [1, 2])
        let table = try cli.run(["flink", "job", "versions", "cli-job"])
        #expect(table.out.hasPrefix(" Version | State"))

        let diff = try cli.run(["flink", "job", "diff", "cli-job", "--from", "1", "--to", "2"])
        #expect(diff.status == 0, "\(diff.err)")
        #expect(diff.out.contains("SQL: unchanged between version 1 and version 2."))
        #expect(diff.out.contains(" parallelism | 1         | 2"))

        let rollback = try cli.run(["flink", "job", "rollback", "cli-job", "--version", "1", "-o", "yaml"])
        #expect(rollback.status == 0, "\(rollback.err)")
        #expect(rollback.out.contains("version: 3\n"))
        #expect(rollback.out.contains("parallelism: 1\n"))

        let stop = try cli.run(["flink", "job", "stop", "cli-job", "--wait", "--timeout", "20s", "-o", "json"])
        #expect(stop.status == 0, "\(stop.err)")
        #expect(stop.json?["status"] == .string("STOPPED"))

        let resume = try cli.run(["flink", "job", "resume", "cli-job", "-o", "json"] + (Landed.jobsRun ? ["--wait", "--timeout", "30s"] : []))
        #expect(resume.status == 0, "\(resume.err)")
        #expect(resume.json?["status"] == .string(Landed.jobsRun ? "RUNNING" : "PENDING"))
        let drained = try cli.run(["flink", "job", "stop", "cli-job", "--drain", "--wait", "--timeout", "20s", "-o", "json"])
        #expect(drained.status == 0, "\(drained.err)")
        #expect(drained.json?["status"] == .string("STOPPED"))
        let log = try cli.run(["flink", "job", "logs", "cli-job"])
        #expect(log.out.contains("Stop with drain requested"), "\(log.out)")

        let delete = try cli.run(["flink", "job", "delete", "cli-job"])
        #expect(delete.status == 0)
        #expect(delete.out == "Deleted job \"cli-job\".\n")
        let gone = try cli.run(["flink", "job", "describe", "cli-job"])
        #expect(gone.status == 1)
        #expect(gone.err.hasPrefix("Error: Job 'cli-job' was not found"), "\(gone.err)")
    }

    @Test func errorsPrintTheServersDetailAndExitOne() throws {
        try ConfluentCLI.withLoggedIn { server, cli in

            let badSQL = try cli.writeFile("bad.sql", "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'json');\nINSERT INTO t SELECT nope FROM t;\n")
            let invalid = try cli.run(["flink", "job", "validate", "--sql-file", badSQL])
            #expect(invalid.status == 1)
            #expect(invalid.err.contains("nope") && invalid.err.contains("line 2"), "line and column from the server: \(invalid.err)")
            let refused = try cli.run(["flink", "job", "create", "--name", "bad", "--sql-file", badSQL])
            #expect(refused.status == 1)
            #expect(refused.err.contains("nope"), "\(refused.err)")
            let good = try cli.writeFile("good.sql", Self.jobSQL)
            let valid = try cli.run(["flink", "job", "validate", "--sql-file", good])
            #expect(valid.status == 0, "\(valid.err)")
            #expect(valid.out.hasPrefix("SQL is valid.\n"))
            #expect(valid.out.contains("INSERT"))
            #expect(valid.out.contains("┌"), "the plan is drawn: \(valid.out)")
            let validJSON = try cli.run(["flink", "job", "validate", "--sql-file", good, "-o", "json"])
            #expect(validJSON.json?["valid"] == .bool(true))

            let tooBig = try cli.run(["flink", "job", "create", "--name", "big", "--sql", Self.jobSQL, "--parallelism", "99"])
            #expect(tooBig.status == 1)
            #expect(tooBig.out.isEmpty)
            #expect(tooBig.err.contains("Error: parallelism 99 exceeds"), "\(tooBig.err)")
            #expect(tooBig.err.contains("Suggestions:\n    Lower parallelism"), "the resolution is printed: \(tooBig.err)")

            let badMode = try cli.run(["flink", "job", "create", "--name", "m", "--sql", Self.jobSQL, "--checkpoint-mode", "SOMETIMES"])
            #expect(badMode.status == 1)
            #expect(badMode.err.contains("SOMETIMES"), "\(badMode.err)")

            let wrongKey = try cli.run(["login", "--url", server.baseURL, "--api-key", "nope", "--api-secret", "nope"])
            #expect(wrongKey.status == 1)
            #expect(wrongKey.err.contains("Valid authentication credentials must be provided"), "\(wrongKey.err)")

            let typo = try cli.run(["flink", "compute-pool", "lst"])
            #expect(typo.status == 1)
            #expect(typo.err.contains("Did you mean \"list\"?"))
            let flagTypo = try cli.run(["flink", "job", "create", "--parallelizm", "2"])
            #expect(flagTypo.status == 1)
            #expect(flagTypo.err.contains("Did you mean \"--parallelism\"?"))
        }
    }

    @Test func environmentsPoolsOutputFormatsAndLogout() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let cli = try ConfluentCLI()
        // Env twins instead of flags.
        let login = try cli.run(["login"], env: ["CONFLUENT_URL": server.baseURL, "CONFLUENT_API_KEY": server.apiKey,
                                                 "CONFLUENT_API_SECRET": server.apiSecret])
        #expect(login.status == 0, "\(login.err)")

        let created = try cli.run(["environment", "create", "cli-env", "--governance-package", "advanced", "-o", "json"])
        #expect(created.status == 0, "\(created.err)")
        let envID = try #require(created.json?["id"]?.stringValue)
        #expect(created.json?["stream_governance_package"] == .string("ADVANCED"))
        let list = try cli.run(["environment", "list", "-o", "json"])
        #expect(list.json?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted() == ["cli-env", "default"])
        #expect(try cli.run(["environment", "use", envID]).status == 0)
        let human = try cli.run(["environment", "list"])
        #expect(human.out.contains(" *       | \(envID)"), "\(human.out)")
        let renamed = try cli.run(["environment", "update", envID, "--name", "cli-env-2", "-o", "yaml"])
        #expect(renamed.out.contains("name: cli-env-2\n"), "\(renamed.out)")

        let pool = try cli.run(["flink", "compute-pool", "create", "cli-pool", "--max-cfu", "4", "-o", "json"])
        #expect(pool.status == 0, "\(pool.err)")
        let poolID = try #require(pool.json?["id"]?.stringValue)
        #expect(pool.json?["environment"] == .string(envID))
        #expect(pool.json?["max_cfu"] == .int(4))
        #expect(try cli.run(["flink", "compute-pool", "use", poolID]).status == 0)
        let described = try cli.run(["flink", "compute-pool", "describe", "-o", "json"])
        #expect(described.json?["id"] == .string(poolID))
        #expect(described.json?["is_current"] == .bool(true))
        let resized = try cli.run(["flink", "compute-pool", "update", "--max-cfu", "8", "-o", "json"])
        #expect(resized.json?["max_cfu"] == .int(8), "\(resized.err)")
        // A job created now lands in the current pool.
        let job = try cli.run(["flink", "job", "create", "--name", "in-pool", "--sql", Self.jobSQL, "-o", "json"])
        #expect(job.json?["compute_pool"] == .string(poolID), "\(job.err)")
        #expect(try cli.run(["flink", "job", "delete", "in-pool"]).status == 0)
        let pools = try cli.run(["flink", "compute-pool", "list", "-o", "yaml"])
        #expect(pools.out.hasPrefix("- is_current: true\n  id: \(poolID)\n"), "\(pools.out)")
        #expect(try cli.run(["flink", "compute-pool", "delete", poolID]).status == 0)
        #expect(try cli.run(["environment", "delete", envID]).status == 0)
        let missing = try cli.run(["environment", "describe", envID])
        #expect(missing.status == 1)
        #expect(missing.err.contains(envID))

        let logout = try cli.run(["logout"])
        #expect(logout.status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.configPath))
        let after = try cli.run(["environment", "list"])
        #expect(after.status == 1)
        #expect(after.err.contains("you must log in"))
    }

    @Test func kafkaTopicVerbs() throws {
        try ConfluentCLI.withLoggedIn { server, cli in
            let create = try cli.run(["kafka", "topic", "create", "orders", "--partitions", "2"])
            #expect(create.status == 0, "\(create.err)")
            #expect(create.out == "Created topic \"orders\".\n")
            let again = try cli.run(["kafka", "topic", "create", "orders"])
            #expect(again.status == 1)
            #expect(again.err.contains("Topic 'orders' already exists."), "Kafka REST's message: \(again.err)")
            #expect(try cli.run(["kafka", "topic", "create", "orders", "--if-not-exists"]).status == 0)
            let list = try cli.run(["kafka", "topic", "list", "-o", "json"])
            #expect(list.json?.arrayValue?.contains { $0["name"] == .string("orders") && $0["partition_count"] == .int(2) } == true, "\(list.out)")
            let describe = try cli.run(["kafka", "topic", "describe", "orders"])
            #expect(describe.out.contains("| Partition Count    | 2 "), "\(describe.out)")

            let produce = try cli.run(["kafka", "topic", "produce", "orders", "--parse-key", "--partition", "1"],
                                      stdin: "k1:{\"n\":1}\nk2:plain text\n\nk3:{\"n\":3}\n")
            #expect(produce.status == 0, "\(produce.err)")
            #expect(produce.out == "Produced 3 records.\n")
            let consume = try cli.run(["kafka", "topic", "consume", "orders", "--print-key", "--delimiter", "="])
            #expect(consume.status == 0, "\(consume.err)")
            #expect(consume.out == "k1={\"n\":1}\nk2=plain text\nk3={\"n\":3}\n", "\(consume.out)")
            let tail = try cli.run(["kafka", "topic", "consume", "orders", "--partition", "1", "--offset", "2", "-o", "json"])
            #expect(tail.json?.arrayValue?.count == 1)
            #expect(tail.json?.arrayValue?.first?["offset"] == .int(2))
            let limited = try cli.run(["kafka", "topic", "consume", "orders", "--max", "2"])
            #expect(limited.out.split(separator: "\n").count == 2)
            let bad = try cli.run(["kafka", "topic", "produce", "orders", "--value-format", "json"], stdin: "{not json\n")
            #expect(bad.status == 1)
            #expect(bad.err.contains("not valid JSON"))

            #expect(try cli.run(["kafka", "topic", "delete", "orders"]).status == 0)
            let gone = try cli.run(["kafka", "topic", "describe", "orders"])
            #expect(gone.status == 1)
            #expect(gone.err.hasPrefix("Error: "), "\(gone.err)")
        }
    }

    @Test func statementVerbs() throws {
        try ConfluentCLI.withLoggedIn { server, cli in
            let create = try cli.run(["flink", "statement", "create", "cli-stmt", "--sql", "SELECT 1;", "--wait", "-o", "json"])
            guard Landed.statements else {
                #expect(create.status == 1)
                #expect(create.err.hasPrefix("Error: "), "\(create.err)")
                return
            }
            #expect(create.status == 0, "\(create.err)")
            #expect(create.json?["name"] == .string("cli-stmt"))
            #expect(create.json?["status"] != .string("PENDING"))
            let list = try cli.run(["flink", "statement", "list", "-o", "json"])
            #expect(list.json?.arrayValue?.contains { $0["name"] == .string("cli-stmt") } == true, "\(list.out)")
            let describe = try cli.run(["flink", "statement", "describe", "cli-stmt"])
            #expect(describe.status == 0)
            #expect(describe.out.contains("| Statement "))
            #expect(describe.out.contains("SELECT 1;"))
            let results = try cli.run(["flink", "statement", "results", "cli-stmt", "-o", "json"])
            #expect(results.status == 0, "\(results.err)")
            #expect(results.json?.arrayValue?.first?["row"] == .array([.string("1")]), "\(results.out)")
            let exceptions = try cli.run(["flink", "statement", "exception", "list", "cli-stmt", "-o", "json"])
            #expect(exceptions.status == 0, "\(exceptions.err)")
            #expect(exceptions.json?.arrayValue != nil)
            let delete = try cli.run(["flink", "statement", "delete", "cli-stmt"])
            #expect(delete.status == 0, "\(delete.err)")
            let gone = try cli.run(["flink", "statement", "describe", "cli-stmt"])
            #expect(gone.status == 1)
            // An unbounded SELECT: stop, resume and update go through GET + PUT like the real CLI.
            let ddl = try cli.run(["flink", "statement", "create", "ddl", "--wait", "--sql",
                                   "CREATE TABLE st_src (id BIGINT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'st_src', 'format' = 'json');"])
            #expect(ddl.status == 0, "\(ddl.err)")
            #expect(try cli.run(["kafka", "topic", "produce", "st_src"], stdin: "{\"id\":7,\"name\":\"x\"}\n").status == 0)
            let select = try cli.run(["flink", "statement", "create", "sel", "--sql", "SELECT id, name FROM st_src;", "--wait", "-o", "json"])
            #expect(select.json?["status"] == .string("RUNNING"), "\(select.out)\(select.err)")
            let rows = try cli.run(["flink", "statement", "results", "sel", "--timeout", "5s"])
            #expect(rows.out.contains(" 7  | x"), "\(rows.out)")
            func phase(_ name: String, becomes expected: String) throws -> Bool {
                let deadline = Date().addingTimeInterval(15)
                while Date() < deadline {
                    if try cli.run(["flink", "statement", "describe", name, "-o", "json"]).json?["status"] == .string(expected) { return true }
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return false
            }
            let stop = try cli.run(["flink", "statement", "stop", "sel"])
            #expect(stop.out == "Requested to stop statement \"sel\".\n", "\(stop.err)")
            #expect(try phase("sel", becomes: "STOPPED"))
            #expect(try cli.run(["flink", "statement", "resume", "sel"]).status == 0)
            #expect(try phase("sel", becomes: "RUNNING"))
            let update = try cli.run(["flink", "statement", "update", "sel", "--stopped", "true", "-o", "json"])
            #expect(update.status == 0, "\(update.err)")
            #expect(update.json?["stopped"] == .bool(true))
            #expect(try phase("sel", becomes: "STOPPED"))
            let stopped = try cli.run(["flink", "statement", "list", "--status", "stopped", "-o", "json"])
            #expect(stopped.json?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["sel"], "\(stopped.out)")
            #expect(try cli.run(["flink", "statement", "delete", "sel", "ddl"]).status == 0)

            let duplicate = try cli.run(["flink", "statement", "create", "dup", "--sql", "SELECT 1;"])
            #expect(duplicate.status == 0)
            let again = try cli.run(["flink", "statement", "create", "dup", "--sql", "SELECT 1;"])
            #expect(again.status == 1)
            #expect(again.err.contains("dup"), "409 detail names the statement: \(again.err)")
        }
    }
}
