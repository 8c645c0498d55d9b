import Foundation
import Model

/// `confluent flink job validate|versions|rollback|diff`.
extension JobCommands {
    static let versionView = ResourceView([
        .field("Version", "version", "version"),
        .field("State", "state", "state"),
        .field("Parallelism", "parallelism", "config/parallelism"),
        .field("Checkpoint Interval", "checkpoint_interval", "config/checkpoint_interval"),
        .field("Checkpoint Mode", "checkpoint_mode", "config/checkpoint_mode"),
        .field("Compute Pool", "compute_pool", "config/compute_pool_id", listed: false),
        .field("Created At", "created_at", "created_at"),
        .field("Created By", "created_by", "created_by"),
        .field("End Reason", "end_reason", "end_reason"),
        .field("Rolled Back From", "rolled_back_from", "rolled_back_from"),
        .field("Cause", "cause", "cause"),
        .field("State Restore", "state_restore", "state_restore/mode"),
        .field("State Restore Reason", "state_restore_reason", "state_restore/reason", listed: false),
        .field("Switch Gap (ms)", "switch_gap_ms", "switch_gap_ms", listed: false),
        .field("SQL", "sql", "sql", listed: false),
    ])

    static func versionCommands() -> [CommandSpec] {
        let env = RootCommand.environmentFlag
        let jobArg = ArgumentSpec("job")
        return [
            CommandSpec("validate", "Validate a SQL script without deploying it.",
                        flags: [FlagSpec("sql-file", value: "FILE", help: "File with the SQL script."),
                                FlagSpec("sql", value: "SQL", help: "The SQL script inline."),
                                FlagSpec("parallelism", value: "N", help: "Parallelism to plan with."), env],
                        examples: ["confluent flink job validate --sql-file job1.sql"], run: validate),
            CommandSpec("versions", "List a job's versions.", arguments: [jobArg], flags: [env]) { ctx in
                let versions = try ctx.client().listAll(jobPath(try ctx.environmentID(), try ctx.argument(0)) + "/versions")
                ctx.printer.list(versions, as: versionView)
            },
            CommandSpec("rollback", "Roll a job back to an earlier version (as a new version).", arguments: [jobArg],
                        flags: [FlagSpec("version", value: "N", help: "The version to roll back to."), env, waitFlag, timeoutFlag]) { ctx in
                let version = try ctx.required("version")
                guard let n = Int(version) else { throw UsageError("invalid argument \"\(version)\" for \"--version\" flag: expected an integer") }
                let envID = try ctx.environmentID()
                let client = try ctx.client()
                var job = try client.send("POST", jobPath(envID, try ctx.argument(0)) + "/rollback",
                                          body: JSONBuild.object([("version", .int(Int64(n)))])) ?? .null
                if ctx.invocation.bool("wait") { job = try waitForJob(ctx, client, envID, job, target: "RUNNING") }
                ctx.printer.describe(job, as: view)
            },
            CommandSpec("diff", "Compare two versions of a job (SQL as a unified diff, and changed settings).",
                        arguments: [jobArg],
                        flags: [FlagSpec("from", value: "N", help: "Older version."), FlagSpec("to", value: "N", help: "Newer version."), env],
                        examples: ["confluent flink job diff job1 --from 1 --to 2"]) { ctx in
                let from = try ctx.required("from"), to = try ctx.required("to")
                let diff = try ctx.client().get(jobPath(try ctx.environmentID(), try ctx.argument(0)) + "/versions/compare",
                                                query: [("from", from), ("to", to)])
                guard ctx.format == .human else { return ctx.printer.document(diff) }
                ctx.terminal.out(renderDiff(diff, from: from, to: to))
            },
        ]
    }

    static func renderDiff(_ diff: JSONValue, from: String, to: String) -> String {
        var out = ""
        let sqlDiff = diff["sql_diff"]?.stringValue ?? ""
        if sqlDiff.isEmpty {
            out += "SQL: unchanged between version \(from) and version \(to).\n"
        } else {
            if !sqlDiff.hasPrefix("---") { out += "--- version \(from)\n+++ version \(to)\n" }
            out += sqlDiff.hasSuffix("\n") ? sqlDiff : sqlDiff + "\n"
        }
        let changes = diff["changed_config"]?.arrayValue ?? []
        if changes.isEmpty {
            out += "Settings: unchanged.\n"
        } else {
            out += "\nSettings:\n"
            out += TextTable.list(headers: ["Setting", "Version \(from)", "Version \(to)"], rows: changes.map {
                [Cell.text($0["key"] ?? .null, multiline: false), Cell.text($0["from"] ?? .null, multiline: false),
                 Cell.text($0["to"] ?? .null, multiline: false)]
            })
        }
        return out
    }

    // MARK: validate

    static func validate(_ ctx: CommandContext) throws {
        guard let sql = try readSQL(ctx) else {
            throw UsageError("required flag \"--sql-file\" not set", suggestion: "Pass --sql-file FILE (or --sql TEXT).")
        }
        let envID = try ctx.environmentID()
        let client = try ctx.client()
        let body = JSONBuild.object([("sql", .string(sql)), ("parallelism", JSONBuild.int(try ctx.invocation.int("parallelism")))])
        let response = try client.raw("POST", jobsPath(envID) + "/validate", body: body)
        if response.status == 404 || response.status == 405 {
            return try validateByDryRun(ctx, client, envID, sql)
        }
        guard (200..<300).contains(response.status) else { throw RESTClient.failure(status: response.status, body: response.body) }
        let result = (try? JSONParser.parse(response.body)) ?? .null
        if result["valid"]?.boolValue == false {
            let errors = result["errors"]?.arrayValue ?? []
            let details = errors.compactMap { $0["detail"]?.stringValue }
            throw CLIFailure(details.isEmpty ? "the SQL is not valid" : details.joined(separator: "\n"),
                             resolution: errors.first?["resolution"]?.stringValue)
        }
        guard ctx.format == .human else { return ctx.printer.document(result) }
        var out = "SQL is valid.\n"
        let statements = result["statements"]?.arrayValue ?? []
        if !statements.isEmpty {
            out += "\n" + TextTable.list(headers: ["Line", "Kind", "Table"], rows: statements.map { s in
                [Cell.text(s["line"] ?? .null, multiline: false), Cell.text(s["kind"] ?? .null, multiline: false),
                 Cell.text(s["table"] ?? s["name"] ?? .null, multiline: false)]
            })
        }
        if let graph = result["graph"], graph != .null { out += "\nPlan:\n" + GraphText.render(graph) }
        ctx.terminal.out(out)
    }

    /// Older servers without `/jobs/validate`: a Statements API dry run (`sql.dry-run`).
    static func validateByDryRun(_ ctx: CommandContext, _ client: RESTClient, _ envID: String, _ sql: String) throws {
        let org = try ctx.organizationID(client)
        let name = "cli-validate-" + UUID().uuidString.lowercased().prefix(8)
        let body = JSONBuild.object([
            ("name", .string(String(name))),
            ("spec", JSONBuild.object([("statement", .string(sql)),
                                       ("properties", JSONBuild.stringMap([("sql.dry-run", "true")]))])),
        ])
        let statement = try client.send("POST", StatementCommands.statementsPath(org, envID), body: body) ?? .null
        let phase = statement.at("status/phase")?.stringValue ?? ""
        if phase == "FAILED" { throw CLIFailure(statement.at("status/detail")?.stringValue ?? "the SQL is not valid") }
        guard ctx.format == .human else { return ctx.printer.document(statement) }
        ctx.terminal.out("SQL is valid.\n")
    }
}
