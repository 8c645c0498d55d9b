/// Deduplication: `ROW_NUMBER() OVER (PARTITION BY keys ORDER BY time) = 1`.
/// - `.firstRowtime(index)`: keeps each key's row with the smallest event time (the earliest arrival
///   among equal times); emitted as `+I` once the watermark passes its time, so out-of-order rows within
///   the watermark delay win and the output is insert-only.
/// - `.lastRowtime(index)`: keeps the row with the largest event time, emitting `+I` then `-U/+U`.
/// - `.firstProctime`: the first row per key, emitted at once; later rows ignored.
/// - `.lastProctime`: every row replaces the previous one (`+I`, then `-U/+U`).
public final class DeduplicateOperator: StreamOperator {
    public enum Mode: Sendable, Hashable {
        case firstRowtime(Int)
        case lastRowtime(Int)
        case firstProctime
        case lastProctime
    }

    struct Entry: Sendable {
        var row: [Value]
        var emitted: Bool
    }

    let keys: [Int]
    let mode: Mode
    let state: KeyedState<Entry>
    var pending: Set<[Value]> = []
    var context: OperatorContext?

    public init(keys: [Int], mode: Mode) {
        self.keys = keys
        self.mode = mode
        state = KeyedState(keyArity: keys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        guard row.kind.isAccumulate else { return }
        let key = keys.map { row.values[$0] }
        let existing = state[key]
        switch mode {
        case let .firstRowtime(t):
            if let e = existing {
                if e.emitted { return }
                if Value.compare(row.values[t], e.row[t]) < 0 { state[key] = Entry(row: row.values, emitted: false) }
            } else {
                state[key] = Entry(row: row.values, emitted: false)
                pending.insert(key)
            }
        case let .lastRowtime(t):
            if let e = existing {
                if Value.compare(row.values[t], e.row[t]) >= 0 {
                    output.emit(Row(e.row, kind: .updateBefore))
                    output.emit(Row(row.values, kind: .updateAfter))
                    state[key] = Entry(row: row.values, emitted: true)
                }
            } else {
                output.emit(Row(row.values))
                state[key] = Entry(row: row.values, emitted: true)
            }
        case .firstProctime:
            if existing == nil {
                output.emit(Row(row.values))
                state[key] = Entry(row: row.values, emitted: true)
            }
        case .lastProctime:
            if let e = existing {
                output.emit(Row(e.row, kind: .updateBefore))
                output.emit(Row(row.values, kind: .updateAfter))
            } else {
                output.emit(Row(row.values))
            }
            state[key] = Entry(row: row.values, emitted: true)
        }
    }

    public func processWatermark(_ wm: Int64, output: Output) throws {
        if case let .firstRowtime(t) = mode, !pending.isEmpty {
            var due: [[Value]] = []
            for key in pending {
                guard let e = state[key] else { continue }
                if let ms = TimeMath.millis(e.row[t]), ms <= wm { due.append(e.row) }
                else if e.row[t].isNull { due.append(e.row) }
            }
            due.sort { Value.compare($0[t], $1[t]) < 0 }
            for r in due {
                let key = keys.map { r[$0] }
                pending.remove(key)
                state[key] = Entry(row: r, emitted: true)
                output.emit(Row(r))
            }
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
        for (k, e) in state.entries where !e.emitted { pending.insert(k) }
    }
}
