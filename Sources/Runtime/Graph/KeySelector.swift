/// Selects a key (the values at `indices`) from a row, and routes it to a key group.
public struct KeySelector: Sendable, Hashable {
    public var indices: [Int]

    public init(_ indices: [Int]) { self.indices = indices }

    @inlinable public func key(_ row: Row) -> [Value] {
        var k = [Value]()
        k.reserveCapacity(indices.count)
        for i in indices { k.append(row.values[i]) }
        return k
    }

    /// A deterministic 32-bit hash of the key columns (stable across runs and processes).
    @inlinable public func hash(_ row: Row) -> Int32 {
        var h: UInt32 = 17
        for i in indices { h = h &* 31 &+ ValueHashing.hash32(row.values[i]) }
        return Int32(bitPattern: h)
    }

    @inlinable public func keyGroup(_ row: Row, maxParallelism: Int) -> Int {
        KeyGroups.keyGroup(forHash: hash(row), maxParallelism: maxParallelism)
    }
}
