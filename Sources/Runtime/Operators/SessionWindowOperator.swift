/// Event-time SESSION windows per key: each row opens `[ts, ts + gap)`; sessions that overlap or touch
/// merge. Output like `WindowAggregateOperator`: `keys…, aggregates…, start, end, end − 1 ms`.
/// A row whose merged session has already fired (end − 1 ≤ watermark) is late: dropped and counted.
public final class SessionWindowOperator: StreamOperator {
    struct Session: Sendable {
        var start: Int64
        var end: Int64
        var accs: [Accumulator]
    }

    let keys: [Int]
    let timeIndex: Int
    let gap: Int64
    let aggregator: Aggregator
    let state: KeyedState<[Session]>
    var watermark = Int64.min
    /// (session end, key) for every session created; stale entries (merged away) are skipped on firing.
    var timers = MinHeap<[Value]>()
    var context: OperatorContext?

    public init(keys: [Int], timeIndex: Int, gap: Int64, aggregates: [AggregateCall]) {
        self.keys = keys
        self.timeIndex = timeIndex
        self.gap = gap
        aggregator = Aggregator(aggregates)
        state = KeyedState(keyArity: keys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        guard let ts = TimeMath.millis(row.values[timeIndex]) else { return }
        let key = keys.map { row.values[$0] }
        var sessions = state.entries.removeValue(forKey: key) ?? []
        var merged = Session(start: ts, end: ts + gap, accs: aggregator.createAccumulators())
        aggregator.apply(&merged.accs, row, retract: false)
        // Sessions are disjoint and sorted, so the ones the new row touches are one run starting at the
        // first session that ends at or after the row's time.
        let first = Self.firstEnding(atOrAfter: merged.start, in: sessions)
        var last = first
        while last < sessions.count, sessions[last].start <= merged.end {
            let s = sessions[last]
            merged.start = min(merged.start, s.start)
            merged.end = max(merged.end, s.end)
            aggregator.merge(&merged.accs, s.accs)
            last += 1
        }
        if merged.end - 1 <= watermark {
            context?.metrics.lateRecordsDropped.add(1, ordering: .relaxed)
            if !sessions.isEmpty { state.entries[key] = sessions }
            return
        }
        sessions.replaceSubrange(first..<last, with: CollectionOfOne(merged))
        state.entries[key] = sessions
        timers.push(merged.end, key)
    }

    static func firstEnding(atOrAfter time: Int64, in sessions: [Session]) -> Int {
        var lo = 0, hi = sessions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sessions[mid].end < time { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func processWatermark(_ wm: Int64, output: Output) throws {
        watermark = wm
        var due: Set<[Value]> = []
        while let end = timers.minPriority, end - 1 <= wm, let key = timers.pop() {
            due.insert(key)
        }
        var firing: [([Value], Session)] = []
        for key in due {
            guard var sessions = state.entries.removeValue(forKey: key) else { continue }
            let fired = sessions.prefix { $0.end - 1 <= wm }.count
            for s in sessions.prefix(fired) { firing.append((key, s)) }
            sessions.removeFirst(fired)
            if !sessions.isEmpty { state.entries[key] = sessions }
        }
        firing.sort { $0.1.end < $1.1.end }
        for (key, s) in firing {
            var values = key
            aggregator.results(s.accs, into: &values)
            values.append(.timestamp(s.start * 1000))
            values.append(.timestamp(s.end * 1000))
            values.append(.timestamp((s.end - 1) * 1000))
            output.emit(Row(values))
        }
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
        timers.removeAll()
        for (key, sessions) in state.entries { for s in sessions { timers.push(s.end, key) } }
    }
}
