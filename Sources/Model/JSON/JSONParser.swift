/// A strict RFC 8259 parser over bytes. Never traps: every malformed input becomes a `JSONParseError`.
public struct JSONParser {
    /// Default maximum nesting of arrays and objects.
    public static let defaultMaxDepth = 256

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var result: Result<JSONValue, JSONParseError> = .success(.null)
        bytes.withUnsafeBufferPointer { buf in
            var p = JSONParser(buf, maxDepth: maxDepth)
            do throws(JSONParseError) {
                p.skipWhitespace()
                let v = try p.parseValue(depth: 0)
                p.skipWhitespace()
                if p.pos < buf.count { throw p.error("unexpected data after the JSON value") }
                result = .success(v)
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    private let buf: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    private var pos = 0
    private var scratch: [UInt8] = []

    private init(_ buf: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buf = buf
        self.maxDepth = maxDepth
    }

    // MARK: values

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard pos < buf.count else { throw error(buf.isEmpty ? "empty document" : "unexpected end of input, expected a value") }
        switch buf[pos] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describe(buf[pos])), expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        pos += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { pos += 1; return .object(JSONObject(members)) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error(expecting: "a string key") }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error(expecting: "':' after an object key") }
            pos += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append((key: key, value: value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"): pos += 1; return .object(JSONObject(members))
            default: throw error(expecting: "',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"): pos += 1; return .array(items)
            default: throw error(expecting: "',' or ']' in an array")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let start = word.utf8Start
        for i in 0..<n {
            guard pos + i < buf.count, buf[pos + i] == start[i] else {
                pos += i
                throw error("invalid literal, expected '\(word)'")
            }
        }
        pos += n
    }

    // MARK: numbers

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        var isInteger = true
        if peek() == UInt8(ascii: "-") { pos += 1 }
        guard let first = peek(), isDigit(first) else { throw error("invalid number: expected a digit") }
        if first == UInt8(ascii: "0") {
            pos += 1
            if let c = peek(), isDigit(c) { throw error("invalid number: leading zero") }
        } else {
            while let c = peek(), isDigit(c) { pos += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard let c = peek(), isDigit(c) else { throw error("invalid number: expected a digit after '.'") }
            while let c = peek(), isDigit(c) { pos += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { pos += 1 }
            guard let c = peek(), isDigit(c) else { throw error("invalid number: expected a digit in the exponent") }
            while let c = peek(), isDigit(c) { pos += 1 }
        }
        let digits = UnsafeBufferPointer(rebasing: buf[start..<pos])
        if isInteger, digits.count <= 20, let i = Self.parseInt(digits) { return .int(i) }
        let text = String(decoding: digits, as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            pos = start
            throw error("number out of range")
        }
        return .double(d)
    }

    private static func parseInt(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = digits[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var value: Int64 = 0
        while i < digits.count {
            let d = Int64(digits[i] &- UInt8(ascii: "0"))
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    // MARK: strings

    private mutating func parseString() throws(JSONParseError) -> String {
        pos += 1   // opening quote
        let start = pos
        // Fast path: no escapes.
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") {
                let s = try makeString(UnsafeBufferPointer(rebasing: buf[start..<pos]), at: start)
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("unescaped control character \(describe(c)) in a string") }
            pos += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<pos]))
        while pos < buf.count {
            let c = buf[pos]
            if c == UInt8(ascii: "\"") {
                let s = try scratch.withUnsafeBufferPointer { b throws(JSONParseError) in try makeString(b, at: start) }
                pos += 1
                return s
            }
            if c < 0x20 { throw error("unescaped control character \(describe(c)) in a string") }
            if c == UInt8(ascii: "\\") {
                try parseEscape()
            } else {
                scratch.append(c)
                pos += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape() throws(JSONParseError) {
        pos += 1
        guard let e = peek() else { throw error("unterminated escape sequence") }
        pos += 1
        switch e {
        case UInt8(ascii: "\""): scratch.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scratch.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scratch.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), pos + 1 < buf.count, buf[pos + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired high surrogate in \\u escape")
                }
                pos += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("unpaired low surrogate in \\u escape")
            }
            guard let u = Unicode.Scalar(scalar) else { throw error("invalid unicode scalar in \\u escape") }
            scratch.append(contentsOf: UTF8.encode(u)!)
        default:
            pos -= 1
            throw error("invalid escape sequence '\\\(String(UnicodeScalar(e)))'")
        }
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek() else { throw error("unterminated \\u escape") }
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit \(describe(c)) in \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private func makeString(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseError) -> String {
        // ASCII fast path avoids validation work.
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw error("invalid UTF-8 in a string", at: start)
        }
        return s
    }

    // MARK: helpers

    @inline(__always) private func peek() -> UInt8? { pos < buf.count ? buf[pos] : nil }
    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private mutating func skipWhitespace() {
        while pos < buf.count {
            switch buf[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private func describe(_ c: UInt8) -> String {
        (0x21...0x7E).contains(c) ? "'\(String(UnicodeScalar(c)))'" : "0x" + String(c, radix: 16, uppercase: true)
    }

    private func error(expecting what: String) -> JSONParseError {
        guard let c = peek() else { return error("unexpected end of input, expected \(what)") }
        return error("unexpected character \(describe(c)), expected \(what)")
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? pos, buf.count)
        var line = 1
        var column = 1
        for i in 0..<offset {
            if buf[i] == 0x0A {
                line += 1
                column = 1
            } else if buf[i] & 0xC0 != 0x80 {
                column += 1   // count characters, not continuation bytes
            }
        }
        return JSONParseError(message: message, offset: offset, line: line, column: column)
    }
}
