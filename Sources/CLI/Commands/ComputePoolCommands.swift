import Model

/// `confluent flink compute-pool create|list|describe|use|update|delete` over `/fcpm/v2/compute-pools`.
enum ComputePoolCommands {
    static func view(current: String?) -> ResourceView {
        ResourceView([
            .marker("Current", "is_current") { $0["id"]?.stringValue == current && current != nil },
            .field("ID", "id", "id"),
            .field("Name", "name", "spec/display_name"),
            .field("Environment", "environment", "spec/environment/id"),
            .field("Current CFU", "current_cfu", "status/current_cfu"),
            .field("Max CFU", "max_cfu", "spec/max_cfu"),
            .field("Cloud", "cloud", "spec/cloud"),
            .field("Region", "region", "spec/region"),
            .field("Default", "default_pool", "spec/default_pool"),
            .field("Status", "status", "status/phase"),
        ])
    }

    static func path(_ id: String) -> String { "/fcpm/v2/compute-pools/" + QueryString.encode(id) }

    static func spec() -> CommandSpec {
        let env = RootCommand.environmentFlag
        return CommandSpec("compute-pool", "Manage Flink compute pools.", subcommands: [
            CommandSpec("create", "Create a compute pool.", arguments: [ArgumentSpec("name")],
                        flags: [FlagSpec("cloud", value: "CLOUD", help: "AWS, GCP or AZURE (default: the server's)."),
                                FlagSpec("region", value: "REGION", help: "Cloud region (default: the server's)."),
                                FlagSpec("max-cfu", value: "N", help: "Maximum CFUs (1 CFU = 1 parallel subtask).", default: "5"),
                                FlagSpec("default-pool", help: "Make it the environment's default pool."), env],
                        examples: ["confluent flink compute-pool create pool1 --max-cfu 10"]) { ctx in
                let envID = try ctx.environmentID()
                let spec = JSONBuild.object([
                    ("display_name", .string(try ctx.argument(0))),
                    ("cloud", JSONBuild.string(ctx.invocation.string("cloud")?.uppercased())),
                    ("region", JSONBuild.string(ctx.invocation.string("region"))),
                    ("max_cfu", JSONBuild.int(try ctx.invocation.int("max-cfu"))),
                    ("default_pool", ctx.invocation.has("default-pool") ? .bool(ctx.invocation.bool("default-pool")) : nil),
                    ("environment", JSONBuild.object([("id", .string(envID))])),
                ])
                let pool = try ctx.client().send("POST", "/fcpm/v2/compute-pools", body: JSONBuild.object([("spec", spec)])) ?? .null
                ctx.printer.describe(pool, as: view(current: try ctx.config().computePoolID))
            },
            CommandSpec("list", "List compute pools in an environment.", flags: [env]) { ctx in
                let pools = try ctx.client().listAll("/fcpm/v2/compute-pools", query: [("environment", try ctx.environmentID())])
                ctx.printer.list(pools, as: view(current: try ctx.config().computePoolID))
            },
            CommandSpec("describe", "Describe a compute pool (default: the current one).",
                        arguments: [ArgumentSpec("id", required: false)], flags: [env]) { ctx in
                guard let id = try ctx.invocation.positional(0) ?? ctx.computePoolID() else {
                    throw UsageError("no compute pool given or selected", suggestion: "Pass an ID or run \"confluent flink compute-pool use <id>\".")
                }
                let pool = try ctx.client().get(path(id), query: [("environment", try ctx.environmentID())])
                ctx.printer.describe(pool, as: view(current: try ctx.config().computePoolID))
            },
            CommandSpec("use", "Use a compute pool in later commands.", arguments: [ArgumentSpec("id")], flags: [env]) { ctx in
                let id = try ctx.argument(0)
                let envID = try ctx.environmentID()
                let pool = try ctx.client().get(path(id), query: [("environment", envID)])
                try ctx.save { $0.computePoolID = id; $0.environmentID = envID }
                ctx.printer.message("Using compute pool \"\(id)\" (\"\(pool.at("spec/display_name")?.stringValue ?? "")\").")
            },
            CommandSpec("update", "Update a compute pool.", arguments: [ArgumentSpec("id", required: false)],
                        flags: [FlagSpec("name", value: "NAME", help: "New display name."),
                                FlagSpec("max-cfu", value: "N", help: "New maximum CFUs."), env]) { ctx in
                guard let id = try ctx.invocation.positional(0) ?? ctx.computePoolID() else {
                    throw UsageError("no compute pool given or selected")
                }
                let name = ctx.invocation.string("name")
                let cfu = try ctx.invocation.int("max-cfu")
                guard name != nil || cfu != nil else { throw UsageError("nothing to update", suggestion: "Pass --name or --max-cfu.") }
                let envID = try ctx.environmentID()
                let spec = JSONBuild.object([("display_name", JSONBuild.string(name)), ("max_cfu", JSONBuild.int(cfu)),
                                             ("environment", JSONBuild.object([("id", .string(envID))]))])
                let pool = try ctx.client().send("PATCH", path(id), query: [("environment", envID)],
                                                 body: JSONBuild.object([("spec", spec)])) ?? .null
                ctx.printer.describe(pool, as: view(current: try ctx.config().computePoolID))
            },
            CommandSpec("delete", "Delete compute pools.", arguments: [ArgumentSpec("id", variadic: true)],
                        flags: [env, FlagSpec("force", help: "Accepted for compatibility (there is no prompt).")]) { ctx in
                let client = try ctx.client()
                let envID = try ctx.environmentID()
                for id in ctx.invocation.positionals {
                    try client.send("DELETE", path(id), query: [("environment", envID)])
                    if try ctx.config().computePoolID == id { try ctx.save { $0.computePoolID = nil } }
                    ctx.printer.message("Deleted compute pool \"\(id)\".")
                }
            },
        ])
    }
}
