import Foundation
import Model

/// `confluent flink job …`: the seed's Jobs API (`/flink/v1/environments/{env}/jobs`).
enum JobCommands {
    static let view = ResourceView([
        .field("ID", "id", "id"),
        .field("Name", "name", "name"),
        .field("Status", "status", "status/phase"),
        .field("Version", "version", "status/current_version"),
        .field("Parallelism", "parallelism", "spec/parallelism"),
        .field("Checkpoint Interval", "checkpoint_interval", "spec/checkpoint_interval"),
        .field("Checkpoint Mode", "checkpoint_mode", "spec/checkpoint_mode"),
        .field("Compute Pool", "compute_pool", "spec/compute_pool_id"),
        .field("Scaling Status", "scaling_status", "status/scaling_status", listed: false),
        .field("Labels", "labels", "spec/labels", listed: false),
        .field("Detail", "detail", "status/detail", listed: false),
        .field("Update Phase", "update_phase", "status/update_phase", listed: false),
        .field("State Restore", "state_restore", "status/state_restore/mode", listed: false),
        .field("Switch Gap (ms)", "switch_gap_ms", "status/switch_gap_ms", listed: false),
        .field("Latest Offsets", "latest_offsets", "status/latest_offsets", listed: false),
        .field("Auto Rollback", "auto_rollback", "spec/auto_rollback", listed: false),
        .field("Rollback Probation (ms)", "rollback_probation", "spec/rollback_probation", listed: false),
        .field("Created By", "created_by", "status/created_by", listed: false),
        .field("Created At", "created_at", "metadata/created_at"),
        .field("Updated At", "updated_at", "metadata/updated_at", listed: false),
        .field("Resource Version", "resource_version", "metadata/resource_version", listed: false),
        .field("SQL", "sql", "spec/sql", listed: false),
    ])

    static func jobsPath(_ env: String) -> String { "/flink/v1/environments/" + QueryString.encode(env) + "/jobs" }
    static func jobPath(_ env: String, _ job: String) -> String { jobsPath(env) + "/" + QueryString.encode(job) }

    static let waitFlag = FlagSpec("wait", help: "Wait until the job is RUNNING (or has COMPLETED).")
    static let timeoutFlag = FlagSpec("timeout", value: "DURATION", help: "How long --wait waits, e.g. 30s or 5m.", default: "60s")
    static let configFlags = [
        FlagSpec("sql-file", value: "FILE", help: "File with the job's SQL script."),
        FlagSpec("sql", value: "SQL", help: "The SQL script inline (instead of --sql-file)."),
        FlagSpec("parallelism", value: "N", help: "Parallel subtasks per operator (at most the pool's CFUs)."),
        FlagSpec("checkpoint-interval", value: "MS", help: "Checkpoint interval in milliseconds."),
        FlagSpec("checkpoint-mode", value: "MODE", help: "EXACTLY_ONCE or AT_LEAST_ONCE."),
        RootCommand.computePoolFlag,
        FlagSpec("label", value: "KEY=VALUE", help: "A label (repeatable, or comma-separated).", repeatable: true),
        FlagSpec("auto-rollback", help: "Roll a failed update back automatically; --auto-rollback=false turns it off."),
        FlagSpec("rollback-probation", value: "MS", help: "Window after an update in which a failure rolls back, in milliseconds (0 to 86400000)."),
    ]

