/// Block-style YAML (the CLI's `-o yaml`, CMF responses to `Accept: application/yaml`); strings are quoted
/// whenever a plain scalar could be misread. `YAMLReader` reads it back.
public enum YAMLWriter {
    public static func render(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .array(let items) where !items.isEmpty: writeArray(items, indent: 0, into: &out)
        case .object(let o) where !o.members.isEmpty: writeObject(o, indent: 0, into: &out)
        default: out = scalar(value) + "\n"
        }
        return out
    }

    private static func writeObject(_ o: JSONObject, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for m in o.members {
            out += pad + key(m.key) + ":"
            writeNested(m.value, indent: indent, into: &out)
        }
    }

    private static func writeArray(_ items: [JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for item in items {
            switch item {
            case .object(let o) where !o.members.isEmpty:
                // First member on the dash line, the rest aligned under it.
                var first = true
                for m in o.members {
                    out += (first ? pad + "- " : pad + "  ") + key(m.key) + ":"
                    writeNested(m.value, indent: indent + 1, into: &out)
                    first = false
                }
            case .array(let inner) where !inner.isEmpty:
                out += pad + "-\n"
                writeArray(inner, indent: indent + 1, into: &out)
            default:
                out += pad + "- " + scalar(item) + "\n"
            }
        }
    }

    private static func writeNested(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let o) where !o.members.isEmpty:
            out += "\n"
            writeObject(o, indent: indent + 1, into: &out)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            writeArray(items, indent: indent + 1, into: &out)
        case .string(let s) where s.contains("\n") && !s.hasPrefix(" ") && !s.hasSuffix("\n\n"):
            // `|` keeps the one final newline, `|-` means there is none.
            var lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            if s.hasSuffix("\n") { lines.removeLast() }
            out += s.hasSuffix("\n") ? " |\n" : " |-\n"
            let pad = String(repeating: "  ", count: indent + 1)
            for line in lines { out += line.isEmpty ? "\n" : pad + line + "\n" }
        default:
            out += " " + scalar(value) + "\n"
        }
    }

    private static func key(_ k: String) -> String { needsQuotes(k) ? quoted(k) : k }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): needsQuotes(s) ? quoted(s) : s
        case .array: "[]"
        case .object: "{}"
        }
    }

    static func needsQuotes(_ s: String) -> Bool {
        if s.isEmpty { return true }
        let reserved: Set = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        if reserved.contains(s.lowercased()) || Double(s) != nil { return true }
        if let f = s.first, "-?:,[]{}#&*!|>'\"%@` ".contains(f) { return true }
        if s.last == " " || s.contains(": ") || s.contains(" #") { return true }
        return s.unicodeScalars.contains { $0.value < 0x20 || $0 == "\"" || $0 == "\\" }
    }

    static func quoted(_ s: String) -> String {
        String(decoding: JSONValue.string(s).encoded(), as: UTF8.self)
    }
}
