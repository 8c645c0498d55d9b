import Model

/// How one kind of resource is shown: ordered fields, each with a human title, a JSON/YAML key, and how
/// to pull its value out of the server's JSON. `listed` fields appear in list tables.
struct ResourceView: Sendable {
    struct Field: Sendable {
        var title: String
        var key: String
        var listed: Bool
        var extract: @Sendable (JSONValue) -> JSONValue
        /// A `true` value shows as `*` in human tables (the "Current" column).
        var marker = false

        /// A field read from a `/`-separated path of the resource, e.g. "spec/display_name".
        static func field(_ title: String, _ key: String, _ path: String, listed: Bool = true) -> Field {
            let parts = path.split(separator: "/").map(String.init)
            return Field(title: title, key: key, listed: listed) { v in
                var cur: JSONValue? = v
                for p in parts { cur = cur?[p] }
                return cur ?? .null
            }
        }

        static func computed(_ title: String, _ key: String, listed: Bool = true,
                             _ f: @escaping @Sendable (JSONValue) -> JSONValue) -> Field {
            Field(title: title, key: key, listed: listed, extract: f)
        }

        /// A yes/no column shown as `*` or nothing.
        static func marker(_ title: String, _ key: String, _ f: @escaping @Sendable (JSONValue) -> Bool) -> Field {
            Field(title: title, key: key, listed: true, extract: { .bool(f($0)) }, marker: true)
        }

        func text(_ resource: JSONValue, multiline: Bool) -> String {
            let v = extract(resource)
            if marker { return v == .bool(true) ? "*" : "" }
            var s = Cell.text(v, multiline: multiline)
            while multiline && s.hasSuffix("\n") { s.removeLast() }
            return s
        }
    }

    var fields: [Field]

    init(_ fields: [Field]) { self.fields = fields }

    /// The resource as the CLI's own flat object (what `-o json|yaml` prints).
    func object(_ resource: JSONValue) -> JSONValue {
        .object(JSONObject(fields.map { (key: $0.key, value: $0.extract(resource)) }))
    }

    func describePairs(_ resource: JSONValue) -> [(String, String)] {
        fields.map { ($0.title, $0.text(resource, multiline: true)) }
    }

    var listedFields: [Field] { fields.filter(\.listed) }

    func row(_ resource: JSONValue) -> [String] {
        listedFields.map { $0.text(resource, multiline: false) }
    }
}

/// A JSON value as table text.
enum Cell {
    static func text(_ v: JSONValue, multiline: Bool) -> String {
        let s: String
        switch v {
        case .null: s = ""
        case .bool(let b): s = b ? "true" : "false"
        case .int(let i): s = String(i)
        case .double(let d): s = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .string(let str): s = str
        case .array(let items): s = items.map { text($0, multiline: false) }.joined(separator: ", ")
        case .object(let o):
            s = o.members.map { "\($0.key)=\(text($0.value, multiline: false))" }.joined(separator: ", ")
        }
        return multiline ? s : s.replacingNewlines()
    }
}

extension String {
    func replacingNewlines() -> String {
        guard contains("\n") || contains("\r") else { return self }
        return split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).joined(separator: " ")
    }
}
