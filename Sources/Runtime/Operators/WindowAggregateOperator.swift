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
    let state: KeyedState<[Accumulator]>
    var byEnd: [Int64: [[Value]]] = [:]
    var ends: [Int64] = []   // sorted ascending
    var watermark = Int64.min
    var scratch: [(start: Int64, end: Int64)] = []
    var context: OperatorContext?

    public init(keys: [Int], timeIndex: Int, window: WindowSpec, aggregates: [AggregateCall]) {
        self.keys = keys
        self.timeIndex = timeIndex
        self.window = window
        aggregator = Aggregator(aggregates)
        state = KeyedState(keyArity: keys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        guard let ts = TimeMath.millis(row.values[timeIndex]) else { return }
        window.assign(ts, into: &scratch)
        var used = false
        for w in scratch {
            if w.end - 1 <= watermark { continue }
            used = true
            var key = [Value]()
            key.reserveCapacity(keys.count + 2)
            for k in keys { key.append(row.values[k]) }
            key.append(.int(w.start))
            key.append(.int(w.end))
            let retract = row.kind == .updateBefore || row.kind == .delete
            if let idx = state.entries.index(forKey: key) {
                aggregator.apply(&state.entries.values[idx], row, retract: retract)
            } else {
                var accs = aggregator.createAccumulators()
                aggregator.apply(&accs, row, retract: retract)
                state.entries[key] = accs
                addTimer(w.end, key)
            }
        }
        if !used { context?.metrics.lateRecordsDropped.add(1, ordering: .relaxed) }
    }

    func addTimer(_ end: Int64, _ key: [Value]) {
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
                guard let accs = state.entries.removeValue(forKey: key) else { continue }
                var values = [Value]()
                values.reserveCapacity(keys.count + aggregator.calls.count + 3)
                values.append(contentsOf: key[0..<keys.count])
                aggregator.results(accs, into: &values)
                guard case let .int(start) = key[keys.count] else { continue }
                values.append(.timestamp(start * 1000))
                values.append(.timestamp(end * 1000))
                values.append(.timestamp((end - 1) * 1000))
                output.emit(Row(values))
            }
            fired += 1
        }
        if fired > 0 { ends.removeFirst(fired) }
        output.emitWatermark(wm)
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        s.keyGroups = state.snapshot(maxParallelism: context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism)
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        guard let info = context?.info else { return }
        state.restore(snapshot.keyGroups, info: info)
        for key in state.entries.keys {
            if case let .int(end) = key[keys.count + 1] { addTimer(end, key) }
        }
    }
}
