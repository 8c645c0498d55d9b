/// The sending end of one edge in one upstream subtask: partitions rows over the receiving subtasks and
/// batches them.
final class EdgeWriter {
    struct Target {
        let queue: BlockingQueue<ChannelMessage>
        let channel: Int
    }

    enum Router {
        case single
        case rebalance
        case hash(KeySelector, maxParallelism: Int)
        case broadcast
    }

    let targets: [Target]
    let router: Router
    private var buffers: [Batch]
    private var next = 0
    let batchSize: Int
    /// Ingestion time of the rows being written now (stamped on a batch by its first row).
    var ingestMicros: Int64 = 0

    init(targets: [Target], router: Router, batchSize: Int) {
        self.targets = targets
        self.router = router
        self.batchSize = batchSize
        buffers = Array(repeating: Batch(), count: targets.count)
    }

    @inline(__always) func write(_ row: Row) {
        switch router {
        case .single: append(row, to: 0)
        case .rebalance:
            append(row, to: next)
            next += 1
            if next == targets.count { next = 0 }
        case let .hash(selector, maxPar):
            let kg = selector.keyGroup(row, maxParallelism: maxPar)
            append(row, to: KeyGroups.operatorIndex(keyGroup: kg, maxParallelism: maxPar, parallelism: targets.count))
        case .broadcast:
            for t in targets.indices { append(row, to: t) }
        }
    }

    @inline(__always) private func append(_ row: Row, to t: Int) {
        if buffers[t].rows.isEmpty {
            buffers[t].rows.reserveCapacity(batchSize)
            buffers[t].ingestMicros = ingestMicros
        }
        buffers[t].rows.append(row)
        if buffers[t].rows.count >= batchSize { flush(t) }
    }

    func watermark(_ ts: Int64) {
        for t in targets.indices {
            buffers[t].marks.append(Batch.Mark(position: Int32(buffers[t].rows.count), watermark: ts))
            if buffers[t].marks.count >= batchSize * 2 { flush(t) }
        }
    }

    func flush(_ t: Int) {
        guard !buffers[t].isEmpty else { return }
        let b = buffers[t]
        buffers[t] = Batch()
        targets[t].queue.push(.batch(channel: targets[t].channel, b))
    }

    func flushAll() { for t in targets.indices { flush(t) } }

    /// Sends everything buffered, then barrier `id` on every channel.
    func barrier(_ id: Int64) {
        flushAll()
        for t in targets { t.queue.push(.barrier(channel: t.channel, id: id)) }
    }

    func end() {
        flushAll()
        for t in targets { t.queue.push(.end(channel: t.channel)) }
    }
}
