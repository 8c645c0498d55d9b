/// A byte-level JSON writer: appends to a `[UInt8]` buffer with no Foundation on the path.
///
/// Commas are inserted automatically: call `key(_:)` before each object member's value and
/// write array elements one after another.
///
///     var w = JSONWriter()
///     w.beginObject(); w.key("id"); w.string("job-1"); w.key("n"); w.int(3); w.endObject()
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: structure

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes `"name":`; the next call writes the member's value.
    public mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: scalars

    public mutating func string(_ value: String) { separate(); appendQuoted(value); needsComma = true }

    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func int(_ value: Int) { separate(); appendInt(Int64(value)); needsComma = true }
    public mutating func int64(_ value: Int64) { separate(); appendInt(value); needsComma = true }

    /// Shortest representation that reads back to the same `Double`; NaN and infinities become `null`.
    public mutating func double(_ value: Double) {
        separate()
        if !value.isFinite {
            appendASCII("null")
        } else if value > -1e15, value < 1e15, Double(Int64(value)) == value {
            appendInt(Int64(value))
            if value == 0, value.sign == .minus { bytes.insert(UInt8(ascii: "-"), at: bytes.count - 1) }
        } else {
            appendASCII(value.description)   // Swift prints the shortest round-trip form
        }
        needsComma = true
    }

    public mutating func bool(_ value: Bool) { separate(); appendASCII(value ? "true" : "false"); needsComma = true }
    public mutating func null() { separate(); appendASCII("null"); needsComma = true }

    /// Starts a value the caller appends to `bytes` directly (trusted, already-encoded JSON).
    public mutating func beginRaw() { separate(); needsComma = true }

    /// Writes one string value made of several pieces, without building the joined `String`.
    public mutating func string(_ a: String, _ b: String, _ c: String = "", _ d: String = "", _ e: String = "", _ f: String = "") {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(a); appendEscaped(b)
        if !c.isEmpty { appendEscaped(c) }
        if !d.isEmpty { appendEscaped(d) }
        if !e.isEmpty { appendEscaped(e) }
        if !f.isEmpty { appendEscaped(f) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes an integer as a JSON string (`"42"`), as Confluent does for `resource_version`.
    public mutating func intString(_ value: Int64) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        appendInt(value)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Ends a top-level value and starts the next on a new line (concatenated JSON / JSON lines output).
    public mutating func newline() { bytes.append(10); needsComma = false }

    /// Appends already-encoded JSON (trusted) as one value.
    public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json); needsComma = true }

    // MARK: convenience members

    public mutating func member(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func member(_ name: String, _ value: String?) { key(name); string(value) }
    public mutating func member(_ name: String, _ value: Int) { key(name); int(value) }
    public mutating func member(_ name: String, _ value: Bool) { key(name); bool(value) }
    public mutating func member(_ name: String, _ value: Double) { key(name); double(value) }

    /// Writes any `JSONValue` tree.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int64(i)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let object):
            beginObject()
            for (k, item) in object.members { key(k); value(item) }
            endObject()
        }
    }

    // MARK: internals

    @inline(__always) private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendASCII(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendASCII(_ s: String) {
        bytes.append(contentsOf: s.utf8)
    }

    private mutating func appendInt(_ value: Int64) {
        if value == 0 { bytes.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while magnitude > 0 {
                buf[19 - count] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: buf[(20 - count)...])
        }
    }

    @inline(__always) private mutating func appendQuoted(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        appendEscaped(s)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `s` escaped. Fast path: the UTF-8 bytes are scanned 8 at a time for a byte that needs
    /// escaping (control, `"`, `\`); strings without one (nearly all) are copied in one append.
    @inline(__always) private mutating func appendEscaped(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) != nil { return }
        var copy = s
        copy.withUTF8 { appendEscaped($0) }
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let n = utf8.count
        var i = Self.firstByteNeedingEscape(base, n)
        if i == n {
            bytes.append(contentsOf: utf8)
            return
        }
        var runStart = 0
        while i < n {
            let c = base[i]
            if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart)) }
                appendEscape(c)
                runStart = i + 1
            }
            i += 1
        }
        if runStart < n { bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: n - runStart)) }
    }

    /// Index of the first byte < 0x20, `"` or `\` (n when none), eight bytes per step (SWAR).
    @inline(__always) static func firstByteNeedingEscape(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let control = (w &- ones &* 0x20) & ~w & highs
            let q = w ^ (ones &* 0x22)
            let quote = (q &- ones) & ~q & highs
            let b = w ^ (ones &* 0x5C)
            let backslash = (b &- ones) & ~b & highs
            if control | quote | backslash != 0 { break }
            i &+= 8
        }
        while i < n {
            let c = p[i]
            if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return i }
            i &+= 1
        }
        return n
    }

    private mutating func appendEscape(_ c: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            func hex(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }
            bytes.append(UInt8(ascii: "u")); bytes.append(UInt8(ascii: "0")); bytes.append(UInt8(ascii: "0"))
            bytes.append(hex(c >> 4)); bytes.append(hex(c & 0xF))
        }
    }
}
