import Model

/// `confluent environment create|list|describe|use|update|delete` over `/org/v2/environments`.
enum EnvironmentCommands {
    static func view(current: String?) -> ResourceView {
        ResourceView([
            .marker("Current", "is_current") { $0["id"]?.stringValue == current && current != nil },
            .field("ID", "id", "id"),
            .field("Name", "name", "display_name"),
            .field("Stream Governance Package", "stream_governance_package", "stream_governance_config/package"),
            .field("Created At", "created_at", "metadata/created_at", listed: false),
        ])
    }

    static func spec() -> CommandSpec {
        let governance = FlagSpec("governance-package", value: "PACKAGE", help: "Stream Governance package: essentials or advanced.")
        return CommandSpec("environment", "Manage environments.", aliases: ["env"], subcommands: [
            CommandSpec("create", "Create an environment.", arguments: [ArgumentSpec("name")], flags: [governance],
                        examples: ["confluent environment create dev"]) { ctx in
                var body: [(String, JSONValue?)] = [("display_name", .string(try ctx.argument(0)))]
                if let p = ctx.invocation.string("governance-package") {
                    body.append(("stream_governance_config", JSONBuild.object([("package", .string(p.uppercased()))])))
                }
                let created = try ctx.client().send("POST", "/org/v2/environments", body: JSONBuild.object(body)) ?? .null
                ctx.printer.describe(created, as: view(current: try ctx.config().environmentID))
            },
            CommandSpec("list", "List environments.") { ctx in
                let all = try ctx.client().listAll("/org/v2/environments")
                ctx.printer.list(all, as: view(current: try? ctx.environmentID()))
            },
            CommandSpec("describe", "Describe an environment (default: the current one).",
                        arguments: [ArgumentSpec("id", required: false)]) { ctx in
                let id = try ctx.invocation.positional(0) ?? ctx.environmentID()
                let env = try ctx.client().get("/org/v2/environments/" + QueryString.encode(id))
                ctx.printer.describe(env, as: view(current: try? ctx.environmentID()))
            },
            CommandSpec("use", "Use an environment in later commands.", arguments: [ArgumentSpec("id")]) { ctx in
                let id = try ctx.argument(0)
                let env = try ctx.client().get("/org/v2/environments/" + QueryString.encode(id))
                try ctx.save { c in
                    if c.environmentID != id { c.computePoolID = nil }
                    c.environmentID = id
                }
                ctx.printer.message("Using environment \"\(id)\" (\"\(env["display_name"]?.stringValue ?? "")\").")
            },
            CommandSpec("update", "Update an environment.", arguments: [ArgumentSpec("id")],
                        flags: [FlagSpec("name", value: "NAME", help: "New display name."), governance]) { ctx in
                var body: [(String, JSONValue?)] = [("display_name", JSONBuild.string(ctx.invocation.string("name")))]
                if let p = ctx.invocation.string("governance-package") {
                    body.append(("stream_governance_config", JSONBuild.object([("package", .string(p.uppercased()))])))
                }
                guard body.contains(where: { $0.1 != nil }) else {
                    throw UsageError("nothing to update", suggestion: "Pass --name or --governance-package.")
                }
                let id = try ctx.argument(0)
                let env = try ctx.client().send("PATCH", "/org/v2/environments/" + QueryString.encode(id), body: JSONBuild.object(body)) ?? .null
                ctx.printer.describe(env, as: view(current: try? ctx.environmentID()))
            },
            CommandSpec("delete", "Delete environments (and everything in them).",
                        arguments: [ArgumentSpec("id", variadic: true)],
                        flags: [FlagSpec("force", help: "Skip the confirmation (there is none; accepted for compatibility).")]) { ctx in
                let client = try ctx.client()
                for id in ctx.invocation.positionals {
                    try client.send("DELETE", "/org/v2/environments/" + QueryString.encode(id))
                    if try ctx.config().environmentID == id { try ctx.save { $0.environmentID = nil; $0.computePoolID = nil } }
                    ctx.printer.message("Deleted environment \"\(id)\".")
                }
            },
        ])
    }
}
