/// Event-time TUMBLE / HOP / CUMULATE window aggregation (TVF and legacy group windows).
///
/// Input: append-only rows; `timeIndex` is the rowtime column (`.timestamp` micros). Output row per fired
/// window and key: `keys…, aggregates…, window_start, window_end, window_time` (timestamps in micros;
/// window_time = end − 1 ms). A window fires when the watermark reaches `end − 1`; a row all of whose
/// windows have fired is late: dropped and counted in `lateRecordsDropped`.
public final class WindowAggregateOperator: StreamOperator {
    let keys: [Int]
    let timeIndex: Int
    let window: WindowSpec
    let aggregator: Aggregator
    /// Window state in slots: (key, window) → slot; slot `s` lives in chunk `s >> chunkShift` of
    /// `keyChunks` (its key) and `accChunks` (its `width` accumulators); fired slots are reused. A single
    /// key column is stored inline (no array). A snapshot captures the chunk lists (copy-on-write, O(1)):
    /// afterwards the operator copies only the chunks it writes to, one at a time, so processing goes on
    /// while the writer scans every chunk sequentially.
    var slots: [WindowKey: Int] = [:]
    var keyChunks: [[WindowKey?]] = []
    var accChunks: [[Accumulator]] = []
    var slotCount = 0
    var freeSlots: [Int] = []
    let width: Int
    static let chunkShift = 10
    static let chunkMask = (1 << chunkShift) - 1
    var byEnd: [Int64: [WindowKey]] = [:]
    var ends: [Int64] = []   // sorted ascending
    var watermark = Int64.min
    var scratch: [(start: Int64, end: Int64)] = []
    var context: OperatorContext?

    public init(keys: [Int], timeIndex: Int, window: WindowSpec, aggregates: [AggregateCall]) {
        self.keys = keys
        self.timeIndex = timeIndex
        self.window = window
        aggregator = Aggregator(aggregates)
        width = aggregates.count
    }

    /// Number of open windows (over all keys).
    public var windowCount: Int { slots.count }

    struct WindowKey: Hashable {
        var single: Value
        var multi: [Value]?
        var start: Int64
        var end: Int64

        func keyValues(_ arity: Int) -> [Value] {
            if let multi { return multi }
            return arity == 0 ? [] : [single]
        }
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        guard let ts = TimeMath.millis(row.values[timeIndex]) else { return }
        window.assign(ts, into: &scratch)
        var used = false
        for w in scratch {
            if w.end - 1 <= watermark { continue }
            used = true
            var wk = WindowKey(single: .null, multi: nil, start: w.start, end: w.end)
            if keys.count == 1 {
                wk.single = row.values[keys[0]]
            } else if keys.count > 1 {
                var k = [Value]()
                k.reserveCapacity(keys.count)
                for i in keys { k.append(row.values[i]) }
                wk.multi = k
            }
            let retract = row.kind == .updateBefore || row.kind == .delete
            let slot: Int
            if let s = slots[wk] {
                slot = s
            } else {
                slot = newSlot(wk, aggregator.createAccumulators())
                slots[wk] = slot
                addTimer(w.end, wk)
            }
            aggregator.apply(&accChunks[slot >> Self.chunkShift], at: (slot & Self.chunkMask) * width, row, retract: retract)
        }
        if !used { context?.metrics.lateRecordsDropped.add(1, ordering: .relaxed) }
    }

    /// Stores a new window's key and accumulators in a free slot (or a new one); returns the slot.
    @inline(__always)
    func newSlot<C: Collection>(_ key: WindowKey, _ initial: C) -> Int where C.Element == Accumulator {
        if let slot = freeSlots.popLast() {
            let c = slot >> Self.chunkShift, j = slot & Self.chunkMask
            keyChunks[c][j] = key
            var i = j * width
            for a in initial { accChunks[c][i] = a; i += 1 }
            return slot
        }
        let slot = slotCount
        slotCount += 1
        if slot & Self.chunkMask == 0 {
            keyChunks.append([])
            keyChunks[keyChunks.count - 1].reserveCapacity(Self.chunkMask + 1)
            accChunks.append([])
            accChunks[accChunks.count - 1].reserveCapacity((Self.chunkMask + 1) * width)
        }
        keyChunks[keyChunks.count - 1].append(key)
        accChunks[accChunks.count - 1].append(contentsOf: initial)
        return slot
    }

