/// Non-windowed GROUP BY producing a changelog: the first row of a key emits `+I`, later changes emit
/// `-U old, +U new` (nothing when the result did not change), and a key whose rows were all retracted
/// emits `-D`. Input rows with kind -U/-D are retracted. Output: `keys…, aggregates…`. HAVING is a
/// downstream `CalcOperator` filter (it passes -U/+U/-D through like Flink).
/// With no keys (global aggregation) the operator emits its first result on the first row.
/// With a state TTL, a key idle for longer is forgotten: its next row starts a new group (`+I`, the old
/// result is not retracted — Flink's behaviour with `table.exec.state.ttl`).
public final class GroupAggregateOperator: StreamOperator {
    struct Group: Sendable {
        var accs: [Accumulator]
        var rowCount: Int64
        var last: [Value]
    }

    let keys: [Int]
    let aggregator: Aggregator
    let state: KeyedState<Group>
    let ttl: StateTTL?
    var context: OperatorContext?

    /// `retractableInput`: the input may contain -U/-D rows (MIN/MAX then keep value multisets).
    /// `stateTTLMillis`: idle-state retention (nil or 0: forever).
    public init(keys: [Int], aggregates: [AggregateCall], retractableInput: Bool = true, stateTTLMillis: Int64? = nil) {
        self.keys = keys
        aggregator = Aggregator(aggregates, retractable: retractableInput)
        state = KeyedState(keyArity: keys.count)
        ttl = StateTTL.make(stateTTLMillis)
    }

    private var now: Int64 { context?.clock.nowMillis() ?? 0 }

    public func open(_ context: OperatorContext) throws { self.context = context }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        var key = [Value]()
        key.reserveCapacity(keys.count)
        for k in keys { key.append(row.values[k]) }
        let retract = !row.kind.isAccumulate
        let now = ttl == nil ? 0 : self.now
        state.expire(key, ttl: ttl, now: now)
        defer { state.written(key, ttl: ttl, now: now) }
        var group = state.entries.removeValue(forKey: key)
        if group == nil {
            if retract { return }  // retraction for an unknown key: ignore like Flink
            group = Group(accs: aggregator.createAccumulators(), rowCount: 0, last: [])
        }
        var g = group!
        aggregator.apply(&g.accs, row, retract: retract)
        g.rowCount += retract ? -1 : 1
        if g.rowCount <= 0 {
            if !g.last.isEmpty { output.emit(Row(g.last, kind: .delete)) }
            return
        }
        var values = key
        values.reserveCapacity(keys.count + aggregator.calls.count)
        aggregator.results(g.accs, into: &values)
        if g.last.isEmpty {
            output.emit(Row(values, kind: .insert))
        } else if g.last != values {
            output.emit(Row(g.last, kind: .updateBefore))
            output.emit(Row(values, kind: .updateAfter))
        }
        g.last = values
        state.entries[key] = g
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        s.keyGroups = state.snapshot(maxParallelism: context?.info.maxParallelism ?? KeyGroups.defaultMaxParallelism)
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        if let info = context?.info { state.restore(snapshot.keyGroups, info: info) }
        state.restartTTL(ttl, now: now)
    }
}
