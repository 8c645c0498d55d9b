/// Encodes rows as JSON objects (Flink's `json` format): TIMESTAMP as `yyyy-MM-dd HH:mm:ss[.fff]` strings
/// with the type's precision, DATE `yyyy-MM-dd`, DECIMAL as a number with the type's scale, NULL as `null`.
public struct JSONRowEncoder: Sendable {
    public let schema: RowSchema
    let keys: [[UInt8]]

    public init(schema: RowSchema) {
        self.schema = schema
        keys = schema.columns.map { c in
            var out: [UInt8] = [34]
            JSONRowEncoder.appendEscaped(c.name, to: &out)
            out.append(contentsOf: [34, 58])
            return out
        }
    }

    public func encode(_ row: Row) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        encode(row, into: &out)
        return out
    }

    public func encode(_ row: Row, into out: inout [UInt8]) {
        out.append(123)
        for i in schema.columns.indices {
            if i > 0 { out.append(44) }
            out.append(contentsOf: keys[i])
            Self.appendValue(row.values[i], type: schema.columns[i].type, to: &out)
        }
        out.append(125)
    }

    static func appendValue(_ v: Value, type: DataType, to out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: [110, 117, 108, 108])
        case let .bool(b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case let .int(i): out.append(contentsOf: Array(String(i).utf8))
        case let .double(d):
            if d.isFinite { out.append(contentsOf: Array(ValueText.double(d).utf8)) }
            else { out.append(34); out.append(contentsOf: Array(ValueText.double(d).utf8)); out.append(34) }
        case let .decimal(u, s): out.append(contentsOf: Array(ValueText.decimal(u, scale: s).utf8))
        case let .string(s): out.append(34); appendEscaped(s, to: &out); out.append(34)
        case let .date(d): out.append(34); out.append(contentsOf: Array(ValueText.date(d).utf8)); out.append(34)
        case let .timestamp(us):
            // Flink's JSON format (TimeFormats.SQL_TIMESTAMP_FORMAT): `yyyy-MM-dd HH:mm:ss` plus the fraction
            // without trailing zeros (none for whole seconds); TIMESTAMP_LTZ ends with `Z`.
            var p = 3
            var ltz = false
            if case let .timestamp(tp) = type.logical { p = tp }
            if case let .timestampLTZ(tp) = type.logical { p = tp; ltz = true }
            var text = ValueText.timestamp(us, precision: p)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            if ltz { text += "Z" }
            out.append(34); out.append(contentsOf: Array(text.utf8)); out.append(34)
        case let .array(a):
            var et = DataType(.string)
            if case let .array(t) = type.logical { et = t }
            out.append(91)
            for (i, x) in a.enumerated() { if i > 0 { out.append(44) }; appendValue(x, type: et, to: &out) }
            out.append(93)
        case let .row(vals):
            out.append(123)
            if case let .row(fields) = type.logical {
                for (i, f) in fields.enumerated() where i < vals.count {
                    if i > 0 { out.append(44) }
                    out.append(34); appendEscaped(f.name, to: &out); out.append(contentsOf: [34, 58])
                    appendValue(vals[i], type: f.type, to: &out)
                }
            }
            out.append(125)
        case let .map(entries):
            out.append(123)
            var vt = DataType(.string)
            if case let .map(_, t) = type.logical { vt = t }
            for (i, e) in entries.enumerated() {
                if i > 0 { out.append(44) }
                out.append(34); appendEscaped(ValueText.print(e.key), to: &out); out.append(contentsOf: [34, 58])
                appendValue(e.value, type: vt, to: &out)
            }
            out.append(125)
        default:
            out.append(34); appendEscaped(ValueText.print(v), to: &out); out.append(34)
        }
    }

    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        for c in s.utf8 {
            switch c {
            case 34: out.append(contentsOf: [92, 34])
            case 92: out.append(contentsOf: [92, 92])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            case 9: out.append(contentsOf: [92, 116])
            case 0..<32:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
    }
}
