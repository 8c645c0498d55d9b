import Runtime

/// Encodes result rows as the conformance corpus writes them (README "Value encoding"): one JSON array per
/// row, `[1, "a", null]` spacing as Python's `json.dumps`, values spelled by the column's Flink type.
public enum ResultEncoder {
    public static func encode(_ row: [Value], types: [DataType]) -> String {
        var out = "["
        for (i, v) in row.enumerated() {
            if i > 0 { out += ", " }
            out += encode(v, type: i < types.count ? types[i] : DataType(.null))
        }
        return out + "]"
    }

    public static func encode(_ v: Value, type: DataType) -> String {
        switch v {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d):
            if case .float = type.logical { return DoubleFormat.python(Double(Float(d))) }
            return DoubleFormat.python(d)
        case let .decimal(u, s):
            if case let .decimal(_, ts) = type.logical, ts != s {
                return quote(DecimalMath.format(DecimalMath.rescale(u, from: s, to: ts), scale: ts))
            }
            return quote(DecimalMath.format(u, scale: s))
        case let .string(s): return quote(s)
        case let .date(d): return quote(TimeFormat.formatDate(d))
        case let .timestamp(ts):
            let p: Int
            switch type.logical {
            case let .timestamp(x), let .timestampLTZ(x): p = x
            default: p = 3
            }
            return quote(TimeFormat.formatTimestamp(ts, precision: p))
        default:
            return quote(Cast.toText(v, type: type))
        }
    }

    /// A JSON string literal with Python's `ensure_ascii=False` escaping.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
