/// Emits watermark = max event time seen − `delayMillis` after every row (Flink with
/// `pipeline.auto-watermark-interval = 0`). Upstream watermarks are ignored except end of input.
/// `rowtime` evaluates the event time column (a `.timestamp` in microseconds); NULL rowtimes are
/// passed through without advancing time. With `idleTimeoutMillis`, a subtask that saw no row for that
/// long while its input is open does not hold back downstream watermarks (it emits the maximum it has).
public final class WatermarkAssigner: StreamOperator {
    let rowtime: Expression
    let delayMillis: Int64
    var maxSeen = Int64.min

    public init(rowtime: @escaping Expression, delayMillis: Int64) {
        self.rowtime = rowtime
        self.delayMillis = delayMillis
    }

    /// Convenience: event time is column `index`.
    public convenience init(rowtimeIndex index: Int, delayMillis: Int64) {
        self.init(rowtime: { $0.values[index] }, delayMillis: delayMillis)
    }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        output.emit(row)
        if case let .timestamp(us) = try rowtime(row) {
            let ms = TimeMath.floorDiv(us, 1000)
            if ms > maxSeen {
                maxSeen = ms
                output.emitWatermark(ms &- delayMillis)
            }
        }
    }

    public func processWatermark(_ watermark: Int64, output: Output) throws {
        if watermark == Int64.max { output.emitWatermark(watermark) }
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        s.operatorState = [.int(maxSeen)]
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        if case let .int(m)? = snapshot.operatorState.first { maxSeen = m }
    }
}

public enum TimeMath {
    @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inlinable public static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        let m = a % b
        return (m != 0 && (m < 0) != (b < 0)) ? m + b : m
    }

    /// Event time of a value in milliseconds (TIMESTAMP is stored in microseconds).
    @inlinable public static func millis(_ v: Value) -> Int64? {
        if case let .timestamp(us) = v { return floorDiv(us, 1000) }
        return nil
    }
}
