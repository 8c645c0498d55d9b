/// Decodes one JSON object (Flink's `json` format) into a row of a schema, working on UTF-8 bytes.
/// Missing keys and `null` are NULL; unknown keys are skipped. Strings convert by the column type
/// (TIMESTAMP `yyyy-MM-dd HH:mm:ss[.fff]`, DATE `yyyy-MM-dd`); numbers convert to INT/BIGINT/DOUBLE/DECIMAL
/// (scaled to the type). Nested objects/arrays become ROW/ARRAY/MAP values when the type says so.
public struct JSONRowDecoder: Sendable {
    public let schema: RowSchema
    let names: [[UInt8]]
    let index: [[UInt8]: Int]
    /// When true, a malformed value becomes NULL instead of failing (`json.ignore-parse-errors`).
    public var ignoreParseErrors: Bool

    public init(schema: RowSchema, ignoreParseErrors: Bool = false) {
        self.schema = schema
        names = schema.columns.map { Array($0.name.utf8) }
        var idx: [[UInt8]: Int] = [:]
        for (i, n) in names.enumerated() { idx[n] = i }
        index = idx
        self.ignoreParseErrors = ignoreParseErrors
    }

    public func decode(_ bytes: [UInt8]) throws -> Row {
        try bytes.withUnsafeBufferPointer { try decode($0) }
    }

    public func decode(_ b: UnsafeBufferPointer<UInt8>) throws -> Row {
        var values = [Value](repeating: .null, count: schema.count)
        var p = JSONScanner(b)
        do {
            try p.skipWS()
            try p.expect(123)  // {
            try p.skipWS()
            if try p.peek() == 125 { return Row(values) }
            while true {
                try p.skipWS()
                let field = try p.stringSlice()
                try p.skipWS()
                try p.expect(58)  // :
                try p.skipWS()
                if let i = lookup(field) {
                    values[i] = try p.value(as: schema.columns[i].type, column: schema.columns[i].name,
                                            lenient: ignoreParseErrors)
                } else {
                    try p.skipValue()
                }
                try p.skipWS()
                let c = try p.next()
                if c == 125 { break }
                guard c == 44 else { throw p.error("expected ',' or '}'") }
            }
        } catch let e as RuntimeError {
            if ignoreParseErrors { return Row(values) }
            throw RuntimeError(code: "json_parse", detail: "Failed to deserialize JSON '\(String(decoding: b, as: UTF8.self))'. \(e.detail)")
        }
        return Row(values)
    }

    @inline(__always) func lookup(_ field: JSONScanner.Slice) -> Int? {
        if !field.escaped {
            // Fast path: compare with names directly (schemas are small).
            let s = field.bytes
            for i in names.indices where names[i].count == s.count {
                if names[i].withUnsafeBufferPointer({ memEq($0, s) }) { return i }
            }
            return nil
        }
        return index[Array(field.decoded)]
    }

    @inline(__always) func memEq(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}

/// A cursor over JSON bytes.
struct JSONScanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    struct Slice {
        var bytes: UnsafeBufferPointer<UInt8>
        var escaped: Bool
        var decoded: [UInt8] {
            guard escaped else { return Array(bytes) }
            return JSONScanner.unescape(bytes)
        }
        var string: String { String(decoding: decoded, as: UTF8.self) }
    }

    func error(_ msg: String) -> RuntimeError { RuntimeError(code: "json_parse", detail: "\(msg) at offset \(i).") }

