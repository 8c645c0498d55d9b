/// Where an operator or source sends its results. Rows and watermarks keep their relative order on every
/// outgoing channel. Only watermarks that advance are forwarded.
public final class Output {
    var writers: [EdgeWriter]
    /// The last watermark emitted.
    public private(set) var currentWatermark: Int64 = Int64.min
    var emitted: Int64 = 0
    /// Optional tap that receives every emitted row (used by tests and chained sinks).
    var tap: ((Row) -> Void)?

    init(writers: [EdgeWriter]) { self.writers = writers }

    /// An output that only collects rows into memory (for unit-testing operators without a runner).
    public static func collecting() -> (Output, RowBuffer) {
        let buffer = RowBuffer()
        let o = Output(writers: [])
        o.tap = { buffer.rows.append($0) }
        return (o, buffer)
    }

    @inline(__always) public func emit(_ row: Row) {
        emitted &+= 1
        for w in writers { w.write(row) }
        tap?(row)
    }

    public func emitWatermark(_ ts: Int64) {
        guard ts > currentWatermark else { return }
        currentWatermark = ts
        for w in writers { w.watermark(ts) }
    }

    func flush() { for w in writers { w.flushAll() } }
    func end() { for w in writers { w.end() } }
}

/// Rows gathered by `Output.collecting()`.
public final class RowBuffer {
    public var rows: [Row] = []
}
