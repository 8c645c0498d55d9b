import Foundation
import Model

/// `confluent kafka topic create|list|describe|delete|produce|consume` over Kafka REST v3
/// (`/kafka/v3/clusters/{cluster}/topics`); `consume` uses FlinkCloud's read-back extension.
enum KafkaTopicCommands {
    static let view = ResourceView([
        .field("Name", "name", "topic_name"),
        .field("Internal", "internal", "is_internal"),
        .field("Replication Factor", "replication_factor", "replication_factor"),
        .field("Partition Count", "partition_count", "partitions_count"),
        .field("Cluster", "cluster", "cluster_id", listed: false),
    ])

    static let clusterFlag = FlagSpec("cluster", value: "ID", help: "Kafka cluster ID (default: the environment's cluster; env CONFLUENT_KAFKA_CLUSTER).")

    static func topicsPath(_ cluster: String) -> String { "/kafka/v3/clusters/" + QueryString.encode(cluster) + "/topics" }

    static func spec() -> CommandSpec {
        let common = [clusterFlag, RootCommand.environmentFlag]
        let topicArg = ArgumentSpec("topic")
        return CommandSpec("topic", "Manage Kafka topics.", subcommands: [
            CommandSpec("create", "Create a topic.", arguments: [topicArg],
                        flags: [FlagSpec("partitions", value: "N", help: "Number of partitions (default: the server's, 6)."),
                                FlagSpec("config", value: "KEY=VALUE", help: "Topic config (repeatable, or comma-separated).", repeatable: true),
                                FlagSpec("if-not-exists", help: "Succeed if the topic already exists.")] + common) { ctx in
                let (client, path) = try topics(ctx)
                let name = try ctx.argument(0)
                let configs = try JSONBuild.pairs(ctx.invocation.strings("config"), flag: "config").map {
                    JSONBuild.object([("name", .string($0.0)), ("value", .string($0.1))])
                }
                let body = JSONBuild.object([("topic_name", .string(name)),
                                             ("partitions_count", JSONBuild.int(try ctx.invocation.int("partitions"))),
                                             ("configs", configs.isEmpty ? nil : .array(configs))])
                let response = try client.raw("POST", path, body: body)
                if response.status == 400, ctx.invocation.bool("if-not-exists"),
                   RESTClient.failure(status: 400, body: response.body).code == "40002" {
                    return ctx.printer.message("Topic \"\(name)\" already exists.")
                }
                guard (200..<300).contains(response.status) else { throw RESTClient.failure(status: response.status, body: response.body) }
                if ctx.format == .human {
                    ctx.printer.message("Created topic \"\(name)\".")
                } else {
                    ctx.printer.describe((try? JSONParser.parse(response.body)) ?? .null, as: view)
                }
            },
            CommandSpec("list", "List topics.", flags: common) { ctx in
                let (client, path) = try topics(ctx)
                let list = try client.get(path)
                let data = (list["data"]?.arrayValue ?? []).sorted { ($0["topic_name"]?.stringValue ?? "") < ($1["topic_name"]?.stringValue ?? "") }
                ctx.printer.list(data, as: view)
            },
            CommandSpec("describe", "Describe a topic.", arguments: [topicArg], flags: common) { ctx in
                let (client, path) = try topics(ctx)
                ctx.printer.describe(try client.get(path + "/" + QueryString.encode(try ctx.argument(0))), as: view)
            },
            CommandSpec("delete", "Delete topics.", arguments: [ArgumentSpec("topic", variadic: true)],
                        flags: common + [FlagSpec("force", help: "Accepted for compatibility (there is no prompt).")]) { ctx in
                let (client, path) = try topics(ctx)
                for name in ctx.invocation.positionals {
                    try client.send("DELETE", path + "/" + QueryString.encode(name))
                    ctx.printer.message("Deleted topic \"\(name)\".")
                }
            },
            CommandSpec("produce", "Produce records read from stdin, one per line.", arguments: [topicArg],
                        flags: [FlagSpec("parse-key", help: "Split each line into key and value at --delimiter."),
                                FlagSpec("delimiter", value: "SEP", help: "Key/value separator for --parse-key.", default: ":"),
                                FlagSpec("value-format", value: "FORMAT", help: "string or json.", default: "string"),
                                FlagSpec("partition", value: "N", help: "Produce to this partition (default: by key hash).")] + common,
                        examples: ["echo '{\"id\":1}' | confluent kafka topic produce orders"], run: produce),
            CommandSpec("consume", "Print the records a topic holds (FlinkCloud's REST read-back extension).",
                        arguments: [topicArg],
                        flags: [FlagSpec("from-beginning", help: "Start at the earliest offset (the default here)."),
                                FlagSpec("offset", value: "N", help: "Start at this offset (in every partition, or in --partition)."),
                                FlagSpec("partition", value: "N", help: "Only this partition."),
                                FlagSpec("max", value: "N", help: "At most this many records.", default: "1000"),
                                FlagSpec("print-key", help: "Print the key before the value, separated by --delimiter."),
                                FlagSpec("delimiter", value: "SEP", help: "Separator for --print-key.", default: "\t")] + common,
                        run: consume),
        ])
    }

    // MARK: Cluster

