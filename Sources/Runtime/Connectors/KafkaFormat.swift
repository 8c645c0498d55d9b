/// A key or value format of the kafka connectors: decodes bytes into the columns `positions` of an output
/// row of width `width`, and encodes those columns back.
public struct KafkaFormat: Sendable {
    public enum Kind: Sendable, Hashable {
        case json
        case csv
        case raw
    }

    public let kind: Kind
    /// The schema of the fields this format carries (in order).
    public let schema: RowSchema
    /// Where each field goes in the full row.
    public let positions: [Int]
    let json: JSONRowDecoder
    let csv: CSVRowDecoder
    let encoder: JSONRowEncoder

    public init(kind: Kind, schema: RowSchema, positions: [Int], ignoreParseErrors: Bool = false) {
        self.kind = kind
        self.schema = schema
        self.positions = positions
        json = JSONRowDecoder(schema: schema, ignoreParseErrors: ignoreParseErrors)
        var c = CSVRowDecoder(schema: schema)
        c.ignoreParseErrors = ignoreParseErrors
        csv = c
        encoder = JSONRowEncoder(schema: schema)
    }

    /// `format` / `value.format` / `key.format` names: json, csv, raw.
    public static func kind(named name: String) throws -> Kind {
        switch name {
        case "json": return .json
        case "csv": return .csv
        case "raw": return .raw
        default: throw RuntimeError(code: "unsupported_format", detail: "Could not find any format factory for identifier '\(name)' in the classpath.")
        }
    }

    public func decode(_ bytes: UnsafeRawBufferPointer, into values: inout [Value]) throws {
        let b = bytes.bindMemory(to: UInt8.self)
        switch kind {
        case .json:
            let r = try json.decode(b)
            for (i, p) in positions.enumerated() { values[p] = r.values[i] }
        case .csv:
            var n = b.count
            while n > 0 && (b[n - 1] == 10 || b[n - 1] == 13) { n -= 1 }
            let r = try csv.decode(UnsafeBufferPointer(rebasing: b[0..<n]))
            for (i, p) in positions.enumerated() { values[p] = r.values[i] }
        case .raw:
            guard let p = positions.first else { return }
            if case .varbinary = schema.columns[0].type.logical { values[p] = .bytes(Array(b)) }
            else if case .binary = schema.columns[0].type.logical { values[p] = .bytes(Array(b)) }
            else { values[p] = .string(String(decoding: b, as: UTF8.self)) }
        }
    }

    public func encode(_ row: Row) -> [UInt8] {
        let fields = Row(positions.map { row.values[$0] })
        switch kind {
        case .json: return encoder.encode(fields)
        case .csv:
            var out: [UInt8] = []
            for (i, v) in fields.values.enumerated() {
                if i > 0 { out.append(44) }
                if v.isNull { continue }
                var text = ValueText.print(v)
                if case .timestamp(let us) = v {
                    var p = 3
                    if case let .timestamp(tp) = schema.columns[i].type.logical { p = tp }
                    text = ValueText.timestamp(us, precision: p)
                }
                if text.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                    out.append(34)
                    for c in text.utf8 { if c == 34 { out.append(34) }; out.append(c) }
                    out.append(34)
                } else {
                    out.append(contentsOf: Array(text.utf8))
                }
            }
            return out
        case .raw:
            switch fields.values.first ?? .null {
            case let .bytes(b): return b
            case let .string(s): return Array(s.utf8)
            case .null: return []
            case let v: return Array(ValueText.print(v).utf8)
            }
        }
    }
}
