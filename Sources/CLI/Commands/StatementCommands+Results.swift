import Foundation
import Model

/// `confluent flink statement results <name>`: the rows of a statement's `/results` pages as a table
/// (a FlinkCloud convenience; the real CLI shows them only inside `flink shell`).
extension StatementCommands {
    static func resultsCommand() -> CommandSpec {
        CommandSpec("results", "Print a statement's result rows (changelog ops shown for updating queries).",
                    arguments: [ArgumentSpec("name")],
                    flags: [FlagSpec("max", value: "N", help: "Stop after this many rows.", default: "100"),
                            FlagSpec("timeout", value: "DURATION", help: "How long to wait for rows.", default: "10s"),
                            RootCommand.environmentFlag],
                    examples: ["confluent flink statement results my-select"], run: results)
    }

    static let opNames = ["+I", "-U", "+U", "-D"]

    static func results(_ ctx: CommandContext) throws {
        let (client, path) = try collection(ctx)
        let statementPath = path + "/" + QueryString.encode(try ctx.argument(0))
        let limit = try ctx.invocation.int("max") ?? 100
        let timeout = try DurationText.parse(ctx.invocation.string("timeout") ?? "10s", flag: "timeout")
        let deadline = Date().addingTimeInterval(timeout)
        var statement = try Waiter(context: ctx, timeoutSeconds: timeout).wait(
            for: "statement \"\(try ctx.argument(0))\"", target: "past PENDING", fetch: { try client.get(statementPath) },
            phase: { $0.at("status/phase")?.stringValue ?? "UNKNOWN" }) { s in
            switch s.at("status/phase")?.stringValue {
            case "PENDING", nil: .waiting
            case "FAILED": .failed(s.at("status/detail")?.stringValue ?? "")
            default: .done
            }
        }
        var rows: [JSONValue] = []
        var token: String?
        while rows.count < limit {
            let page = try client.get(statementPath + "/results", query: token.map { [("page_token", $0)] } ?? [])
            let data = page.at("results/data")?.arrayValue ?? []
            rows.append(contentsOf: data)
            let next = page["metadata"]?["next"]?.stringValue ?? ""
            if next.isEmpty { break }
            token = QueryString.value(of: "page_token", in: next) ?? token
            if data.isEmpty {
                // An unbounded query keeps answering with a `next`: poll until the deadline.
                if Date() >= deadline { break }
                Thread.sleep(forTimeInterval: 0.2)
                statement = (try? client.get(statementPath)) ?? statement
            }
        }
        rows = Array(rows.prefix(limit))
        guard ctx.format == .human else { return ctx.printer.document(.array(rows)) }
        let columns = (statement.at("status/traits/schema/columns")?.arrayValue ?? []).map { $0["name"]?.stringValue ?? "" }
        let showOp = rows.contains { ($0["op"]?.intValue ?? 0) != 0 }
        let width = max(columns.count, rows.map { $0["row"]?.arrayValue?.count ?? 0 }.max() ?? 0)
        let headers = (showOp ? ["Op"] : []) + (0..<width).map { $0 < columns.count ? columns[$0] : "EXPR$\($0)" }
        let table = rows.map { r -> [String] in
            let op = Int(r["op"]?.intValue ?? 0)
            let cells = (r["row"]?.arrayValue ?? []).map { $0 == .null ? "NULL" : Cell.text($0, multiline: false) }
            return (showOp ? [op < opNames.count ? opNames[op] : String(op)] : []) + cells
        }
        ctx.terminal.out(TextTable.list(headers: headers, rows: table))
    }
}
