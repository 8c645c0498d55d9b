import Model

/// A job graph (`nodes` + `edges`) drawn as text: operators as boxes in topological order, a straight
/// arrow to the next one when that is the only link, otherwise one `──▶` line per edge.
enum GraphText {
    struct Node { var id: String; var label: String; var detail: String }
    struct Edge { var from: String; var to: String; var strategy: String }

    static func render(_ graph: JSONValue) -> String {
        let root = graph["graph"] ?? graph["plan"] ?? graph
        let nodes = (root["nodes"]?.arrayValue ?? root["vertices"]?.arrayValue ?? []).map(node)
        let edges = (root["edges"]?.arrayValue ?? root["links"]?.arrayValue ?? []).map(edge)
        guard !nodes.isEmpty else { return "The job has no graph yet.\n" }
        let ordered = topological(nodes, edges)
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let width = min(100, max(24, ordered.map { max($0.label.count, $0.detail.count) }.max() ?? 0) + 4)
        var out = "\(nodes.count) operator\(nodes.count == 1 ? "" : "s"), \(edges.count) edge\(edges.count == 1 ? "" : "s")\n\n"
        for (i, n) in ordered.enumerated() {
            out += "┌" + String(repeating: "─", count: width) + "┐\n"
            out += "│ " + clip(n.label, width - 2).padding(width - 2) + " │\n"
            if !n.detail.isEmpty { out += "│ " + clip(n.detail, width - 2).padding(width - 2) + " │\n" }
            out += "└" + String(repeating: "─", count: width) + "┘\n"
            let outgoing = edges.filter { $0.from == n.id }
            let next = i + 1 < ordered.count ? ordered[i + 1].id : nil
            if outgoing.count == 1, outgoing[0].to == next, edges.filter({ $0.to == next }).count == 1 {
                out += "      │ " + outgoing[0].strategy + "\n      ▼\n"
            } else {
                for e in outgoing {
                    out += "      └─ " + e.strategy + " ─▶ " + (byID[e.to].map { $0.label } ?? e.to) + "\n"
                }
                if i + 1 < ordered.count { out += "\n" }
            }
        }
        return out
    }

    private static func text(_ v: JSONValue?) -> String? {
        guard let v, v != .null else { return nil }
        return Cell.text(v, multiline: false)
    }

    private static func node(_ v: JSONValue) -> Node {
        let id = text(v["id"]) ?? text(v["uid"]) ?? "?"
        let name = text(v["name"]) ?? text(v["operator"]) ?? text(v["description"]) ?? text(v["kind"]) ?? "operator"
        var detail: [String] = []
        if let kind = text(v["kind"]), kind != name { detail.append(kind) }
        if let p = text(v["parallelism"]) { detail.append("parallelism \(p)") }
        if let rate = text(v["metrics"]?["records_in_per_second"]) { detail.append("in \(rate)/s") }
        if let rate = text(v["metrics"]?["records_out_per_second"]) { detail.append("out \(rate)/s") }
        return Node(id: id, label: "[\(id)] \(name)", detail: detail.joined(separator: " · "))
    }

    private static func edge(_ v: JSONValue) -> Edge {
        Edge(from: text(v["source"]) ?? text(v["from"]) ?? "?", to: text(v["target"]) ?? text(v["to"]) ?? "?",
             strategy: (text(v["ship_strategy"]) ?? text(v["strategy"]) ?? text(v["partitioner"]) ?? text(v["kind"]) ?? "FORWARD").uppercased())
    }

    private static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    /// Kahn's algorithm, keeping the server's order among ready nodes; leftovers (cycles) go last.
    static func topological(_ nodes: [Node], _ edges: [Edge]) -> [Node] {
        var indegree: [String: Int] = [:]
        for n in nodes { indegree[n.id] = 0 }
        for e in edges where indegree[e.to] != nil && indegree[e.from] != nil { indegree[e.to]! += 1 }
        var result: [Node] = []
        var done: Set<String> = []
        while result.count < nodes.count {
            guard let next = nodes.first(where: { !done.contains($0.id) && indegree[$0.id] == 0 })
                    ?? nodes.first(where: { !done.contains($0.id) }) else { break }
            result.append(next)
            done.insert(next.id)
            for e in edges where e.from == next.id && indegree[e.to] != nil { indegree[e.to]! -= 1 }
        }
        return result
    }
}