    static func spec() -> CommandSpec {
        let env = RootCommand.environmentFlag
        let jobArg = ArgumentSpec("job")
        return CommandSpec("job", "Manage Flink SQL jobs (deploy, update, version, monitor).", subcommands: [
            CommandSpec("create", "Create (deploy) a job from a SQL script.",
                        flags: [FlagSpec("name", value: "NAME", help: "Job name (lower case letters, digits, '-').")]
                            + configFlags + [env, waitFlag, timeoutFlag],
                        examples: ["confluent flink job create --name marketlag-job-1 --sql-file job1.sql --parallelism 2 \\",
                                   "    --checkpoint-interval 300000 --checkpoint-mode EXACTLY_ONCE --wait"],
                        run: create),
            CommandSpec("list", "List jobs.", flags: [
                FlagSpec("status", value: "PHASE", help: "Only jobs in this phase (RUNNING, STOPPED, …)."),
                RootCommand.computePoolFlag, env,
            ]) { ctx in
                var query: [(String, String)] = []
                if let s = ctx.invocation.string("status") { query.append(("status", s.uppercased())) }
                if let p = ctx.invocation.string("compute-pool") { query.append(("compute_pool_id", p)) }
                let jobs = try ctx.client().listAll(jobsPath(try ctx.environmentID()), query: query)
                ctx.printer.list(jobs, as: view)
            },
            CommandSpec("describe", "Describe a job.", arguments: [jobArg], flags: [env]) { ctx in
                let job = try ctx.client().get(jobPath(try ctx.environmentID(), try ctx.argument(0)))
                ctx.printer.describe(job, as: view)
            },
            CommandSpec("update", "Update a job: a new version with the given SQL and/or settings.",
                        arguments: [jobArg], flags: configFlags + [env, waitFlag, timeoutFlag],
                        examples: ["confluent flink job update job1 --parallelism 1",
                                   "confluent flink job update job1 --auto-rollback=false",
                                   "confluent flink job update job1 --rollback-probation 120000"], run: update),
            CommandSpec("stop", "Stop a job (a savepoint keeps its state for resume).", arguments: [jobArg],
                        flags: [env, FlagSpec("drain", help: "Fire every event-time window before the final savepoint (Flink's stop --drain)."),
                                FlagSpec("wait", help: "Wait until the job is STOPPED."), timeoutFlag]) { ctx in
                try transition(ctx, action: "stop", target: "STOPPED",
                               body: ctx.invocation.bool("drain") ? JSONObject([("drain", .bool(true))]) : JSONObject())
            },
            CommandSpec("resume", "Resume a stopped job.", arguments: [jobArg], flags: [env, waitFlag, timeoutFlag]) { ctx in
                try transition(ctx, action: "resume", target: "RUNNING")
            },
            CommandSpec("delete", "Delete jobs.", arguments: [ArgumentSpec("job", variadic: true)],
                        flags: [env, FlagSpec("force", help: "Accepted for compatibility (there is no prompt).")]) { ctx in
                let client = try ctx.client()
                let envID = try ctx.environmentID()
                for job in ctx.invocation.positionals {
                    try client.send("DELETE", jobPath(envID, job))
                    ctx.printer.message("Deleted job \"\(job)\".")
                }
            },
        ] + JobCommands.versionCommands() + JobCommands.monitoringCommands())
    }

    // MARK: Handlers

    static func create(_ ctx: CommandContext) throws {
        let inv = ctx.invocation
        let name = try ctx.required("name")
        guard let sql = try readSQL(ctx) else {
            throw UsageError("required flag \"--sql-file\" not set", suggestion: "Pass --sql-file FILE (or --sql TEXT).")
        }
        var body = try configBody(ctx)
        body.insert(("name", .string(name)), at: 0)
        body.insert(("sql", .string(sql)), at: 1)
        if body.first(where: { $0.0 == "compute_pool_id" })?.1 == nil, let pool = try ctx.computePoolID() {
            body.append(("compute_pool_id", .string(pool)))
        }
        let envID = try ctx.environmentID()
        let client = try ctx.client()
        var job = try client.send("POST", jobsPath(envID), body: JSONBuild.object(body)) ?? .null
        if inv.bool("wait") { job = try waitForJob(ctx, client, envID, job, target: "RUNNING") }
        ctx.printer.describe(job, as: view)
    }