    static func topics(_ ctx: CommandContext) throws -> (RESTClient, String) {
        let client = try ctx.client()
        return (client, topicsPath(try clusterID(ctx, client)))
    }

    /// `--cluster`, else `CONFLUENT_KAFKA_CLUSTER`, else the cluster `/kafka/v3/clusters` lists for the environment.
    static func clusterID(_ ctx: CommandContext, _ client: RESTClient) throws -> String {
        if let c = ctx.invocation.string("cluster") ?? ctx.env("CONFLUENT_KAFKA_CLUSTER") { return c }
        let env = try ctx.environmentID()
        let clusters = try client.get("/kafka/v3/clusters")["data"]?.arrayValue ?? []
        func mentions(_ v: JSONValue) -> Bool {
            switch v {
            case .string(let s): return s == env || s.hasSuffix("/" + env) || s.hasSuffix("=" + env)
            case .object(let o): return o.members.contains { mentions($0.value) }
            default: return false
            }
        }
        guard let cluster = clusters.first(where: mentions) ?? (clusters.count == 1 ? clusters[0] : nil),
              let id = cluster["cluster_id"]?.stringValue ?? cluster["id"]?.stringValue else {
            throw CLIFailure("no Kafka cluster found for environment \"\(env)\"", resolution: "Pass --cluster <id>.")
        }
        return id
    }

    // MARK: produce / consume

    static func produce(_ ctx: CommandContext) throws {
        let inv = ctx.invocation
        let (client, path) = try topics(ctx)
        let recordsPath = path + "/" + QueryString.encode(try ctx.argument(0)) + "/records"
        let delimiter = inv.string("delimiter") ?? ":"
        let json = inv.string("value-format")?.lowercased() == "json"
        let partition = try inv.int("partition")
        var count = 0
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            var key: String?
            var value = line
            if inv.bool("parse-key") {
                guard let r = line.range(of: delimiter) else { throw CLIFailure("no key delimiter \"\(delimiter)\" in line \(count + 1): \(line)") }
                key = String(line[..<r.lowerBound])
                value = String(line[r.upperBound...])
            }
            let valueJSON: JSONValue
            if json {
                do { valueJSON = try JSONParser.parse(value) } catch { throw CLIFailure("line \(count + 1) is not valid JSON: \(error)") }
            } else {
                valueJSON = .string(value)
            }
            let body = JSONBuild.object([
                ("partition_id", JSONBuild.int(partition)),
                ("key", key.map { JSONBuild.object([("type", .string("STRING")), ("data", .string($0))]) }),
                ("value", JSONBuild.object([("type", .string(json ? "JSON" : "STRING")), ("data", valueJSON)])),
            ])
            let result = try client.send("POST", recordsPath, body: body) ?? .null
            if let code = result["error_code"]?.intValue, code != 200 {
                throw CLIFailure(result["message"]?.stringValue ?? "record \(count + 1) was refused (error_code \(code))")
            }
            count += 1
            if ctx.format != .human { ctx.terminal.out(String(decoding: result.encoded(), as: UTF8.self) + "\n") }
        }
        ctx.printer.message("Produced \(count) record\(count == 1 ? "" : "s").")
    }

    static func consume(_ ctx: CommandContext) throws {
        let inv = ctx.invocation
        let (client, path) = try topics(ctx)
        let topicPath = path + "/" + QueryString.encode(try ctx.argument(0))
        let limit = try inv.int("max") ?? 1000
        let offset = try inv.int("offset") ?? 0
        var recordsPath = topicPath + "/records"
        var query: [(String, String)] = []
        var cursor = "offsets"
        if let p = try inv.int("partition") {
            recordsPath = topicPath + "/partitions/\(p)/records"
            query.append(("offset", String(offset)))
            cursor = "offset"
        } else if offset > 0 {
            let count = try client.get(topicPath)["partitions_count"]?.intValue ?? 1
            query.append(("offsets", (0..<count).map { "\($0):\(offset)" }.joined(separator: ",")))
        }
        // Follow `metadata.next` until the end of the log or `--max` records.
        var records: [JSONValue] = []
        while records.count < limit {
            let page = try client.get(recordsPath, query: query + [("max", String(min(limit - records.count, 1000)))])
            records.append(contentsOf: page["data"]?.arrayValue ?? [])
            guard let next = page["metadata"]?["next"]?.stringValue, !next.isEmpty,
                  let position = QueryString.value(of: cursor, in: next), !(page["data"]?.arrayValue ?? []).isEmpty else { break }
            query = [(cursor, position)]
        }
        guard ctx.format == .human else { return ctx.printer.document(.array(records)) }
        var out = ""
        for r in records {
            if inv.bool("print-key") { out += payload(r["key"]) + (inv.string("delimiter") ?? "\t") }
            out += payload(r["value"]) + "\n"
        }
        ctx.terminal.out(out)
    }

    /// A key or value as text: strings as they are, `{"type","data"}` wrappers unwrapped, JSON compact.
    static func payload(_ v: JSONValue?) -> String {
        guard let v, v != .null else { return "" }
        if let data = v["data"], v["type"] != nil || v.objectValue?.count == 1 { return payload(data) }
        if let s = v.stringValue { return s }
        return String(decoding: v.encoded(), as: UTF8.self)
    }
}
