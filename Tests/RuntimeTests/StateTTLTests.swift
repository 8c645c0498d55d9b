@testable import Runtime
import Synchronization
import Testing

/// Idle-state retention (`sql.state-ttl` / `table.exec.state.ttl`) of group aggregations and regular joins,
/// driven by a manual processing-time clock.
@Suite struct StateTTLTests {
    final class ManualClock: RuntimeClock {
        let now = Atomic<Int64>(0)
        func nowMillis() -> Int64 { now.load(ordering: .relaxed) }
        func set(_ t: Int64) { now.store(t, ordering: .relaxed) }
    }

    static func context(_ clock: ManualClock) -> OperatorContext {
        OperatorContext(info: SubtaskInfo(subtaskIndex: 0, parallelism: 1), clock: clock)
    }

    static func text(_ rows: [Row]) -> [String] {
        rows.map { r in r.kind.shortString + "[" + r.values.map { "\($0)" }.joined(separator: ", ") + "]" }
    }

    func aggregate(ttl: Int64?) throws -> [String] {
        let clock = ManualClock()
        let op = GroupAggregateOperator(keys: [0], aggregates: [AggregateCall(.countStar, resultType: DataType(.bigint))],
                                        retractableInput: false, stateTTLMillis: ttl)
        try op.open(Self.context(clock))
        let (out, buffer) = Output.collecting()
        for t in [0, 500, 2_000] as [Int64] {   // the key is idle 1.5 s before its third row
            clock.set(t)
            try op.processElement(Row([.string("a")]), input: 0, output: out)
        }
        return Self.text(buffer.rows)
    }

    @Test func anIdleAggregationKeyStartsOverAfterTheTTL() throws {
        let kept = try aggregate(ttl: nil)
        let expired = try aggregate(ttl: 1_000)
        #expect(kept.count == 5)        // +I 1, -U 1, +U 2, -U 2, +U 3
        #expect(kept.last?.hasPrefix("+U") == true)
        #expect(expired.count == 4)     // +I 1, -U 1, +U 2, then a new group: +I 1
        #expect(expired.last == expired.first)
        #expect(expired.last?.hasPrefix("+I") == true)
        #expect(try aggregate(ttl: 0) == kept)   // 0 = keep forever
    }

    @Test func aWriteKeepsTheKeyAliveAndTheSweepFreesIdleKeys() throws {
        let clock = ManualClock()
        let op = GroupAggregateOperator(keys: [0], aggregates: [AggregateCall(.countStar, resultType: DataType(.bigint))],
                                        retractableInput: false, stateTTLMillis: 1_000)
        try op.open(Self.context(clock))
        let (out, buffer) = Output.collecting()
        for t in stride(from: 0 as Int64, through: 3_000, by: 600) {   // written every 0.6 s: never idle 1 s
            clock.set(t)
            try op.processElement(Row([.string("a")]), input: 0, output: out)
        }
        #expect(Self.text(buffer.rows).filter { $0.hasPrefix("+I") }.count == 1)
        // Many other keys later: the periodic sweep drops "a" without it being touched again.
        clock.set(10_000)
        for i in 0..<2_048 { try op.processElement(Row([.string("k\(i)")]), input: 0, output: out) }
        #expect(op.state.entries[[.string("a")]] == nil)
        #expect(op.state.count == 2_048)
    }

    func join(ttl: Int64?) throws -> [String] {
        let clock = ManualClock()
        let op = JoinOperator(type: .inner, leftKeys: [0], rightKeys: [0], leftArity: 2, rightArity: 2, stateTTLMillis: ttl)
        try op.open(Self.context(clock))
        let (out, buffer) = Output.collecting()
        try op.processElement(Row([.string("k"), .string("left")]), input: 0, output: out)
        clock.set(5_000)
        try op.processElement(Row([.string("k"), .string("right")]), input: 1, output: out)
        clock.set(5_100)
        try op.processElement(Row([.string("k"), .string("left2")]), input: 0, output: out)
        return Self.text(buffer.rows)
    }

    @Test func joinRowsIdleLongerThanTheTTLNoLongerMatch() throws {
        #expect(try join(ttl: nil).count == 2)             // right matches left; left2 matches right
        let expired = try join(ttl: 1_000)
        #expect(expired.count == 1)                        // left expired before right arrived
        #expect(expired.first?.contains("left2") == true)  // right (fresh) still matches left2
    }
}
