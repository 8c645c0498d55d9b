/// Watermark generation inside a source, per split (Kafka partition): each split's watermark is its max
/// event time − delay; the source emits the minimum over its active splits, after every row (Flink with
/// `pipeline.auto-watermark-interval = 0`). Finished splits no longer hold the minimum back; a split idle
/// for `idleTimeoutMillis` (`table.exec.source.idle-timeout`) is ignored until it produces again.
public struct WatermarkSpec: Sendable {
    public var rowtime: Expression
    public var delayMillis: Int64
    public var idleTimeoutMillis: Int64?

    public init(rowtime: @escaping Expression, delayMillis: Int64, idleTimeoutMillis: Int64? = nil) {
        self.rowtime = rowtime
        self.delayMillis = delayMillis
        self.idleTimeoutMillis = idleTimeoutMillis
    }
}

final class SplitWatermarks {
    let spec: WatermarkSpec
    var splitWatermark: [Int64]
    var active: [Bool]
    var lastActivity: [Int64]
    var emitted = Int64.min

    init(spec: WatermarkSpec, splits: Int) {
        self.spec = spec
        splitWatermark = Array(repeating: Int64.min, count: splits)
        active = Array(repeating: true, count: splits)
        lastActivity = Array(repeating: 0, count: splits)
    }

    /// Records a row of split `i`; emits the combined watermark when it advanced.
    @inline(__always) func observe(_ row: Row, split i: Int, output: Output) throws {
        guard case let .timestamp(us) = try spec.rowtime(row) else { return }
        let wm = TimeMath.floorDiv(us, 1000) &- spec.delayMillis
        if wm > splitWatermark[i] {
            splitWatermark[i] = wm
            emitCombined(output)
        }
    }

    func markActive(_ i: Int, now: Int64) {
        lastActivity[i] = now
        if !active[i] { active[i] = true }
    }

    /// A subtask without splits: idle after the timeout (when one is set).
    func checkNoSplits(startedAt: Int64, now: Int64, output: Output) {
        guard splitWatermark.isEmpty, let t = spec.idleTimeoutMillis, now - startedAt >= t else { return }
        output.markIdle()
    }

    func finish(split i: Int, output: Output) {
        splitWatermark[i] = Int64.max
        emitCombined(output)
    }

    /// Marks splits idle after the timeout; returns true when the combined watermark may advance.
    func checkIdle(now: Int64, output: Output) {
        guard let timeout = spec.idleTimeoutMillis else { return }
        var changed = false
        for i in active.indices where active[i] && now - lastActivity[i] >= timeout && splitWatermark[i] != Int64.max {
            active[i] = false
            changed = true
        }
        if changed { emitCombined(output) }
    }

    func emitCombined(_ output: Output) {
        var m = Int64.max
        var any = false
        for i in splitWatermark.indices where active[i] {
            any = true
            if splitWatermark[i] < m { m = splitWatermark[i] }
        }
        if !any && spec.idleTimeoutMillis != nil {
            var mx = Int64.min
            for w in splitWatermark where w != Int64.max && w > mx { mx = w }
            if mx > emitted { emitted = mx; output.emitWatermark(mx) }
            output.markIdle()
            return
        }
        guard any, m > emitted, m != Int64.max else { return }
        emitted = m
        output.emitWatermark(m)
    }
}
