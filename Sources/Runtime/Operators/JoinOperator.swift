/// Regular (unbounded) equi-join with changelog, state per key. Input 0 is the left side, input 1 the
/// right side; `leftKeys`/`rightKeys` are the equi-join columns (NULL keys never match, as in SQL);
/// `condition` is an optional non-equi condition over the joined row (left columns then right columns).
/// INNER emits `+I`/`-D` joined rows; LEFT additionally emits the left row padded with NULLs while it has
/// no match, retracting it (`-D`) when the first match arrives and re-emitting it when the last match goes.
/// With a state TTL, a side's rows of a key not written for longer are forgotten (they no longer match).
public final class JoinOperator: StreamOperator {
    public enum JoinType: Sendable { case inner, left }

    struct Side: Sendable {
        /// Row values → (multiplicity, number of matches on the other side).
        var rows: [[Value]: (count: Int, matches: Int)] = [:]
    }

    let type: JoinType
    let leftKeys: [Int]
    let rightKeys: [Int]
    let leftArity: Int
    let rightArity: Int
    let condition: Predicate?
    let left: KeyedState<Side>
    let right: KeyedState<Side>
    let leftTTL: StateTTL?
    let rightTTL: StateTTL?
    var context: OperatorContext?

    /// `stateTTLMillis`: idle-state retention of each side (nil or 0: forever).
    public init(type: JoinType, leftKeys: [Int], rightKeys: [Int], leftArity: Int, rightArity: Int,
                condition: Predicate? = nil, stateTTLMillis: Int64? = nil) {
        leftTTL = StateTTL.make(stateTTLMillis)
        rightTTL = StateTTL.make(stateTTLMillis)
        self.type = type
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.leftArity = leftArity
        self.rightArity = rightArity
        self.condition = condition
        left = KeyedState(keyArity: leftKeys.count)
        right = KeyedState(keyArity: rightKeys.count)
    }

    public func open(_ context: OperatorContext) throws { self.context = context }

    func joined(_ l: [Value], _ r: [Value]) -> [Value] { l + r }

    func matches(_ l: [Value], _ r: [Value]) throws -> Bool {
        guard let condition else { return true }
        return try condition(Row(l + r))
    }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        let isLeft = input == 0
        let key = (isLeft ? leftKeys : rightKeys).map { row.values[$0] }
        let accumulate = row.kind.isAccumulate
        if key.contains(where: \.isNull) {
            // NULL keys never match; a LEFT join still emits the padded left row.
            if isLeft && type == .left {
                output.emit(Row(row.values + nulls(rightArity), kind: accumulate ? .insert : .delete))
            }
            return
        }
        let now = leftTTL == nil ? 0 : (context?.clock.nowMillis() ?? 0)
        left.expire(key, ttl: leftTTL, now: now)
        right.expire(key, ttl: rightTTL, now: now)
        if isLeft { try processLeft(row.values, key: key, accumulate: accumulate, output: output) }
        else { try processRight(row.values, key: key, accumulate: accumulate, output: output) }
        // The written side's rows get a new life; the other side's match counters changed but its rows did not.
        (isLeft ? left : right).written(key, ttl: isLeft ? leftTTL : rightTTL, now: now)
        if (isLeft ? right : left)[key] == nil { (isLeft ? rightTTL : leftTTL)?.forget(key) }
    }

    func nulls(_ n: Int) -> [Value] { [Value](repeating: .null, count: n) }

    func processLeft(_ l: [Value], key: [Value], accumulate: Bool, output: Output) throws {
        // Sides that change are taken out of the state first, so the update does not copy them.
        var other = (type == .left ? right.entries.removeValue(forKey: key) : right[key]) ?? Side()
        var matchCount = 0
        for (r, info) in other.rows where try matches(l, r) {
            matchCount += info.count
            for _ in 0..<info.count { output.emit(Row(joined(l, r), kind: accumulate ? .insert : .delete)) }
            if type == .left {
                var i = info
                i.matches += accumulate ? 1 : -1
                other.rows[r] = i
            }
        }
        if type == .left && matchCount == 0 {
            output.emit(Row(l + nulls(rightArity), kind: accumulate ? .insert : .delete))
        }
        if type == .left && !other.rows.isEmpty { right[key] = other }
        var mine = left.entries.removeValue(forKey: key) ?? Side()
        var entry = mine.rows[l] ?? (0, matchCount)
        entry.count += accumulate ? 1 : -1
        entry.matches = matchCount
        mine.rows[l] = entry.count <= 0 ? nil : entry
        left[key] = mine.rows.isEmpty ? nil : mine
    }

    func processRight(_ r: [Value], key: [Value], accumulate: Bool, output: Output) throws {
        var lefts = (type == .left ? left.entries.removeValue(forKey: key) : left[key]) ?? Side()
        var matchCount = 0
        for (l, info) in lefts.rows where try matches(l, r) {
            matchCount += info.count
            if type == .left {
                if accumulate && info.matches == 0 {
                    for _ in 0..<info.count { output.emit(Row(l + nulls(rightArity), kind: .delete)) }
                }
            }
            for _ in 0..<info.count { output.emit(Row(joined(l, r), kind: accumulate ? .insert : .delete)) }
            if type == .left {
                var i = info
                i.matches += accumulate ? 1 : -1
                if !accumulate && i.matches == 0 {
                    for _ in 0..<info.count { output.emit(Row(l + nulls(rightArity), kind: .insert)) }
                }
                lefts.rows[l] = i
            }
        }
        if type == .left && !lefts.rows.isEmpty { left[key] = lefts }
        var mine = right.entries.removeValue(forKey: key) ?? Side()
        var entry = mine.rows[r] ?? (0, 0)
        entry.count += accumulate ? 1 : -1
        entry.matches = matchCount
        mine.rows[r] = entry.count <= 0 ? nil : entry
        right[key] = mine.rows.isEmpty ? nil : mine
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        let mp = context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism
        // Left entries keyed [0, key…], right [1, key…]: the side tag is dropped before computing key groups.
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
        let range = info.keyGroupRange
        for (kg, list) in snapshot.keyGroups where range.contains(kg) {
            for e in list {
                guard let side = e.value as? Side else { continue }
                let key = Array(e.key.dropFirst())
                if e.key.first == .int(0) { left[key] = side } else { right[key] = side }
            }
        }
        let now = context?.clock.nowMillis() ?? 0
        left.restartTTL(leftTTL, now: now)
        right.restartTTL(rightTTL, now: now)
    }
}
