/// Event-time interval join: left (input 0) and right (input 1) rows with equal keys join when
/// `right.time + lowerBound <= left.time <= right.time + upperBound` (milliseconds; bounds inclusive) and
/// the optional `condition` over the joined row holds. Rows are kept until the watermark makes further
/// matches impossible, then dropped (a LEFT join emits an unmatched left row padded with NULLs then).
public final class IntervalJoinOperator: StreamOperator {
    struct Buffered: Sendable {
        var values: [Value]
        var time: Int64
        var matched: Bool
    }

    let type: JoinOperator.JoinType
    let leftKeys: [Int], rightKeys: [Int]
    let leftTime: Int, rightTime: Int
    let lowerBound: Int64, upperBound: Int64
    let rightArity: Int
    let condition: Predicate?
    let left: KeyedState<[Buffered]>
    let right: KeyedState<[Buffered]>
    var context: OperatorContext?

    public init(type: JoinOperator.JoinType = .inner, leftKeys: [Int], rightKeys: [Int], leftTime: Int, rightTime: Int,
                lowerBound: Int64, upperBound: Int64, rightArity: Int, condition: Predicate? = nil) {
        self.type = type
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.leftTime = leftTime
        self.rightTime = rightTime
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.rightArity = rightArity
        self.condition = condition
        left = KeyedState(keyArity: leftKeys.count)
        right = KeyedState(keyArity: rightKeys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    func inBounds(l: Int64, r: Int64) -> Bool { r + lowerBound <= l && l <= r + upperBound }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        let isLeft = input == 0
        let key = (isLeft ? leftKeys : rightKeys).map { row.values[$0] }
        guard let t = TimeMath.millis(row.values[isLeft ? leftTime : rightTime]) else {
            if isLeft && type == .left { output.emit(Row(row.values + [Value](repeating: .null, count: rightArity))) }
            return
        }
        if key.contains(where: \.isNull) {
            if isLeft && type == .left { output.emit(Row(row.values + [Value](repeating: .null, count: rightArity))) }
            return
        }
        var me = Buffered(values: row.values, time: t, matched: false)
        if isLeft {
            if var others = right[key] {
                for i in others.indices where inBounds(l: t, r: others[i].time) {
                    let j = row.values + others[i].values
                    if try condition?(Row(j)) ?? true {
                        output.emit(Row(j))
                        me.matched = true
                        others[i].matched = true
                    }
                }
                right[key] = others
            }
            left.entries[key, default: []].append(me)
        } else {
            if var others = left[key] {
                for i in others.indices where inBounds(l: others[i].time, r: t) {
                    let j = others[i].values + row.values
                    if try condition?(Row(j)) ?? true {
                        output.emit(Row(j))
                        others[i].matched = true
                    }
                }
                left[key] = others
            }
            right.entries[key, default: []].append(me)
        }
    }

    public func processWatermark(_ wm: Int64, output: Output) throws {
        // A future right row has time > wm; it can match left l only if l.time - lowerBound > wm.
        // Changes are applied after each scan: assigning into a dictionary while iterating it copies it.
        var leftChanges: [([Value], [Buffered])] = []
        for (k, rows) in left.entries {
            let keep = rows.filter { $0.time - lowerBound >= wm }
            if keep.count != rows.count {
                if type == .left {
                    for r in rows where !(r.time - lowerBound >= wm) && !r.matched {
                        output.emit(Row(r.values + [Value](repeating: .null, count: rightArity)))
                    }
                }
                leftChanges.append((k, keep))
            }
        }
        for (k, keep) in leftChanges { left.entries[k] = keep.isEmpty ? nil : keep }
        var rightChanges: [([Value], [Buffered])] = []
        for (k, rows) in right.entries {
            let keep = rows.filter { $0.time + upperBound >= wm }
            if keep.count != rows.count { rightChanges.append((k, keep)) }
        }
        for (k, keep) in rightChanges { right.entries[k] = keep.isEmpty ? nil : keep }
        output.emitWatermark(wm)
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        let mp = context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism
        for (kg, list) in left.snapshot(maxParallelism: mp) {
            s.keyGroups[kg, default: []] += list.map { .init(key: [.int(0)] + $0.key, value: $0.value) }
        }
        for (kg, list) in right.snapshot(maxParallelism: mp) {
            s.keyGroups[kg, default: []] += list.map { .init(key: [.int(1)] + $0.key, value: $0.value) }
        }
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        guard let info = context?.info else { return }
        for (kg, list) in snapshot.keyGroups where info.keyGroupRange.contains(kg) {
            for e in list {
                guard let rows = e.value as? [Buffered] else { continue }
                let key = Array(e.key.dropFirst())
                if e.key.first == .int(0) { left[key] = rows } else { right[key] = rows }
            }
        }
    }
}
