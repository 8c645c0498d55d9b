import Model

/// Small builders for request bodies.
enum JSONBuild {
    /// An object from ordered pairs; nil values are left out.
    static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(JSONObject(pairs.compactMap { k, v in v.map { (key: k, value: $0) } }))
    }

    static func string(_ s: String?) -> JSONValue? { s.map(JSONValue.string) }
    static func int(_ i: Int?) -> JSONValue? { i.map { JSONValue.int(Int64($0)) } }
    static func bool(_ b: Bool?) -> JSONValue? { b.map(JSONValue.bool) }

    /// `k=v` pairs (repeated flags or comma-separated) as a string map.
    static func pairs(_ raw: [String], flag: String) throws(UsageError) -> [(String, String)] {
        var out: [(String, String)] = []
        for item in raw.flatMap({ $0.split(separator: ",").map(String.init) }) where !item.isEmpty {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw UsageError("invalid value \"\(item)\" for \"--\(flag)\": expected key=value")
            }
            out.append((String(item[..<eq]), String(item[item.index(after: eq)...])))
        }
        return out
    }

    static func stringMap(_ pairs: [(String, String)]) -> JSONValue {
        .object(JSONObject(pairs.map { (key: $0.0, value: .string($0.1)) }))
    }
}

extension JSONValue {
    /// A copy with the value at `path` (object keys) replaced or added.
    func setting(_ path: [String], to newValue: JSONValue) -> JSONValue {
        guard let first = path.first else { return newValue }
        var o = objectValue ?? JSONObject()
        let child = o[first] ?? .null
        let updated = child.setting(Array(path.dropFirst()), to: newValue)
        if let i = o.members.lastIndex(where: { $0.key == first }) {
            o.members[i].value = updated
        } else {
            o.members.append((key: first, value: updated))
        }
        return .object(o)
    }

    /// The value at a `/`-separated path.
    func at(_ path: String) -> JSONValue? {
        var cur: JSONValue? = self
        for p in path.split(separator: "/") { cur = cur?[String(p)] }
        return cur
    }
}
