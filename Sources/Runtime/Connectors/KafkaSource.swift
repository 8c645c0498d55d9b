/// Source over a topic of the embedded cluster (`kafka` and `upsert-kafka` connectors). Partitions are
/// assigned round-robin to subtasks. Startup modes as Flink's `scan.startup.mode`. With `bounded`, each
/// partition is read up to its end offset at start (Flink's `scan.bounded.mode = latest-offset`), else the
/// source idles at the end and picks up new records. In upsert mode a null value (tombstone) becomes a
/// `-D` row carrying only the key fields, other values `+U`... as Flink's upsert source emits them.
public final class KafkaSource: SourceReader {
    public enum StartupMode: Sendable, Hashable {
        case earliest
        case latest
        case groupOffsets(group: String, fallbackEarliest: Bool)
        case timestamp(Int64)
        case specificOffsets([Int: Int64])
    }

    public struct Options: Sendable {
        public var topic: String
        public var startup: StartupMode = .earliest
        public var bounded = false
        public var value: KafkaFormat?
        public var key: KafkaFormat?
        public var width: Int
        public var upsert = false
        /// Column receiving the record timestamp (`METADATA FROM 'timestamp'`), as TIMESTAMP_LTZ(3).
        public var timestampColumn: Int?
        /// Per-partition watermarks generated in the source (min over the subtask's partitions).
        public var watermark: WatermarkSpec?
        /// Consumer group (`properties.group.id`) whose offsets the source commits (on checkpoint completion
        /// when the job checkpoints, as it reads otherwise).
        public var group: String?
        public init(topic: String, width: Int, value: KafkaFormat?) {
            self.topic = topic
            self.width = width
            self.value = value
        }
    }

    let store: TopicStore
    let options: Options
    let subtask: Int
    let parallelism: Int
    var partitions: [Int] = []
    var positions: [Int64] = []
    var stops: [Int64] = []
    var current = 0
    let buffer = ReadBuffer()
    var topic: Topic?
    var watermarks: SplitWatermarks?
    var clock: any RuntimeClock = SystemClock()
    var openedAt: Int64 = 0
    /// Where read positions and committed offsets are published (consumer lag).
    var progress: SubtaskMetrics?
    /// Offsets are committed when a checkpoint completes (else as they are read).
    var commitOnCheckpoint = false
    /// Positions captured by checkpoints not yet known complete, oldest first.
    var pendingCommits: [(checkpoint: Int64, positions: [Int64])] = []
    /// Woken by appends to the assigned partitions while the subtask sleeps idle.
    var wakeup: IdleWakeup?

    public init(store: TopicStore, options: Options, subtask: Int, parallelism: Int) {
        self.store = store
        self.options = options
        self.subtask = subtask
        self.parallelism = parallelism
    }

    public func open(_ context: OperatorContext) throws {
        guard let topic = store.topic(options.topic) else {
            throw RuntimeError(code: "unknown_topic", detail: "Topic \(options.topic) not present in metadata after 60000 ms.")
        }
        self.topic = topic
        partitions = assignedSplits(count: topic.partitionCount, subtask: subtask, parallelism: parallelism)
        positions = partitions.map { p in
            let log = topic.partitions[p]
            switch options.startup {
            case .earliest: return 0
            case .latest: return log.endOffset
            case let .groupOffsets(group, fallback):
                return store.committedOffset(group: group, topic: options.topic, partition: p) ?? (fallback ? 0 : log.endOffset)
            case let .timestamp(ts): return log.offset(forTimestamp: ts)
            case let .specificOffsets(m): return m[p] ?? 0
            }
        }
        stops = options.bounded ? partitions.map { topic.partitions[$0].endOffset } : partitions.map { _ in Int64.max }
        wakeup = context.wakeup
        for p in partitions { topic.partitions[p].addListener(context.wakeup) }
        clock = context.clock
        openedAt = clock.nowMillis()
        progress = context.metrics
        commitOnCheckpoint = context.checkpointing
        // Until a checkpoint commits, the committed offset is where the source starts.
        context.metrics.registerPartitions(partitions.indices.map { i in
            SourcePartitionPosition(topic: options.topic, partition: partitions[i], position: positions[i],
                                    committed: positions[i], log: topic.partitions[partitions[i]])
        })
        if let spec = options.watermark {
            let w = SplitWatermarks(spec: spec, splits: partitions.count)
            let now = clock.nowMillis()
            for i in partitions.indices { w.markActive(i, now: now) }
            watermarks = w
        }
    }

