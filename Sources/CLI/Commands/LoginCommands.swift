import Model

/// `confluent login` / `confluent logout`.
enum LoginCommands {
    static func login() -> CommandSpec {
        CommandSpec("login", "Log in to a FlinkCloud server and save the context.",
                    flags: [
                        FlagSpec("url", value: "URL", help: "Server URL, e.g. http://127.0.0.1:8080 (env CONFLUENT_URL)."),
                        FlagSpec("api-key", value: "KEY", help: "API key (env CONFLUENT_API_KEY)."),
                        FlagSpec("api-secret", value: "SECRET", help: "API secret (env CONFLUENT_API_SECRET)."),
                        RootCommand.environmentFlag,
                    ],
                    examples: ["confluent login --url http://127.0.0.1:8080 --api-key KEY --api-secret SECRET"],
                    run: run)
    }

    static func logout() -> CommandSpec {
        CommandSpec("logout", "Log out: forget the saved server, credentials and context.") { ctx in
            let had = (try? ctx.config().isLoggedIn) ?? true
            ctx.store.remove()
            ctx.printer.message(had ? "You are now logged out." : "You are not logged in.")
        }
    }

    static func run(_ ctx: CommandContext) throws {
        let inv = ctx.invocation
        guard let url = inv.string("url") ?? ctx.env("CONFLUENT_URL", "FLINKCLOUD_URL") else {
            throw UsageError("required flag \"--url\" not set (or set CONFLUENT_URL)",
                             suggestion: "confluent login --url http://127.0.0.1:8080 --api-key KEY --api-secret SECRET")
        }
        let key = inv.string("api-key") ?? ctx.env("CONFLUENT_API_KEY", "FLINKCLOUD_API_KEY")
        let secret = inv.string("api-secret") ?? ctx.env("CONFLUENT_API_SECRET", "FLINKCLOUD_API_SECRET")
        if (key == nil) != (secret == nil) {
            throw UsageError("give both --api-key and --api-secret, or neither (for a server run with --auth off)")
        }
        let client = try RESTClient(url: url, apiKey: key, apiSecret: secret)
        // A state-changing-grade endpoint: it needs valid credentials when auth is on.
        let environments = try client.listAll("/org/v2/environments")
        let chosen: JSONValue?
        if let wanted = inv.string("environment") {
            chosen = environments.first { $0["id"]?.stringValue == wanted }
            if chosen == nil { throw CLIFailure("environment \"\(wanted)\" not found on \(client.baseURL)") }
        } else {
            chosen = environments.first { $0["display_name"]?.stringValue == "default" } ?? environments.first
        }
        let org = (try? client.listAll("/org/v2/organizations"))?.first?["id"]?.stringValue
        let config = CLIConfig(url: client.baseURL, apiKey: key, apiSecret: secret, organizationID: org,
                               environmentID: chosen?["id"]?.stringValue)
        try ctx.store.save(config)
        var lines = ["Logged in to \(client.baseURL)" + (key.map { " with API key \"\($0)\"." } ?? ".")]
        if let env = chosen, let id = env["id"]?.stringValue {
            lines.append("Using environment \"\(id)\" (\"\(env["display_name"]?.stringValue ?? "")\").")
        }
        lines.append("Context saved to \(ctx.store.path).")
        ctx.printer.message(lines.joined(separator: "\n"))
        if ctx.format != .human {
            ctx.printer.document(JSONBuild.object([("url", .string(client.baseURL)), ("api_key", JSONBuild.string(key)),
                                                   ("organization_id", JSONBuild.string(org)),
                                                   ("environment_id", chosen?["id"]), ("config", .string(ctx.store.path))]))
        }
    }
}
