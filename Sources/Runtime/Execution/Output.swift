/// Where an operator or source sends its results. Rows and watermarks keep their relative order on every
/// outgoing channel. Only watermarks that advance are forwarded.
public final class Output {
    var writers: [EdgeWriter]
    /// The last watermark emitted.
    public private(set) var currentWatermark: Int64 = Int64.min
    var emitted: Int64 = 0
    /// Optional tap that receives every emitted row (used by tests and chained sinks).
    var tap: ((Row) -> Void)?

    /// Chained downstream operator (same thread) and its output.
    var next: (any StreamOperator, Output)?
    /// First error raised by a chained operator (emit cannot throw); the subtask loop rethrows it.
    var chainError: (any Error)?

    init(writers: [EdgeWriter]) { self.writers = writers }

    /// An output that only collects rows into memory (for unit-testing operators without a runner).
    public static func collecting() -> (Output, RowBuffer) {
        let buffer = RowBuffer()
        let o = Output(writers: [])
        o.tap = { buffer.rows.append($0) }
        return (o, buffer)
    }

    /// True after `markIdle()` until the next row or watermark.
    public private(set) var isIdle = false

    /// Declares this output idle (Flink's idle stream status): receivers leave it out of their minimum
    /// watermark until it emits again.
    public func markIdle() {
        guard !isIdle else { return }
        isIdle = true
        for w in writers { w.watermark(Batch.idleMarker) }
        next?.1.markIdle()
    }

    @inline(__always) public func emit(_ row: Row) {
        isIdle = false
        emitted &+= 1
        for w in writers { w.write(row) }
        if let (op, out) = next, chainError == nil {
            do { try op.processElement(row, input: 0, output: out) } catch { chainError = error }
        }
        tap?(row)
    }

    /// Throws the first error of a chained operator, if any (also from further down the chain).
    func checkChain() throws {
        if let e = chainError { throw e }
        if let (_, out) = next { try out.checkChain() }
    }

    public func emitWatermark(_ ts: Int64) {
        guard ts > currentWatermark else {
            if isIdle && ts == currentWatermark && ts != Int64.min {
                isIdle = false
                for w in writers { w.watermark(ts) }
            }
            return
        }
        isIdle = false
        currentWatermark = ts
        for w in writers { w.watermark(ts) }
        if let (op, out) = next, chainError == nil {
            do { try op.processWatermark(ts, output: out) } catch { chainError = error }
        }
    }

    /// Sends buffered batches on; chained operators flush their own buffers (`flushBuffers`) too.
    func flush() {
        for w in writers { w.flushAll() }
        guard let (op, out) = next else { return }
        if chainError == nil {
            do { try op.flushBuffers() } catch { chainError = error }
        }
        out.flush()
    }

    func end() { for w in writers { w.end() } }

    /// Flushes and sends checkpoint barrier `id` on this output's channels (not into chained operators:
    /// their outputs get the barrier from the subtask's checkpoint step).
    func emitBarrier(_ id: Int64) { for w in writers { w.barrier(id) } }

    /// Ingestion time (µs, monotonic) of the rows emitted from now on, down the chain.
    func setIngest(_ micros: Int64) {
        for w in writers { w.ingestMicros = micros }
        next?.1.setIngest(micros)
    }

    /// True when rows emitted here go nowhere further (the end of a sink chain).
    var isTerminal: Bool {
        if let (_, out) = next { return out.isTerminal }
        return writers.isEmpty && tap == nil
    }
}

/// Rows gathered by `Output.collecting()`.
public final class RowBuffer {
    public var rows: [Row] = []
}
