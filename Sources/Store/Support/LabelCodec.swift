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