    /// The slot `newSlot` would use next.
    var nextSlot: Int { freeSlots.last ?? slotCount }

    /// Frees a fired window's slot (its accumulators are reset so their memory goes).
    @inline(__always)
    func freeSlot(_ slot: Int) {
        let c = slot >> Self.chunkShift, j = slot & Self.chunkMask
        keyChunks[c][j] = nil
        for i in 0..<width { accChunks[c][j * width + i] = Accumulator() }
        freeSlots.append(slot)
    }

    /// Overwrites a slot's accumulators (restore of a window that is already there).
    func setAccumulators<C: Collection>(_ slot: Int, _ values: C) where C.Element == Accumulator {
        let c = slot >> Self.chunkShift
        var i = (slot & Self.chunkMask) * width
        for a in values { accChunks[c][i] = a; i += 1 }
    }

    func addTimer(_ end: Int64, _ key: WindowKey) {
        if byEnd[end] == nil {
            byEnd[end] = [key]
            if let last = ends.last, last > end {
                var lo = 0, hi = ends.count
                while lo < hi { let m = (lo + hi) / 2; if ends[m] < end { lo = m + 1 } else { hi = m } }
                ends.insert(end, at: lo)
            } else {
                ends.append(end)
            }
        } else {
            byEnd[end]!.append(key)
        }
    }

    public func processWatermark(_ wm: Int64, output: Output) throws {
        watermark = wm
        var fired = 0
        while fired < ends.count, ends[fired] - 1 <= wm {
            let end = ends[fired]
            for key in byEnd.removeValue(forKey: end) ?? [] {
                guard let slot = slots.removeValue(forKey: key) else { continue }
                var values = [Value]()
                values.reserveCapacity(keys.count + aggregator.calls.count + 3)
                values.append(contentsOf: key.keyValues(keys.count))
                aggregator.results(accChunks[slot >> Self.chunkShift], at: (slot & Self.chunkMask) * width, into: &values)
                freeSlot(slot)
                values.append(.timestamp(key.start * 1000))
                values.append(.timestamp(end * 1000))
                values.append(.timestamp((end - 1) * 1000))
                output.emit(Row(values))
            }
            fired += 1
        }
        if fired > 0 { ends.removeFirst(fired) }
        output.emitWatermark(wm)
    }

    /// Snapshot entries: key = key columns + [start, end] (ms); key group from the key columns.
    public func snapshotState() throws -> OperatorSnapshot { try snapshotStateAsync()() }

    /// The chunk lists are copy-on-write values: capturing them is O(1) (the operator then copies a chunk
    /// when it first writes to it); the file's bytes are encoded later on the checkpoint writer's thread
    /// while this operator goes on.
    public func snapshotStateAsync() throws -> @Sendable () throws -> OperatorSnapshot {
        let capturedKeys = keyChunks, capturedAccs = accChunks, width = width, count = slots.count
        let arity = keys.count
        let mp = context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism
        return {
            var s = OperatorSnapshot()
            s.encoded = Self.encode(keys: capturedKeys, accs: capturedAccs, width: width, count: count, arity: arity, maxParallelism: mp)
            return s
        }
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        guard let info = context?.info else { return }
        try restoreEncoded(snapshot.encoded, range: info.keyGroupRange)
        for (kg, list) in snapshot.keyGroups where info.keyGroupRange.contains(kg) {
            for e in list {
                guard let accs = e.value as? [Accumulator], e.key.count == keys.count + 2,
                      case let .int(start) = e.key[keys.count], case let .int(end) = e.key[keys.count + 1] else { continue }
                var wk = WindowKey(single: .null, multi: nil, start: start, end: end)
                if keys.count == 1 { wk.single = e.key[0] } else if keys.count > 1 { wk.multi = Array(e.key[0..<keys.count]) }
                guard accs.count == width else { throw StateReader.corrupt("window with \(accs.count) accumulators, expected \(width)") }
                if let slot = slots[wk] {
                    setAccumulators(slot, accs)
                } else {
                    slots[wk] = newSlot(wk, accs)
                    addTimer(end, wk)
                }
            }
        }
    }
}
