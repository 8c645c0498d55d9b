/// Keyed state of one operator subtask. Entries are keyed by `[Value]`; the first `keyArity` values are the
/// partitioning key (the columns of the edge's `KeySelector`, in the same order), the rest a namespace such
/// as a window. Snapshots group entries by key group, so state can be restored into any parallelism.
public final class KeyedState<V: Sendable> {
    public var entries: [[Value]: V] = [:]
    public let keyArity: Int

    public init(keyArity: Int) { self.keyArity = keyArity }

    @inlinable public subscript(key: [Value]) -> V? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    public var count: Int { entries.count }

    public func snapshot(maxParallelism: Int = KeyGroups.defaultMaxParallelism) -> [Int: [OperatorSnapshot.Entry]] {
        var out: [Int: [OperatorSnapshot.Entry]] = [:]
        for (k, v) in entries {
            let kg = KeyGroups.keyGroup(ofKey: k.prefix(keyArity), maxParallelism: maxParallelism)
            out[kg, default: []].append(OperatorSnapshot.Entry(key: k, value: v))
        }
        return out
    }

    /// Loads the entries of the key groups `info` owns.
    public func restore(_ groups: [Int: [OperatorSnapshot.Entry]], info: SubtaskInfo) {
        let range = info.keyGroupRange
        for (kg, list) in groups where range.contains(kg) {
            for e in list { if let v = e.value as? V { entries[e.key] = v } }
        }
    }
}

extension KeyGroups {
    /// The key group of a key, consistent with `KeySelector.keyGroup` over the same columns.
    public static func keyGroup<C: Collection>(ofKey key: C, maxParallelism: Int) -> Int where C.Element == Value {
        var h: UInt32 = 17
        for v in key { h = h &* 31 &+ ValueHashing.hash32(v) }
        return keyGroup(forHash: Int32(bitPattern: h), maxParallelism: maxParallelism)
    }
}
