import Dispatch
import Model
import Runtime
import Synchronization

/// The durability pipeline of a streaming produce. The request's thread appends each batch of records as
/// it arrives (written to the log files: kill -9 safe) and submits the batch here; an acknowledging
/// thread takes every batch waiting, makes the partitions they touched durable (one group-committed
/// fsync each) and only then emits their delivery reports, in order. While an fsync runs, arriving
/// batches accumulate, so the number of fsyncs adapts to the disk instead of capping throughput.
/// At most `maxWaiting` reports wait: beyond that `submit` blocks, which stops reading the request
/// (backpressure all the way to the client).
public final class KafkaProduceStream: Sendable {
    private struct State {
        var batches: [[KafkaProduceResult]] = []
        var logs: [PartitionLog] = []
        var waiting = 0
        var finished = false
        var closed = false
        var submitterBlocked = false
    }

    static let maxWaiting = 50_000
    private let state = Mutex(State())
    private let work = DispatchSemaphore(value: 0)
    private let space = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let emit: @Sendable ([KafkaProduceResult]) -> Bool

    /// `emit` writes reports to the client; false when it went away.
    init(emit: @escaping @Sendable ([KafkaProduceResult]) -> Bool) {
        self.emit = emit
        DispatchQueue.global().async { [self] in acknowledge() }
    }

    /// Hands over an appended batch; false once the client is gone (stop reading then).
    public func submit(_ batch: KafkaTopicProducer.PendingBatch) -> Bool {
        while true {
            let accepted = state.withLock { s -> Bool? in
                if s.closed { return false }
                if s.waiting >= Self.maxWaiting { s.submitterBlocked = true; return nil }
                s.batches.append(batch.results)
                s.waiting += batch.results.count
                for log in batch.logs where !s.logs.contains(where: { $0 === log }) { s.logs.append(log) }
                return true
            }
            if let accepted {
                if accepted { work.signal() }
                return accepted
            }
            space.wait()
        }
    }

    /// Waits until every submitted report has been emitted (or the client went away).
    public func finish() {
        state.withLock { $0.finished = true }
        work.signal()
        done.wait()
    }

    private func acknowledge() {
        while true {
            work.wait()
            let (batches, logs, closed) = state.withLock { s in
                defer { s.batches = []; s.logs = [] }
                return (s.batches, s.logs, s.closed)
            }
            var ok = !closed
            if ok && !batches.isEmpty {
                for log in logs { log.sync() }
                for b in batches where ok { ok = emit(b) }
            }
            let count = batches.reduce(0) { $0 + $1.count }
            let wake = state.withLock { s -> Bool in
                s.waiting -= count
                if !ok { s.closed = true }
                defer { s.submitterBlocked = false }
                return s.submitterBlocked
            }
            if wake { space.signal() }
            if state.withLock({ $0.finished && $0.batches.isEmpty }) {
                done.signal()
                return
            }
        }
    }
}
