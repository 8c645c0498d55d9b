/// A (possibly stateful) operator. One instance per subtask, used only from that subtask's thread.
///
/// Lifecycle: `open` → any number of `processElement` / `processWatermark` → `endInput` per input →
/// `finish` → `close`. Rows go downstream through `output.emit`, watermarks through `output.emitWatermark`
/// (the default `processWatermark` forwards the watermark unchanged). Watermarks are milliseconds;
/// `Int64.max` means every input has ended.
///
/// State: every stateful operator keeps its keyed state in `KeyedState` and returns it from
/// `snapshotState()` grouped by key group; `restoreState` receives the entries of the key groups this
/// subtask owns (possibly produced by a different parallelism).
public protocol StreamOperator: AnyObject {
    func open(_ context: OperatorContext) throws
    func processElement(_ row: Row, input: Int, output: Output) throws
    func processWatermark(_ watermark: Int64, output: Output) throws
    func endInput(_ input: Int, output: Output) throws
    func finish(output: Output) throws
    /// Called when the operator's input has nothing waiting (its subtask is about to block or idle):
    /// hand on what is buffered (a sink's pending records, like a Kafka producer's linger).
    func flushBuffers() throws
    func snapshotState() throws -> OperatorSnapshot
    func restoreState(_ snapshot: OperatorSnapshot) throws
    /// Checkpoint `checkpointId`'s barrier is about to pass (before the snapshot): two-phase-commit sinks
    /// pre-commit here.
    func prepareSnapshotPreBarrier(checkpointId: Int64) throws
    /// Captures the state now and returns a function that builds the snapshot, run on another thread
    /// while the operator goes on (operators whose state is a copy-on-write value capture it cheaply).
    func snapshotStateAsync() throws -> @Sendable () throws -> OperatorSnapshot
    /// Checkpoint `checkpointId` (and every earlier one) completed and is recorded: sinks commit.
    func notifyCheckpointComplete(_ checkpointId: Int64) throws
    /// True when `restoreState` reads `OperatorSnapshot.encoded` itself (else restored key groups are
    /// decoded into `keyGroups` entries first).
    var restoresEncodedState: Bool { get }
    func close()
}

extension StreamOperator {
    public func open(_ context: OperatorContext) throws {}
    public func processWatermark(_ watermark: Int64, output: Output) throws { output.emitWatermark(watermark) }
    public func endInput(_ input: Int, output: Output) throws {}
    public func finish(output: Output) throws {}
    public func flushBuffers() throws {}
    public func snapshotState() throws -> OperatorSnapshot { OperatorSnapshot() }
    public func restoreState(_ snapshot: OperatorSnapshot) throws {}
    public func prepareSnapshotPreBarrier(checkpointId: Int64) throws {}
    public func snapshotStateAsync() throws -> @Sendable () throws -> OperatorSnapshot {
        let s = try snapshotState()
        return { s }
    }
    public func notifyCheckpointComplete(_ checkpointId: Int64) throws {}
    public var restoresEncodedState: Bool { false }
    public func close() {}
}

/// What an operator sees of its environment.
public final class OperatorContext: @unchecked Sendable {
    public let info: SubtaskInfo
    /// This subtask's counters.
    public let metrics: SubtaskMetrics
    public let clock: any RuntimeClock
    /// True when the job takes checkpoints (sources then commit their offsets when a checkpoint completes,
    /// as Flink's Kafka source does; without checkpoints they commit as they read, like auto-commit).
    public let checkpointing: Bool
    /// Wakes the subtask from an idle sleep (a source's input arrived, or the runner needs it).
    public let wakeup = IdleWakeup()

    public init(info: SubtaskInfo, metrics: SubtaskMetrics = SubtaskMetrics(), clock: any RuntimeClock = SystemClock(),
                checkpointing: Bool = false) {
        self.info = info
        self.metrics = metrics
        self.clock = clock
        self.checkpointing = checkpointing
    }
}

/// A state snapshot of one operator subtask: keyed entries per key group plus operator (non-keyed) state
/// such as source offsets.
public struct OperatorSnapshot: Sendable {
    public struct Entry: Sendable {
        public var key: [Value]
        public var value: any Sendable
        public init(key: [Value], value: any Sendable) { self.key = key; self.value = value }
    }
    public var keyGroups: [Int: [Entry]] = [:]
    /// Key groups already in the file's binary entry format (written by operators that encode their own
    /// state, or kept encoded when read for an operator that `restoresEncodedState`).
    public var encoded: [EncodedKeyGroup] = []
    public var operatorState: [Value] = []
    public init() {}

    /// Adds another subtask's snapshot (restoring into a different parallelism reads them all).
    public mutating func merge(_ other: OperatorSnapshot) {
        for (kg, list) in other.keyGroups { keyGroups[kg, default: []] += list }
        encoded += other.encoded
        operatorState += other.operatorState
    }

    /// Decodes the encoded key groups into `keyGroups` entries.
    public mutating func decodeEncoded() throws {
        for g in encoded { keyGroups[g.keyGroup, default: []] += try g.entries() }
        encoded = []
    }

    public var entryCount: Int { keyGroups.values.reduce(0) { $0 + $1.count } + encoded.reduce(0) { $0 + $1.count } }
}
