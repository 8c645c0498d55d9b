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

/// Runs a `SinkFunction` as the last operator of a graph, with two-phase commit over checkpoints:
/// at a barrier the sink pre-commits (`prepareCommit`) and the returned handles join the operator's
/// state; when the checkpoint completes they are committed, oldest first. Restored handles belong to a
/// completed checkpoint, so they are committed again on restore (sinks commit idempotently); after a
/// rescale each handle is committed by exactly one new subtask (old subtask index mod new parallelism).
public final class SinkOperator: StreamOperator {
    let sink: any SinkFunction
    var pending: [(id: Int64, handles: [Value])] = []
    var info = SubtaskInfo(subtaskIndex: 0, parallelism: 1)
    public init(_ sink: any SinkFunction) { self.sink = sink }
    public func open(_ context: OperatorContext) throws {
        info = context.info
        try sink.open(context)
    }
    public func processElement(_ row: Row, input: Int, output: Output) throws { try sink.write(row) }
    public func processWatermark(_ watermark: Int64, output: Output) throws {}
    public func finish(output: Output) throws {
        try commitPending(upTo: Int64.max)
        try sink.finish()
    }
    public func flushBuffers() throws { try sink.flushBuffers() }
    public func close() { sink.close() }

    public func prepareSnapshotPreBarrier(checkpointId: Int64) throws {
        pending.append((checkpointId, try sink.prepareCommit(checkpointId: checkpointId)))
    }

    public func notifyCheckpointComplete(_ checkpointId: Int64) throws { try commitPending(upTo: checkpointId) }

    func commitPending(upTo id: Int64) throws {
        while let first = pending.first, first.id <= id {
            if !first.handles.isEmpty { try sink.commit(first.handles) }
            pending.removeFirst()
        }
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        for p in pending where !p.handles.isEmpty {
            s.operatorState.append(.row([.int(p.id), .int(Int64(info.subtaskIndex)), .array(p.handles)]))
        }
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        var restored: [(Int64, [Value])] = []
        for v in snapshot.operatorState {
            guard case let .row(f) = v, f.count == 3, case let .int(id) = f[0], case let .int(owner) = f[1],
                  case let .array(handles) = f[2] else { continue }
            if Int(owner) % max(1, info.parallelism) == info.subtaskIndex { restored.append((id, handles)) }
        }
        for (_, handles) in restored.sorted(by: { $0.0 < $1.0 }) { try sink.commit(handles) }
    }
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
