import Foundation
import Model

/// CMF's list parameters beyond paging (OAS 2.3.1), applied to the listed documents as written on the wire:
/// - `filter`: comma-separated terms `key=value` (`*` wildcards), `key!=value`, `key in (a,b)`,
///   `key notin (a,b)`; all must hold. Keys: `name` (`metadata.name` or top-level `name`), `labels.<k>`,
///   `state`/`phase` (`status.phase`, `status.jobStatus.state` or `status.state`), or any dotted path
///   (`spec.computePoolName`), also looked up under `metadata`, `spec` and `status`.
/// - `search` (+ `searchScope`, ignored): case-insensitive substring of the name.
/// - `sort` (repeatable): `property[,asc|desc]`, the same keys (`creationTimestamp` also matches
///   `created_time`); stable, missing values last.
/// Without any of them a list is paged by the store as before.
struct CMFListQuery: Sendable {
    enum Op: Sendable { case equals, notEquals, isIn, notIn }
    struct Term: Sendable { var key: String; var op: Op; var values: [String] }

    var terms: [Term] = []
    var search: String?
    var sort: [(key: String, ascending: Bool)] = []

    var isActive: Bool { !terms.isEmpty || search != nil || !sort.isEmpty }

    init(_ query: QueryParameters) throws(APIError) {
        if let f = query["filter"], !f.isEmpty { terms = try Self.parse(filter: f) }
        if let s = query["search"], !s.isEmpty { search = s.lowercased() }
        for spec in query.all("sort") where !spec.isEmpty {
            let parts = spec.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            guard let key = parts.first, !key.isEmpty else { continue }
            let dir = parts.count > 1 ? parts[1].lowercased() : "asc"
            guard dir == "asc" || dir == "desc" else {
                throw .badParameter("sort: direction must be asc or desc, got '\(parts[1].prefix(16))'", parameter: "sort")
            }
            sort.append((key, dir == "asc"))
        }
    }

    static func parse(filter: String) throws(APIError) -> [Term] {
        var pieces: [String] = []
        var depth = 0
        var current = ""
        for ch in filter {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 { pieces.append(current); current = "" } else { current.append(ch) }
        }
        pieces.append(current)
        return try pieces.map { (raw) throws(APIError) -> Term in
            let p = raw.trimmingCharacters(in: .whitespaces)
            func list(_ rest: Substring) throws(APIError) -> [String] {
                let t = rest.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("("), t.hasSuffix(")") else {
                    throw .badParameter("filter: expected a list in parentheses in '\(p.prefix(64))'", parameter: "filter")
                }
                return t.dropFirst().dropLast().split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            for (word, op) in [(" notin ", Op.notIn), (" in ", Op.isIn)] {
                if let r = p.range(of: word) {
                    return Term(key: String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces), op: op, values: try list(p[r.upperBound...]))
                }
            }
            if let r = p.range(of: "!=") {
                return Term(key: String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces), op: .notEquals,
                            values: [String(p[r.upperBound...]).trimmingCharacters(in: .whitespaces)])
            }
            if let r = p.range(of: "=") {
                return Term(key: String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces), op: .equals,
                            values: [String(p[r.upperBound...]).trimmingCharacters(in: .whitespaces)])
            }
            throw .badParameter("filter: '\(p.prefix(64))' is not key=value, key!=value, key in (…) or key notin (…)", parameter: "filter")
        }
    }

    /// The documents that match, sorted.
    func apply(_ items: [JSONValue]) -> [JSONValue] {
        var out = items.filter { doc in
            if let search, !(Self.name(doc)?.lowercased().contains(search) ?? false) { return false }
            return terms.allSatisfy { t in
                let v = Self.lookup(doc, t.key).map(Self.text)
                switch t.op {
                case .equals: return v.map { Self.matches($0, t.values[0]) } ?? false
                case .notEquals: return !(v.map { Self.matches($0, t.values[0]) } ?? false)
                case .isIn: return v.map { x in t.values.contains { Self.matches(x, $0) } } ?? false
                case .notIn: return !(v.map { x in t.values.contains { Self.matches(x, $0) } } ?? false)
                }
            }
        }
        if !sort.isEmpty {
            out = out.enumerated().sorted { a, b in
                for s in sort {
                    let x = Self.lookup(a.element, s.key), y = Self.lookup(b.element, s.key)
                    switch (x, y) {
                    case (nil, nil): continue
                    case (nil, _): return false
                    case (_, nil): return true
                    case let (x?, y?):
                        if let c = Self.compare(x, y), c != 0 { return s.ascending ? c < 0 : c > 0 }
                    }
                }
                return a.offset < b.offset
            }.map(\.element)
        }
        return out
    }

    static func name(_ doc: JSONValue) -> String? { doc["metadata"]?["name"]?.stringValue ?? doc["name"]?.stringValue }

    static func lookup(_ doc: JSONValue, _ key: String) -> JSONValue? {
        switch key {
        case "name": return name(doc).map(JSONValue.string)
        case "state", "phase":
            return doc["status"]?["phase"] ?? doc["status"]?["jobStatus"]?["state"] ?? doc["status"]?["state"]
        case "creationTimestamp", "created_time":
            return doc["metadata"]?["creationTimestamp"] ?? doc["created_time"]
        default: break
        }
        let path = key.split(separator: ".").map(String.init)
        if path.first == "labels" || path.first == "annotations" {
            return path.count == 2 ? doc["metadata"]?[path[0]]?[path[1]] : nil
        }
        for root in [nil, "metadata", "spec", "status"] as [String?] {
            var cur: JSONValue? = root.map { doc[$0] } ?? doc
            for p in path { cur = cur?[p] }
            if let cur, cur != .null { return cur }
        }
        return nil
    }

    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .null: "null"
        default: String(decoding: v.encoded(), as: UTF8.self)
        }
    }

    /// Case-insensitive; `*` matches any run of characters.
    static func matches(_ value: String, _ pattern: String) -> Bool {
        let v = Array(value.lowercased()), p = Array(pattern.lowercased())
        var vi = 0, pi = 0, star = -1, mark = 0
        while vi < v.count {
            if pi < p.count && (p[pi] == v[vi]) { vi += 1; pi += 1 }
            else if pi < p.count && p[pi] == "*" { star = pi; mark = vi; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; vi = mark }
            else { return false }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    static func compare(_ x: JSONValue, _ y: JSONValue) -> Int? {
        switch (x, y) {
        case let (.int(a), .int(b)): return a < b ? -1 : a > b ? 1 : 0
        case let (.double(a), .double(b)): return a < b ? -1 : a > b ? 1 : 0
        default:
            let a = text(x), b = text(y)
            return a < b ? -1 : a > b ? 1 : 0
        }
    }
}