    public var wakesOnData: Bool { true }

    public func close() {
        guard let topic, let wakeup else { return }
        for p in partitions { topic.partitions[p].removeListener(wakeup) }
        self.wakeup = nil
    }

    public func poll(output: Output) throws -> SourceStatus {
        guard let topic, !partitions.isEmpty else {
            watermarks?.checkNoSplits(startedAt: openedAt, now: clock.nowMillis(), output: output)
            return options.bounded ? .finished : .idle
        }
        var emitted = 0
        var scanned = 0
        var values = [Value](repeating: .null, count: options.width)
        // Fast path: the JSON value carries every column in order (no key, no metadata, not upsert).
        let direct = options.key == nil && options.timestampColumn == nil && !options.upsert
            && options.value?.kind == .json && options.value?.positions == Array(0..<options.width)
        while scanned < partitions.count && emitted == 0 {
            let i = current
            current = (current + 1) % partitions.count
            scanned += 1
            if positions[i] >= stops[i] {
                if let w = watermarks, w.splitWatermark[i] != Int64.max { w.finish(split: i, output: output) }
                continue
            }
            let log = topic.partitions[partitions[i]]
            let before = emitted
            positions[i] = try log.read(from: positions[i], maxBytes: 256 << 10, limit: stops[i], buffer: buffer) { r in
                if direct, let vb = r.value, let value = options.value {
                    let row = try value.json.decode(vb.bindMemory(to: UInt8.self))
                    output.emit(row)
                    emitted += 1
                    if let w = watermarks { try w.observe(row, split: i, output: output) }
                    return
                }
                for k in values.indices { values[k] = .null }
                var kind = RowKind.insert
                if let key = options.key, let kb = r.key { try key.decode(kb, into: &values) }
                if let vb = r.value {
                    if let value = options.value { try value.decode(vb, into: &values) }
                    if options.upsert { kind = .updateAfter }
                } else if options.upsert {
                    kind = .delete
                } else {
                    return  // a null value in a plain kafka source is skipped
                }
                if let t = options.timestampColumn { values[t] = .timestamp(r.timestamp * 1000) }
                let row = Row(values, kind: kind)
                output.emit(row)
                emitted += 1
                if let w = watermarks { try w.observe(row, split: i, output: output) }
            }
            progress?.updatePosition(i, offset: positions[i])
            if !commitOnCheckpoint { commit(i, positions[i]) }
            if emitted > before, let w = watermarks { w.markActive(i, now: clock.nowMillis()) }
        }
        if emitted > 0 { return .more }
        if let w = watermarks {
            for i in partitions.indices where positions[i] >= stops[i] && w.splitWatermark[i] != Int64.max {
                w.finish(split: i, output: output)
            }
            w.checkIdle(now: clock.nowMillis(), output: output)
        }
        if options.bounded && zip(positions, stops).allSatisfy({ $0 >= $1 }) { return .finished }
        return .idle
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        for (i, p) in partitions.enumerated() { s.operatorState.append(.row([.int(Int64(p)), .int(positions[i])])) }
        return s
    }

    public func snapshotState(checkpointId: Int64) throws -> OperatorSnapshot {
        if commitOnCheckpoint { pendingCommits.append((checkpointId, positions)) }
        return try snapshotState()
    }

    /// Checkpoint `checkpointId` completed: commits the offsets of the latest checkpoint it covers, like
    /// Flink's Kafka source (`commit.offsets.on.checkpoint`); consumer lag is measured from them.
    public func notifyCheckpointComplete(_ checkpointId: Int64) throws {
        guard let last = pendingCommits.lastIndex(where: { $0.checkpoint <= checkpointId }) else { return }
        let done = pendingCommits[last]
        pendingCommits.removeFirst(last + 1)
        for i in done.positions.indices { commit(i, done.positions[i]) }
    }

    private func commit(_ i: Int, _ offset: Int64) {
        progress?.updateCommitted(i, offset: offset)
        if let group = options.group {
            store.commitOffset(group: group, topic: options.topic, partition: partitions[i], offset: offset)
        }
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        for v in snapshot.operatorState {
            if case let .row(pair) = v, case let .int(p) = pair[0], case let .int(o) = pair[1],
               let i = partitions.firstIndex(of: Int(p)) {
                positions[i] = o
                progress?.updatePosition(i, offset: o)
                progress?.updateCommitted(i, offset: o)   // the restored checkpoint committed these
            }
        }
    }
}
