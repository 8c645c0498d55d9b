/// Top-N: `ROW_NUMBER() OVER (PARTITION BY keys ORDER BY sort) ` filtered to `rankStart…rankEnd`, with
/// retractions. For every change of a partition's top rows it emits the difference between the old and the
/// new top rows (`-D`/`-U` for rows that left or moved, `+I`/`+U` for rows that entered or moved). With
/// `outputRankNumber` the row number is appended as a BIGINT column. With an append-only input (no
/// retractions can arrive) only the top `rankEnd` rows of a partition are kept, like Flink's
/// AppendOnlyTopNFunction; otherwise every row is kept (RetractableTopNFunction).
public final class RankOperator: StreamOperator {
    let keys: [Int]
    let sort: SortSpec
    let rankStart: Int
    let rankEnd: Int
    let outputRankNumber: Bool
    let appendOnlyInput: Bool
    let state: KeyedState<[[Value]]>
    var context: OperatorContext?

    public init(keys: [Int], sort: SortSpec, rankStart: Int = 1, rankEnd: Int, outputRankNumber: Bool,
                appendOnlyInput: Bool = false) {
        self.appendOnlyInput = appendOnlyInput
        self.keys = keys
        self.sort = sort
        self.rankStart = rankStart
        self.rankEnd = rankEnd
        self.outputRankNumber = outputRankNumber
        state = KeyedState(keyArity: keys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    func top(_ rows: [[Value]]) -> [[Value]] {
        guard rows.count >= rankStart else { return [] }
        return Array(rows[(rankStart - 1)..<min(rows.count, rankEnd)])
    }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        let key = keys.map { row.values[$0] }
        // Taken out of the state while it changes, so the update does not copy the array.
        var rows = state.entries.removeValue(forKey: key) ?? []
        let before = top(rows)
        if row.kind.isAccumulate {
            let index = sort.insertionIndex(row.values, in: rows)
            if appendOnlyInput && index >= rankEnd {
                state.entries[key] = rows
                return
            }
            rows.insert(row.values, at: index)
            if appendOnlyInput && rows.count > rankEnd { rows.removeLast(rows.count - rankEnd) }
        } else if let i = rows.firstIndex(of: row.values) {
            rows.remove(at: i)
        } else {
            if !rows.isEmpty { state.entries[key] = rows }
            return
        }
        let after = top(rows)
        state[key] = rows.isEmpty ? nil : rows
        if outputRankNumber {
            for i in 0..<max(before.count, after.count) {
                let old = i < before.count ? before[i] : nil
                let new = i < after.count ? after[i] : nil
                if old == new { continue }
                let rn = Value.int(Int64(rankStart + i))
                if let old { output.emit(Row(old + [rn], kind: new == nil ? .delete : .updateBefore)) }
                if let new { output.emit(Row(new + [rn], kind: old == nil ? .insert : .updateAfter)) }
            }
        } else {
            var counts: [[Value]: Int] = [:]
            for r in before { counts[r, default: 0] -= 1 }
            for r in after { counts[r, default: 0] += 1 }
            for r in before where (counts[r] ?? 0) < 0 {
                output.emit(Row(r, kind: .delete))
                counts[r]! += 1
            }
            for r in after where (counts[r] ?? 0) > 0 {
                output.emit(Row(r, kind: .insert))
                counts[r]! -= 1
            }
        }
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        s.keyGroups = state.snapshot(maxParallelism: context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism)
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        if let info = context?.info { state.restore(snapshot.keyGroups, info: info) }
    }
}