    @inline(__always) mutating func skipWS() throws {
        while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 }
    }

    @inline(__always) func peek() throws -> UInt8 {
        guard i < b.count else { throw error("unexpected end of input") }
        return b[i]
    }

    @inline(__always) mutating func next() throws -> UInt8 {
        guard i < b.count else { throw error("unexpected end of input") }
        i += 1
        return b[i - 1]
    }

    @inline(__always) mutating func expect(_ c: UInt8) throws {
        guard try next() == c else { throw error("expected '\(Character(Unicode.Scalar(c)))'") }
    }

    mutating func stringSlice() throws -> Slice {
        try expect(34)
        let start = i
        var escaped = false
        while i < b.count {
            let c = b[i]
            if c == 34 {
                let s = Slice(bytes: UnsafeBufferPointer(rebasing: b[start..<i]), escaped: escaped)
                i += 1
                return s
            }
            if c == 92 { escaped = true; i += 2; continue }
            i += 1
        }
        throw error("unterminated string")
    }

    static func unescape(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c != 92 || i + 1 >= s.count { out.append(c); i += 1; continue }
            let e = s[i + 1]
            i += 2
            switch e {
            case 110: out.append(10)
            case 116: out.append(9)
            case 114: out.append(13)
            case 98: out.append(8)
            case 102: out.append(12)
            case 117:
                guard i + 4 <= s.count, var cp = hex4(s, i) else { continue }
                i += 4
                if cp >= 0xD800 && cp < 0xDC00, i + 6 <= s.count, s[i] == 92, s[i + 1] == 117, let lo = hex4(s, i + 2),
                   lo >= 0xDC00 && lo < 0xE000 {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                    i += 6
                }
                let scalar = Unicode.Scalar(cp) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: out.append(e)
            }
        }
        return out
    }

    static func hex4(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in at..<(at + 4) {
            let c = s[k]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 97...102: d = UInt32(c - 87)
            case 65...70: d = UInt32(c - 55)
            default: return nil
            }
            v = v * 16 + d
        }
        return v
    }

    mutating func numberSlice() throws -> UnsafeBufferPointer<UInt8> {
        let start = i
        while i < b.count {
            let c = b[i]
            if (c >= 48 && c <= 57) || c == 45 || c == 43 || c == 46 || c == 101 || c == 69 { i += 1 } else { break }
        }
        guard i > start else { throw error("invalid value") }
        return UnsafeBufferPointer(rebasing: b[start..<i])
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw error("invalid literal") }
        let p = word.utf8Start
        for k in 0..<n where b[i + k] != p[k] { throw error("invalid literal") }
        i += n
    }

    /// Reads a value and converts it to `type`.
    mutating func value(as type: DataType, column: String, lenient: Bool) throws -> Value {
        let c = try peek()
        switch c {
        case 110: try literal("null"); return .null
        case 116:
            try literal("true")
            if case .boolean = type.logical { return .bool(true) }
            return try convertText(Array("true".utf8), type, column, lenient)
        case 102:
            try literal("false")
            if case .boolean = type.logical { return .bool(false) }
            return try convertText(Array("false".utf8), type, column, lenient)
        case 34:
            let s = try stringSlice()
            if s.escaped {
                let d = s.decoded
                return try d.withUnsafeBufferPointer { try convert($0, type, column, lenient, fromString: true) }
            }
            return try convert(s.bytes, type, column, lenient, fromString: true)
        case 123, 91:
            return try structured(as: type, column: column, lenient: lenient)
        default:
            let n = try numberSlice()
            return try convert(n, type, column, lenient, fromString: false)
        }
    }

    func convertText(_ bytes: [UInt8], _ type: DataType, _ column: String, _ lenient: Bool) throws -> Value {
        try bytes.withUnsafeBufferPointer { try convert($0, type, column, lenient, fromString: false) }
    }

    func convert(_ s: UnsafeBufferPointer<UInt8>, _ type: DataType, _ column: String, _ lenient: Bool,
                 fromString: Bool) throws -> Value {
        if case .int = type.logical, !fromString, let v = TextParsing.parseInt(s) {
            return .int(Aggregator.wrap(v, .int))
        }
        if let v = TextParsing.value(s, as: type) { return v }
        if lenient { return .null }
        throw RuntimeError(code: "json_parse",
                           detail: "Fail to deserialize at field: \(column): cannot convert '\(String(decoding: s, as: UTF8.self))' to \(type)")
    }

    mutating func structured(as type: DataType, column: String, lenient: Bool) throws -> Value {
        switch type.logical {
        case let .array(elem):
            try expect(91)
            var out: [Value] = []
            try skipWS()
            if try peek() == 93 { i += 1; return .array(out) }
            while true {
                try skipWS()
                out.append(try value(as: elem, column: column, lenient: lenient))
                try skipWS()
                let c = try next()
                if c == 93 { return .array(out) }
                guard c == 44 else { throw error("expected ',' or ']'") }
            }
        case let .row(fields):
            try expect(123)
            var vals = [Value](repeating: .null, count: fields.count)
            try skipWS()
            if try peek() == 125 { i += 1; return .row(vals) }
            while true {
                try skipWS()
                let name = try stringSlice().string
                try skipWS(); try expect(58); try skipWS()
                if let k = fields.firstIndex(where: { $0.name == name }) {
                    vals[k] = try value(as: fields[k].type, column: name, lenient: lenient)
                } else { try skipValue() }
                try skipWS()
                let c = try next()
                if c == 125 { return .row(vals) }
                guard c == 44 else { throw error("expected ',' or '}'") }
            }
        case let .map(kt, vt):
            try expect(123)
            var entries: [Value.MapEntry] = []
            try skipWS()
            if try peek() == 125 { i += 1; return .map(entries) }
            while true {
                try skipWS()
                let k = try stringSlice()
                let kv = try k.decoded.withUnsafeBufferPointer { try convert($0, kt, column, lenient, fromString: true) }
                try skipWS(); try expect(58); try skipWS()
                entries.append(.init(key: kv, value: try value(as: vt, column: column, lenient: lenient)))
                try skipWS()
                let c = try next()
                if c == 125 { return .map(entries) }
                guard c == 44 else { throw error("expected ',' or '}'") }
            }
        default:
            let start = i
            try skipValue()
            let raw = UnsafeBufferPointer(rebasing: b[start..<i])
            if case .varchar = type.logical { return .string(String(decoding: raw, as: UTF8.self)) }
            if lenient { return .null }
            throw RuntimeError(code: "json_parse", detail: "Fail to deserialize at field: \(column): unexpected structured value")
        }
    }

    mutating func skipValue() throws {
        try skipWS()
        let c = try peek()
        switch c {
        case 34: _ = try stringSlice()
        case 123, 91:
            var depth = 0
            repeat {
                let d = try peek()
                if d == 34 { _ = try stringSlice(); continue }
                if d == 123 || d == 91 { depth += 1 }
                if d == 125 || d == 93 { depth -= 1 }
                i += 1
            } while depth > 0
        case 116: try literal("true")
        case 102: try literal("false")
        case 110: try literal("null")
        default: _ = try numberSlice()
        }
    }
}
