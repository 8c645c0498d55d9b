/// The keyed state of one key group still in the snapshot file's entry format (each entry: the key's
/// values, then the tagged state value): produced directly by operators that encode their own state (no
/// `Entry`, no boxing) and kept encoded when a file is read, so such operators decode straight into their
/// own structures and skip the key groups they do not own without parsing them.
public struct EncodedKeyGroup: Sendable {
    public var keyGroup: Int
    /// Number of entries.
    public var count: Int
    /// `storage[range]` holds the entries (a file's bytes are shared, not copied).
    public var storage: [UInt8]
    public var range: Range<Int>
    /// Format version of the file the bytes come from (`SnapshotFile.version` for fresh ones).
    public var format: UInt8

    public init(keyGroup: Int, count: Int, bytes: [UInt8]) {
        self.keyGroup = keyGroup
        self.count = count
        storage = bytes
        range = 0..<bytes.count
        format = SnapshotFile.version
    }

    init(keyGroup: Int, count: Int, storage: [UInt8], range: Range<Int>, format: UInt8) {
        self.keyGroup = keyGroup
        self.count = count
        self.storage = storage
        self.range = range
        self.format = format
    }

    /// A reader over the entries.
    public func reader() -> StateReader {
        var r = StateReader(storage, from: range.lowerBound, to: range.upperBound)
        r.format = format
        return r
    }

    /// The entries decoded into the generic form (operators that restore `OperatorSnapshot.keyGroups`).
    public func entries() throws -> [OperatorSnapshot.Entry] {
        var r = reader()
        var list: [OperatorSnapshot.Entry] = []
        list.reserveCapacity(count)
        for _ in 0..<count {
            let key = try r.values()
            list.append(.init(key: key, value: try StateValueCodec.decode(&r)))
        }
        guard r.isAtEnd else { throw StateReader.corrupt("key group \(keyGroup) has trailing bytes") }
        return list
    }
}
