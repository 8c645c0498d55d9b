import Foundation
import Model

/// `confluent flink statement …` over Confluent's Statements API
/// (`/sql/v1/organizations/{org}/environments/{env}/statements`), as the real CLI uses it.
enum StatementCommands {
    static let view = ResourceView([
        .field("Creation Date", "creation_date", "metadata/created_at"),
        .field("Name", "name", "name"),
        .field("Statement", "statement", "spec/statement"),
        .field("Compute Pool", "compute_pool", "spec/compute_pool_id"),
        .field("Status", "status", "status/phase"),
        .field("Status Detail", "status_detail", "status/detail"),
        .field("SQL Kind", "sql_kind", "status/traits/sql_kind", listed: false),
        .field("Stopped", "stopped", "spec/stopped", listed: false),
        .field("Properties", "properties", "spec/properties", listed: false),
        .field("Latest Offsets", "latest_offsets", "status/latest_offsets", listed: false),
        .field("Latest Offsets Timestamp", "latest_offsets_timestamp", "status/latest_offsets_timestamp", listed: false),
    ])

    static let exceptionView = ResourceView([
        .field("Timestamp", "timestamp", "timestamp"),
        .field("Name", "name", "name"),
        .field("Message", "message", "message"),
    ])

    static func statementsPath(_ org: String, _ env: String) -> String {
        "/sql/v1/organizations/" + QueryString.encode(org) + "/environments/" + QueryString.encode(env) + "/statements"
    }

    /// The statements collection for the current organization and environment, and a client for it.
    static func collection(_ ctx: CommandContext) throws -> (RESTClient, String) {
        let client = try ctx.client()
        return (client, statementsPath(try ctx.organizationID(client), try ctx.environmentID()))
    }

    static func spec() -> CommandSpec {
        let env = RootCommand.environmentFlag
        let nameArg = ArgumentSpec("name")
        return CommandSpec("statement", "Manage Flink SQL statements.", subcommands: [
            CommandSpec("create", "Create a Flink SQL statement.", arguments: [ArgumentSpec("name", required: false)],
                        flags: [FlagSpec("sql", value: "SQL", help: "The Flink SQL statement (required)."),
                                RootCommand.computePoolFlag,
                                FlagSpec("database", value: "NAME", help: "sql.current-database for the statement."),
                                FlagSpec("property", value: "KEY=VALUE", help: "A statement property (repeatable, or comma-separated).", repeatable: true),
                                FlagSpec("service-account", value: "ID", help: "Principal to run as."),
                                FlagSpec("wait", help: "Wait until the statement is no longer PENDING."),
                                JobCommands.timeoutFlag, env],
                        examples: ["confluent flink statement create my-select --sql \"SELECT 1;\" --wait"],
                        run: create),
            CommandSpec("list", "List statements.", flags: [
                RootCommand.computePoolFlag, FlagSpec("status", value: "PHASE", help: "Only statements in this phase."), env,
            ]) { ctx in
                let (client, path) = try collection(ctx)
                var query: [(String, String)] = []
                if let p = ctx.invocation.string("compute-pool") { query.append(("spec.compute_pool_id", p)) }
                var all = try client.listAll(path, query: query)
                if let s = ctx.invocation.string("status")?.uppercased() {
                    all = all.filter { $0.at("status/phase")?.stringValue == s }
                }
                ctx.printer.list(all, as: view)
            },
            CommandSpec("describe", "Describe a statement.", arguments: [nameArg], flags: [env]) { ctx in
                let (client, path) = try collection(ctx)
                ctx.printer.describe(try client.get(path + "/" + QueryString.encode(try ctx.argument(0))), as: view)
            },
            CommandSpec("delete", "Delete statements.", arguments: [ArgumentSpec("name", variadic: true)],
                        flags: [env, FlagSpec("force", help: "Accepted for compatibility (there is no prompt).")]) { ctx in
                let (client, path) = try collection(ctx)
                for name in ctx.invocation.positionals {
                    try client.send("DELETE", path + "/" + QueryString.encode(name))
                    ctx.printer.message("Requested to delete statement \"\(name)\".")
                }
            },
            CommandSpec("stop", "Stop a statement.", arguments: [nameArg], flags: [env]) { ctx in
                try put(ctx, verb: "stop") { $0.setting(["spec", "stopped"], to: .bool(true)) }
            },
            CommandSpec("resume", "Resume a stopped statement.", arguments: [nameArg],
                        flags: [FlagSpec("principal", value: "ID", help: "Run as this principal."), RootCommand.computePoolFlag, env]) { ctx in
                try put(ctx, verb: "resume") { try updated($0.setting(["spec", "stopped"], to: .bool(false)), ctx) }
            },
            CommandSpec("update", "Update a statement (principal, compute pool, stopped).", arguments: [nameArg],
                        flags: [FlagSpec("principal", value: "ID", help: "New principal."), RootCommand.computePoolFlag,
                                FlagSpec("stopped", value: "BOOL", help: "true to stop, false to resume."), env]) { ctx in
                try put(ctx, verb: "update") { s in
                    var s = try updated(s, ctx)
                    if let stopped = ctx.invocation.string("stopped") {
                        guard let b = Bool(stopped.lowercased()) else { throw UsageError("invalid argument \"\(stopped)\" for \"--stopped\" flag: expected true or false") }
                        s = s.setting(["spec", "stopped"], to: .bool(b))
                    }
                    return s
                }
            },
            resultsCommand(),
            CommandSpec("exception", "Manage statement exceptions.", subcommands: [
                CommandSpec("list", "List a statement's most recent exceptions.", arguments: [nameArg], flags: [env]) { ctx in
                    let (client, path) = try collection(ctx)
                    let list = try client.get(path + "/" + QueryString.encode(try ctx.argument(0)) + "/exceptions")
                    ctx.printer.list(list["data"]?.arrayValue ?? [], as: exceptionView)
                },
            ]),
        ])
    }

