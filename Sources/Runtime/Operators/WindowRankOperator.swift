/// Window Top-N over the output of a window aggregation (or a windowed table): rows are buffered per
/// window end and partition; when the watermark reaches `end − 1` each partition is sorted and its rows
/// `rankStart…rankEnd` are emitted (with the row number appended when `outputRankNumber`).
public final class WindowRankOperator: StreamOperator {
    let keys: [Int]
    let windowEndIndex: Int
    let sort: SortSpec
    let rankStart: Int
    let rankEnd: Int
    let outputRankNumber: Bool
    let state: KeyedState<[[Value]]>
    var ends: Set<Int64> = []
    var context: OperatorContext?

    public init(keys: [Int], windowEndIndex: Int, sort: SortSpec, rankStart: Int = 1, rankEnd: Int,
                outputRankNumber: Bool) {
        self.keys = keys
        self.windowEndIndex = windowEndIndex
        self.sort = sort
        self.rankStart = rankStart
        self.rankEnd = rankEnd
        self.outputRankNumber = outputRankNumber
        state = KeyedState(keyArity: keys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        guard let end = TimeMath.millis(row.values[windowEndIndex]) else { return }
        let key = keys.map { row.values[$0] } + [.int(end)]
        state.entries[key, default: []].append(row.values)
        ends.insert(end)
    }

    public func processWatermark(_ wm: Int64, output: Output) throws {
        let due = ends.filter { $0 - 1 <= wm }.sorted()
        if !due.isEmpty {
            let dueSet = Set(due.map { Value.int($0) })
            let keysDue = state.entries.keys.filter { dueSet.contains($0[keys.count]) }
                .sorted { Value.compare($0[keys.count], $1[keys.count]) < 0 }
            for key in keysDue {
                guard var rows = state.entries.removeValue(forKey: key) else { continue }
                rows = rows.enumerated().sorted { a, b in
                    let c = sort.compare(a.element, b.element)
                    return c != 0 ? c < 0 : a.offset < b.offset
                }.map(\.element)
                guard rows.count >= rankStart else { continue }
                for i in (rankStart - 1)..<min(rows.count, rankEnd) {
                    output.emit(Row(outputRankNumber ? rows[i] + [.int(Int64(i + 1))] : rows[i]))
                }
            }
            ends.subtract(due)
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
        for k in state.entries.keys { if case let .int(e) = k[keys.count] { ends.insert(e) } }
    }
}
