import Model

/// Indented JSON (two spaces, like the real CLI's `-o json`).
enum PrettyJSON {
    static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch value {
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let object):
            if object.members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, m) in object.members.enumerated() {
                out += pad + scalar(.string(m.key)) + ": "
                write(m.value, indent: indent + 1, into: &out)
                out += i + 1 < object.members.count ? ",\n" : "\n"
            }
            out += close + "}"
        default:
            out += scalar(value)
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        String(decoding: value.encoded(), as: UTF8.self)
    }
}