    static func updated(_ statement: JSONValue, _ ctx: CommandContext) throws -> JSONValue {
        var s = statement
        if let p = ctx.invocation.string("principal") { s = s.setting(["spec", "principal"], to: .string(p)) }
        if let pool = ctx.invocation.string("compute-pool") { s = s.setting(["spec", "compute_pool_id"], to: .string(pool)) }
        return s
    }

    /// GET, change, PUT the whole statement back (with its `resource_version`), as the real CLI does.
    static func put(_ ctx: CommandContext, verb: String, change: (JSONValue) throws -> JSONValue) throws {
        let (client, path) = try collection(ctx)
        let name = try ctx.argument(0)
        let current = try client.get(path + "/" + QueryString.encode(name))
        let result = try client.send("PUT", path + "/" + QueryString.encode(name), body: try change(current))
        if ctx.format == .human {
            ctx.terminal.out("Requested to \(verb) statement \"\(name)\".\n")
        } else {
            ctx.printer.describe(result ?? current, as: view)
        }
    }

    static func create(_ ctx: CommandContext) throws {
        let inv = ctx.invocation
        let sql = try ctx.required("sql")
        let (client, path) = try collection(ctx)
        let name = inv.positional(0) ?? generatedName()
        var properties = try JSONBuild.pairs(inv.strings("property"), flag: "property")
        if let db = inv.string("database") { properties.append(("sql.current-database", db)) }
        let spec = JSONBuild.object([
            ("statement", .string(sql)),
            ("compute_pool_id", JSONBuild.string(try ctx.computePoolID())),
            ("principal", JSONBuild.string(inv.string("service-account"))),
            ("properties", properties.isEmpty ? nil : JSONBuild.stringMap(properties)),
        ])
        var statement = try client.send("POST", path, body: JSONBuild.object([("name", .string(name)), ("spec", spec)])) ?? .null
        if inv.bool("wait") {
            let timeout = try DurationText.parse(inv.string("timeout") ?? "60s", flag: "timeout")
            statement = try Waiter(context: ctx, timeoutSeconds: timeout).wait(
                for: "statement \"\(name)\"", target: "past PENDING",
                fetch: { try client.get(path + "/" + QueryString.encode(name)) },
                phase: { $0.at("status/phase")?.stringValue ?? "UNKNOWN" }) { s in
                switch s.at("status/phase")?.stringValue {
                case "PENDING", nil: .waiting
                case "FAILED": .failed(s.at("status/detail")?.stringValue ?? "")
                default: .done
                }
            }
        }
        ctx.printer.describe(statement, as: view)
    }

    /// `cli-2025-06-01-153000-1a2b3c`, like the real CLI's generated names.
    static func generatedName(now: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd-HHmmss"
        return "cli-" + f.string(from: now) + "-" + UUID().uuidString.lowercased().prefix(8)
    }
}