    static func update(_ ctx: CommandContext) throws {
        var body = try configBody(ctx)
        if let sql = try readSQL(ctx) { body.insert(("sql", .string(sql)), at: 0) }
        guard body.contains(where: { $0.1 != nil }) else {
            throw UsageError("nothing to update",
                             suggestion: "Pass --sql-file, --parallelism, --checkpoint-interval, --checkpoint-mode, --compute-pool, --label, "
                                 + "--auto-rollback or --rollback-probation.")
        }
        let envID = try ctx.environmentID()
        let client = try ctx.client()
        var job = try client.send("PATCH", jobPath(envID, try ctx.argument(0)), body: JSONBuild.object(body)) ?? .null
        if ctx.invocation.bool("wait") { job = try waitForJob(ctx, client, envID, job, target: "RUNNING") }
        ctx.printer.describe(job, as: view)
    }

    static func transition(_ ctx: CommandContext, action: String, target: String, body: JSONObject = JSONObject()) throws {
        let envID = try ctx.environmentID()
        let client = try ctx.client()
        var job = try client.send("POST", jobPath(envID, try ctx.argument(0)) + "/" + action, body: .object(body)) ?? .null
        if ctx.invocation.bool("wait") { job = try waitForJob(ctx, client, envID, job, target: target) }
        ctx.printer.describe(job, as: view)
    }

    /// Polls the job until it reaches `target` (RUNNING also accepts COMPLETED; STOPPED accepts any terminal phase).
    static func waitForJob(_ ctx: CommandContext, _ client: RESTClient, _ envID: String, _ job: JSONValue,
                           target: String) throws -> JSONValue {
        let id = job["id"]?.stringValue ?? ""
        let timeout = try DurationText.parse(ctx.invocation.string("timeout") ?? "60s", flag: "timeout")
        let waiter = Waiter(context: ctx, timeoutSeconds: timeout)
        return try waiter.wait(for: "job \"\(job["name"]?.stringValue ?? id)\"", target: target,
                               fetch: { try client.get(jobPath(envID, id)) },
                               phase: { phase($0) }) { j in
            let p = phase(j)
            let detail = j.at("status/detail")?.stringValue ?? ""
            if target == "RUNNING" {
                if p == "RUNNING" || p == "COMPLETED" { return .done }
                if p == "FAILED" || p == "STOPPED" { return .failed(detail) }
                return .waiting
            }
            if p == target || p == "FAILED" || p == "COMPLETED" { return .done }
            return .waiting
        }
    }

    static func phase(_ job: JSONValue) -> String {
        var p = job.at("status/phase")?.stringValue ?? "UNKNOWN"
        if let s = job.at("status/scaling_status")?.stringValue, s != "OK", p == "PENDING" { p += " (\(s))" }
        return p
    }

    // MARK: Body helpers

    static func readSQL(_ ctx: CommandContext) throws -> String? {
        if let inline = ctx.invocation.string("sql") { return inline }
        guard let file = ctx.invocation.string("sql-file") else { return nil }
        let path = file == "-" ? "/dev/stdin" : file
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure("cannot read the SQL file \"\(file)\"", resolution: "Check the path given to --sql-file.")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The settings flags as request members (nil when not given).
    static func configBody(_ ctx: CommandContext) throws -> [(String, JSONValue?)] {
        let inv = ctx.invocation
        var body: [(String, JSONValue?)] = [
            ("parallelism", JSONBuild.int(try inv.int("parallelism"))),
            ("checkpoint_interval", JSONBuild.int(try inv.int("checkpoint-interval"))),
            ("checkpoint_mode", JSONBuild.string(inv.string("checkpoint-mode")?.uppercased())),
            ("compute_pool_id", JSONBuild.string(inv.string("compute-pool"))),
            ("auto_rollback", JSONBuild.bool(inv.optionalBool("auto-rollback"))),
            ("rollback_probation", JSONBuild.int(try inv.int("rollback-probation"))),
        ]
        let labels = try JSONBuild.pairs(inv.strings("label"), flag: "label")
        if !labels.isEmpty { body.append(("labels", JSONBuild.stringMap(labels))) }
        return body
    }
}
