import Dispatch
import Glibc
import Synchronization

/// Direct binary snapshots of the window state: no `OperatorSnapshot.Entry`, no boxing, no key arrays.
/// The captured (copy-on-write) window map is encoded on the checkpoint writer thread, split by key group
/// over several workers; restore decodes the owned key groups straight into the map.
extension WindowAggregateOperator {
    public var restoresEncodedState: Bool { true }

    /// Windows per worker below which encoding stays on one thread.
    static let parallelEncodingThreshold = 50_000

    /// Encodes `windows` per key group in the snapshot entry format: key columns, `.int(start)`,
    /// `.int(end)`, then the tagged accumulators.
    static func encode(_ windows: [WindowKey: [Accumulator]], arity: Int, maxParallelism mp: Int) -> [EncodedKeyGroup] {
        let cpus = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let workers = max(1, min(cpus, 8, windows.count / parallelEncodingThreshold))
        let perGroup = windows.count / max(1, min(mp, windows.count)) + 1
        let result = Mutex<[EncodedKeyGroup]>([])
        let work: @Sendable (Int) -> Void = { worker in
            var writers = [StateWriter](repeating: StateWriter(), count: mp)
            var counts = [Int](repeating: 0, count: mp)
            for (wk, accs) in windows {
                let kg = keyGroup(wk, arity: arity, maxParallelism: mp)
                if workers > 1 && kg % workers != worker { continue }
                if counts[kg] == 0 { writers[kg].bytes.reserveCapacity(perGroup * 48) }
                counts[kg] += 1
                encodeEntry(wk, accs, arity: arity, into: &writers[kg])
            }
            var groups: [EncodedKeyGroup] = []
            for kg in 0..<mp where counts[kg] > 0 {
                groups.append(EncodedKeyGroup(keyGroup: kg, count: counts[kg], bytes: writers[kg].bytes))
            }
            result.withLock { $0 += groups }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return result.withLock { $0 }.sorted { $0.keyGroup < $1.keyGroup }
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
    static func encodeEntry(_ wk: WindowKey, _ accs: [Accumulator], arity: Int, into w: inout StateWriter) {
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

    /// Loads the windows of the encoded key groups this subtask owns.
    func restoreEncoded(_ groups: [EncodedKeyGroup], range: ClosedRange<Int>) throws {
        let owned = groups.filter { range.contains($0.keyGroup) }
        windows.reserveCapacity(windows.count + owned.reduce(0) { $0 + $1.count })
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
                let accs = try StateValueCodec.accumulators(&r)
                if windows.updateValue(accs, forKey: wk) == nil { addTimer(end, wk) }
            }
            guard r.isAtEnd else { throw StateReader.corrupt("key group \(g.keyGroup) has trailing bytes") }
        }
    }
}
