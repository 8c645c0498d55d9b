/// A sink subtask. `write` receives every row (with its kind); `prepareCommit` is called when a checkpoint
/// barrier passes (two-phase commit: flush and pre-commit pending output, return a transaction handle) and
/// `commit` when that checkpoint completed; `finish` at end of input (bounded jobs commit what is pending).
public protocol SinkFunction: AnyObject {
    func open(_ context: OperatorContext) throws
    func write(_ row: Row) throws
    func prepareCommit(checkpointId: Int64) throws -> [Value]
    func commit(_ handles: [Value]) throws
    func finish() throws
    /// Nothing more is waiting right now: make buffered rows visible unless they wait for a commit.
    func flushBuffers() throws
    func close()
}

extension SinkFunction {
    public func open(_ context: OperatorContext) throws {}
    public func prepareCommit(checkpointId: Int64) throws -> [Value] { [] }
    public func commit(_ handles: [Value]) throws {}
    public func finish() throws {}
    public func flushBuffers() throws {}
    public func close() {}
}

/// Runs a `SinkFunction` as the last operator of a graph.
public final class SinkOperator: StreamOperator {
    let sink: any SinkFunction
    public init(_ sink: any SinkFunction) { self.sink = sink }
    public func open(_ context: OperatorContext) throws { try sink.open(context) }
    public func processElement(_ row: Row, input: Int, output: Output) throws { try sink.write(row) }
    public func processWatermark(_ watermark: Int64, output: Output) throws {}
    public func finish(output: Output) throws { try sink.finish() }
    public func flushBuffers() throws { try sink.flushBuffers() }
    public func close() { sink.close() }
}

/// Discards everything (`blackhole` connector).
public final class BlackholeSink: SinkFunction {
    public init() {}
    public func write(_ row: Row) throws {}
}

/// Formats rows like Flink's `print` connector (`+I[a, 1]`, prefixed `n> ` when parallelism > 1 and by
/// `print-identifier`), and hands each line to `emit` (the job's log).
public final class PrintSink: SinkFunction {
    let identifier: String?
    let emit: @Sendable (String) -> Void
    var prefix = ""

    public init(identifier: String? = nil, emit: @escaping @Sendable (String) -> Void) {
        self.identifier = identifier
        self.emit = emit
    }

    public func open(_ context: OperatorContext) throws {
        var p = identifier.map { $0 + ":" } ?? ""
        if context.info.parallelism > 1 { p += "\(context.info.subtaskIndex + 1)> " } else if !p.isEmpty { p += " " }
        prefix = p
    }

    public func write(_ row: Row) throws {
        emit(prefix + row.kind.shortString + "[" + row.values.map(ValueText.print).joined(separator: ", ") + "]")
    }
}
