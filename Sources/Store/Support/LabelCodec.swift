/// Encodes a label map as one TEXT column: sorted `key=value` lines, with `\`, `=` and newlines escaped.
enum LabelCodec {
    static func encode(_ labels: [String: String]) -> String {
        var out = ""
        for key in labels.keys.sorted() {
            if !out.isEmpty { out += "\n" }
            out += escape(key) + "=" + escape(labels[key]!)
        }
        return out
    }

    static func decode(_ text: String) -> [String: String] {
        guard !text.isEmpty else { return [:] }
        if !text.utf8.contains(UInt8(ascii: "\\")) { return decodeUnescaped(text) }
        var labels: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var key = "", value = "", inValue = false, escaped = false
            for ch in line {
                if escaped {
                    let decoded: Character = ch == "n" ? "\n" : ch
                    if inValue { value.append(decoded) } else { key.append(decoded) }
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "=" && !inValue {
                    inValue = true
                } else if inValue {
                    value.append(ch)
                } else {
                    key.append(ch)
                }
            }
            labels[key] = value
        }
        return labels
    }

    /// Fast path: no escapes, so each line splits at its first `=`.
    private static func decodeUnescaped(_ text: String) -> [String: String] {
        var labels: [String: String] = [:]
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            if let eq = line.firstIndex(of: UInt8(ascii: "=")) {
                labels[String(Substring(line[..<eq]))] = String(Substring(line[line.index(after: eq)...]))
            } else {
                labels[String(Substring(line))] = ""
            }
        }
        return labels
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case "=": out += "\\="
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }
}
