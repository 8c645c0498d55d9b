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
    var minEnd = Int64.max
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
        var sessions = state[key] ?? []
        var merged = Session(start: ts, end: ts + gap, accs: aggregator.createAccumulators())
        aggregator.apply(&merged.accs, row, retract: false)
        var keep: [Session] = []
        for s in sessions {
            if s.start <= merged.end && merged.start <= s.end {
                merged.start = min(merged.start, s.start)
                merged.end = max(merged.end, s.end)
                aggregator.merge(&merged.accs, s.accs)
            } else {
                keep.append(s)
            }
        }
        if merged.end - 1 <= watermark {
            context?.metrics.lateRecordsDropped.add(1, ordering: .relaxed)
            return
        }
        keep.append(merged)
        sessions = keep
        state[key] = sessions
        if merged.end < minEnd { minEnd = merged.end }
    }

    public func processWatermark(_ wm: Int64, output: Output) throws {
        watermark = wm
        if minEnd - 1 <= wm {
            var newMin = Int64.max
            var firing: [([Value], Session)] = []
            for (key, sessions) in state.entries {
                var rest: [Session] = []
                for s in sessions {
                    if s.end - 1 <= wm { firing.append((key, s)) } else { rest.append(s); newMin = min(newMin, s.end) }
                }
                if rest.count != sessions.count { state.entries[key] = rest.isEmpty ? nil : rest }
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
            minEnd = newMin
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
        for sessions in state.entries.values { for s in sessions { minEnd = min(minEnd, s.end) } }
    }
}
