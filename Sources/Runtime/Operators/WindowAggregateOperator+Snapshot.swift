/// Direct binary snapshots of the window state: no `OperatorSnapshot.Entry`, no boxing, no key arrays.
/// The captured (copy-on-write) window map is encoded on the checkpoint writer thread by key group;
/// restore decodes the owned key groups straight into the map.
extension WindowAggregateOperator {
    public var restoresEncodedState: Bool { true }

    /// Encodes the windows in the slot chunks (`keys`: nil = free slot; `accs`: `width` accumulators per
    /// slot) per key group in the snapshot entry format: key columns, `.int(start)`, `.int(end)`, then the
    /// tagged accumulators. One sequential pass over the chunks.
    static func encode(keys: [[WindowKey?]], accs: [[Accumulator]], width: Int, count: Int, arity: Int,
                       maxParallelism mp: Int) -> [EncodedKeyGroup] {
        var writers = [StateWriter](repeating: StateWriter(), count: mp)
        var counts = [Int](repeating: 0, count: mp)
        let perGroup = count / max(1, min(mp, count)) + 1
        for c in keys.indices {
            accs[c].withUnsafeBufferPointer { accs in
                keys[c].withUnsafeBufferPointer { keys in
                    for j in keys.indices {
                        guard let wk = keys[j] else { continue }
                        let kg = keyGroup(wk, arity: arity, maxParallelism: mp)
                        if counts[kg] == 0 { writers[kg].bytes.reserveCapacity(perGroup * (16 + 8 * width)) }
                        counts[kg] += 1
                        encodeEntry(wk, UnsafeBufferPointer(rebasing: accs[j * width ..< (j + 1) * width]), arity: arity, into: &writers[kg])
                    }
                }
            }
        }
        var groups: [EncodedKeyGroup] = []
        for kg in 0..<mp where counts[kg] > 0 {
            groups.append(EncodedKeyGroup(keyGroup: kg, count: counts[kg], bytes: writers[kg].bytes))
        }
        return groups
    }

    @inline(__always)
    static func keyGroup(_ wk: WindowKey, arity: Int, maxParallelism mp: Int) -> Int {
        var h: UInt32 = 17
        if let multi = wk.multi {
            for v in multi { h = h &* 31 &+ ValueHashing.hash32(v) }
        } else if arity == 1 {
            h = h &* 31 &+ ValueHashing.hash32(wk.single)
        }
        return KeyGroups.keyGroup(forHash: Int32(bitPattern: h), maxParallelism: mp)
    }

    @inline(__always)
    static func encodeEntry(_ wk: WindowKey, _ accs: UnsafeBufferPointer<Accumulator>, arity: Int, into w: inout StateWriter) {
        w.count(arity + 2)
        if let multi = wk.multi {
            for v in multi { w.value(v) }
        } else if arity == 1 {
            w.value(wk.single)
        }
        w.u8(3); w.int(wk.start)   // .int(start)
        w.u8(3); w.int(wk.end)     // .int(end)
        w.u8(StateValueCodec.Tag.accumulators.rawValue)
        StateValueCodec.accumulators(accs, &w)
    }

    /// Loads the windows of the encoded key groups this subtask owns, in file order, into new slots (the
    /// slot map is updated locally: one probe per window); each distinct window end is registered once.
    func restoreEncoded(_ groups: [EncodedKeyGroup], range: ClosedRange<Int>) throws {
        let owned = groups.filter { range.contains($0.keyGroup) }
        guard !owned.isEmpty else { return }
        var map = slots
        slots = [:]
        defer { slots = map }
        map.reserveCapacity(map.count + owned.reduce(0) { $0 + $1.count })
        var added: [Int64: [WindowKey]] = [:]
        var values: [Accumulator] = []
        values.reserveCapacity(width)
        let arity = keys.count
        for g in owned {
            var r = g.reader()
            for _ in 0..<g.count {
                guard try r.count() == arity + 2 else { throw StateReader.corrupt("window key of the wrong arity") }
                var wk = WindowKey(single: .null, multi: nil, start: 0, end: 0)
                if arity == 1 {
                    wk.single = try r.value()
                } else if arity > 1 {
                    var m = [Value]()
                    m.reserveCapacity(arity)
                    for _ in 0..<arity { m.append(try r.value()) }
                    wk.multi = m
                }
                guard case let .int(start) = try r.value(), case let .int(end) = try r.value() else {
                    throw StateReader.corrupt("window bounds")
                }
                wk.start = start
                wk.end = end
                guard try r.u8() == StateValueCodec.Tag.accumulators.rawValue else { throw StateReader.corrupt("window accumulators") }
                values.removeAll(keepingCapacity: true)
                guard try StateValueCodec.appendAccumulators(&r, to: &values) == width else {
                    throw StateReader.corrupt("window accumulators: expected \(width)")
                }
                if let existing = map.updateValue(nextSlot, forKey: wk) {   // already there: the restored values win
                    map[wk] = existing
                    setAccumulators(existing, values)
                } else {
                    _ = newSlot(wk, values)
                    added[end, default: []].append(wk)
                }
            }
            guard r.isAtEnd else { throw StateReader.corrupt("key group \(g.keyGroup) has trailing bytes") }
        }
        for (end, list) in added {
            if byEnd[end] == nil { addTimer(end, list[0]); byEnd[end]! += list.dropFirst() } else { byEnd[end]! += list }
        }
    }
}
