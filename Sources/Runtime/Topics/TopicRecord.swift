/// One record of a topic partition.
public struct TopicRecord: Sendable, Hashable {
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: [UInt8]?
        public init(name: String, value: [UInt8]?) { self.name = name; self.value = value }
    }
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [Header]

    public init(offset: Int64 = -1, timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [Header] = []) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A record seen in place in a read buffer (no copies): valid only during the callback.
public struct RecordView {
    public var offset: Int64
    public var timestamp: Int64
    public var key: UnsafeRawBufferPointer?
    public var value: UnsafeRawBufferPointer?
    /// The frame's header section as stored (`u16 count | (u16 nameLength | name | i32 valueLength | value)*`).
    public var encodedHeaders: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)

    /// The record's headers, decoded (empty when there are none or the section is malformed).
    public var headers: [TopicRecord.Header] {
        let b = encodedHeaders
        guard b.count >= 2 else { return [] }
        func u16(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        let count = u16(0)
        var out: [TopicRecord.Header] = []
        out.reserveCapacity(count)
        var p = 2
        for _ in 0..<count {
            guard p + 2 <= b.count else { return out }
            let nl = u16(p); p += 2
            guard p + nl + 4 <= b.count else { return out }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: b[p..<(p + nl)]), as: UTF8.self); p += nl
            let vl = Int32(bitPattern: UInt32(b[p]) | UInt32(b[p + 1]) << 8 | UInt32(b[p + 2]) << 16 | UInt32(b[p + 3]) << 24)
            p += 4
            var value: [UInt8]? = nil
            if vl >= 0 {
                guard p + Int(vl) <= b.count else { return out }
                value = Array(b[p..<(p + Int(vl))]); p += Int(vl)
            }
            out.append(TopicRecord.Header(name: name, value: value))
        }
        return out
    }
}
