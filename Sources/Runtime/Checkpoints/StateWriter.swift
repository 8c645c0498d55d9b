/// Appends state to a byte buffer in the checkpoint file format (little endian, varint lengths).
public struct StateWriter {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always) public mutating func u8(_ v: UInt8) { bytes.append(v) }

    @inline(__always) public mutating func varint(_ v: UInt64) {
        var x = v
        while x >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }

    /// Zig-zag signed varint.
    @inline(__always) public mutating func int(_ v: Int64) {
        varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    @inline(__always) public mutating func count(_ n: Int) { varint(UInt64(n)) }

    public mutating func fixed64(_ v: UInt64) {
        for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
    }

    public mutating func fixed32(_ v: UInt32) {
        for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
    }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { b in
            count(b.count)
            bytes.append(contentsOf: b)
        }
    }

    public mutating func raw(_ b: [UInt8]) {
        count(b.count)
        bytes.append(contentsOf: b)
    }

    public mutating func value(_ v: Value) {
        switch v {
        case .null: u8(0)
        case let .bool(b): u8(b ? 2 : 1)
        case let .int(x): u8(3); int(x)
        case let .double(d): u8(4); fixed64(d.bitPattern)
        case let .decimal(u, s):
            u8(5); int(Int64(s))
            fixed64(UInt64(truncatingIfNeeded: u)); fixed64(UInt64(truncatingIfNeeded: u >> 64))
        case let .string(s): u8(6); string(s)
        case let .bytes(b): u8(7); raw(b)
        case let .date(d): u8(8); int(Int64(d))
        case let .time(t): u8(9); int(t)
        case let .timestamp(t): u8(10); int(t)
        case let .interval(t): u8(11); int(t)
        case let .intervalMonths(m): u8(12); int(Int64(m))
        case let .array(a): u8(13); values(a)
        case let .map(entries):
            u8(14); count(entries.count)
            for e in entries { value(e.key); value(e.value) }
        case let .row(r): u8(15); values(r)
        }
    }

    public mutating func values(_ vs: [Value]) {
        count(vs.count)
        for v in vs { value(v) }
    }
}

/// Reads what `StateWriter` wrote; every read is bounds-checked and throws on malformed input.
public struct StateReader {
    let bytes: [UInt8]
    public var position: Int
    let end: Int
    /// Format version of the snapshot file being read (state value layouts changed between versions).
    public var format: UInt8 = SnapshotFile.version

    public init(_ bytes: [UInt8], from: Int = 0, to: Int? = nil) {
        self.bytes = bytes
        position = from
        end = to ?? bytes.count
    }

    public var isAtEnd: Bool { position >= end }

    static func corrupt(_ what: String) -> RuntimeError {
        RuntimeError(code: "corrupt_state", detail: "Checkpoint state is corrupt (\(what)).")
    }

    @inline(__always) public mutating func u8() throws -> UInt8 {
        guard position < end else { throw Self.corrupt("unexpected end") }
        defer { position += 1 }
        return bytes[position]
    }

    @inline(__always) public mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            result |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw Self.corrupt("varint too long") }
        }
    }

    @inline(__always) public mutating func int() throws -> Int64 {
        let u = try varint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    public mutating func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(end - position) * 8 + 8 else { throw Self.corrupt("length \(n) beyond the file") }
        return Int(n)
    }

    public mutating func fixed64() throws -> UInt64 {
        guard end - position >= 8 else { throw Self.corrupt("unexpected end") }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return v
    }

    public mutating func fixed32() throws -> UInt32 {
        guard end - position >= 4 else { throw Self.corrupt("unexpected end") }
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[position + k]) << (8 * UInt32(k)) }
        position += 4
        return v
    }

    public mutating func raw() throws -> [UInt8] {
        let n = try count()
        guard end - position >= n else { throw Self.corrupt("unexpected end") }
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    public mutating func string() throws -> String {
        let n = try count()
        guard end - position >= n else { throw Self.corrupt("unexpected end") }
        defer { position += n }
        return String(decoding: bytes[position..<position + n], as: UTF8.self)
    }

    public mutating func value() throws -> Value {
        switch try u8() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try int())
        case 4: return .double(Double(bitPattern: try fixed64()))
        case 5:
            let s = Int(try int())
            let lo = try fixed64(), hi = try fixed64()
            return .decimal(Int128(Int64(bitPattern: hi)) << 64 | Int128(lo), scale: s)
        case 6: return .string(try string())
        case 7: return .bytes(try raw())
        case 8: return .date(Int32(truncatingIfNeeded: try int()))
        case 9: return .time(try int())
        case 10: return .timestamp(try int())
        case 11: return .interval(try int())
        case 12: return .intervalMonths(Int32(truncatingIfNeeded: try int()))
        case 13: return .array(try values())
        case 14:
            let n = try count()
            var entries: [Value.MapEntry] = []
            entries.reserveCapacity(n)
            for _ in 0..<n { entries.append(.init(key: try value(), value: try value())) }
            return .map(entries)
        case 15: return .row(try values())
        case let t: throw Self.corrupt("unknown value tag \(t)")
        }
    }

    public mutating func values() throws -> [Value] {
        let n = try count()
        var out: [Value] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try value()) }
        return out
    }
}
