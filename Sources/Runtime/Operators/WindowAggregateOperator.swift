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
    /// Window state: (key, window) → accumulators. A single key column is stored inline (no array).
    var windows: [WindowKey: [Accumulator]] = [:]
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
    }

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
            if let idx = windows.index(forKey: wk) {
                aggregator.apply(&windows.values[idx], row, retract: retract)
            } else {
                var accs = aggregator.createAccumulators()
                aggregator.apply(&accs, row, retract: retract)
                windows[wk] = accs
                addTimer(w.end, wk)
            }
        }
        if !used { context?.metrics.lateRecordsDropped.add(1, ordering: .relaxed) }
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
                guard let accs = windows.removeValue(forKey: key) else { continue }
                var values = [Value]()
                values.reserveCapacity(keys.count + aggregator.calls.count + 3)
                values.append(contentsOf: key.keyValues(keys.count))
                aggregator.results(accs, into: &values)
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

    /// The window map is a copy-on-write value: capturing it is O(1); the entries are built later on the
    /// checkpoint writer's thread while this operator goes on.
    public func snapshotStateAsync() throws -> @Sendable () throws -> OperatorSnapshot {
        let captured = windows
        let arity = keys.count
        let mp = context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism
        return {
            var s = OperatorSnapshot()
            s.encoded = Self.encode(captured, arity: arity, maxParallelism: mp)
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
                if windows[wk] == nil { addTimer(end, wk) }
                windows[wk] = accs
            }
        }
    }
}
