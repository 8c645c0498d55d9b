/// Decodes one CSV line (Flink's `csv` format) into a row: fields separated by `delimiter`, optionally
/// quoted with `quote` (a doubled quote inside is one quote). An empty unquoted field is NULL for
/// non-string columns and `''` for string columns; `nullLiteral` (when set) is NULL.
public struct CSVRowDecoder: Sendable {
    public let schema: RowSchema
    public var delimiter: UInt8 = 44
    public var quote: UInt8 = 34
    public var nullLiteral: [UInt8]? = nil
    public var ignoreParseErrors = false

    public init(schema: RowSchema) { self.schema = schema }

    public func decode(_ bytes: [UInt8]) throws -> Row {
        try bytes.withUnsafeBufferPointer { try decode($0) }
    }

    public func decode(_ b: UnsafeBufferPointer<UInt8>) throws -> Row {
        var values = [Value](repeating: .null, count: schema.count)
        var i = 0
        var col = 0
        var field: [UInt8] = []
        while col < schema.count {
            field.removeAll(keepingCapacity: true)
            var quoted = false
            if i < b.count && b[i] == quote {
                quoted = true
                i += 1
                while i < b.count {
                    if b[i] == quote {
                        if i + 1 < b.count && b[i + 1] == quote { field.append(quote); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(b[i])
                    i += 1
                }
                while i < b.count && b[i] != delimiter { i += 1 }
            } else {
                while i < b.count && b[i] != delimiter { field.append(b[i]); i += 1 }
            }
            values[col] = try convert(field, col, quoted: quoted, line: b)
            col += 1
            if i >= b.count { break }
            i += 1  // delimiter
        }
        return Row(values)
    }

    func convert(_ field: [UInt8], _ col: Int, quoted: Bool, line: UnsafeBufferPointer<UInt8>) throws -> Value {
        let type = schema.columns[col].type
        if let n = nullLiteral, !quoted, field == n { return .null }
        let isString: Bool
        switch type.logical {
        case .char, .varchar: isString = true
        default: isString = false
        }
        if field.isEmpty && !isString { return .null }
        if let v = field.withUnsafeBufferPointer({ TextParsing.value($0, as: type) }) { return v }
        if ignoreParseErrors { return .null }
        throw RuntimeError(code: "csv_parse",
                           detail: "Failed to deserialize CSV row '\(String(decoding: line, as: UTF8.self))': cannot convert field '\(schema.columns[col].name)' value '\(String(decoding: field, as: UTF8.self))' to \(type)")
    }
}
