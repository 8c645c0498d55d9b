import Dispatch
import Synchronization

/// Group commit: concurrent writers' transactions are run by one leader thread inside a single SQLite
/// transaction, each in its own savepoint (a failing one rolls back alone), and committed with one fsync.
/// Every caller returns only after the commit that contains its write, so durability is unchanged; the
/// cost of `synchronous=FULL` is shared by the batch.
extension Database {
    /// Writes and commits so far (a metric: writes per commit shows how well group commit batches).
    public var writeCounters: WriteCounters { counters.withLock { $0 } }

    static let maxBatchSize = 64
    static let maxBatchesPerLeader = 16

    func groupWrite<T: Sendable>(_ body: (Connection) throws -> T, afterCommit: (T) -> Void) throws -> T {
        let box = ResultBox<T>()
        return try withoutActuallyEscaping(body) { body in
            try withoutActuallyEscaping(afterCommit) { afterCommit in
                let pending = PendingWrite(body: { connection in box.value = try body(connection) },
                                           afterCommit: { afterCommit(box.value!) })
                var isLeader = commitQueue.withLock { queue -> Bool in
                    queue.pending.append(pending)
                    if queue.leaderActive { return false }
                    queue.leaderActive = true
                    return true
                }
                while true {
                    if isLeader {
                        drainAsLeader()
                        isLeader = false
                    }
                    pending.done.wait()
                    if pending.state == .completed { break }
                    // Promoted: the previous leader handed leadership over; our write is still queued.
                    pending.state = .waiting
                    isLeader = true
                }
                if let error = pending.error { throw error }
                return box.value!
            }
        }
    }

    /// Runs batches until the queue is empty (then steps down) or the leader has served its share (then
    /// hands leadership to the oldest waiting writer).
    private func drainAsLeader() {
        var batches = 0
        while true {
            let (batch, handOff) = commitQueue.withLock { queue -> ([PendingWrite], PendingWrite?) in
                if queue.pending.isEmpty {
                    queue.leaderActive = false
                    return ([], nil)
                }
                if batches >= Self.maxBatchesPerLeader {
                    let next = queue.pending[0]
                    next.state = .promoted
                    return ([], next)
                }
                let count = min(queue.pending.count, Self.maxBatchSize)
                let batch = Array(queue.pending.prefix(count))
                queue.pending.removeFirst(count)
                return (batch, nil)
            }
            if let handOff {
                handOff.done.signal()
                return
            }
            if batch.isEmpty { return }
            runBatch(batch)
            batches += 1
        }
    }

    private func runBatch(_ batch: [PendingWrite]) {
        writer.withLock { connection in
            guard let connection else {
                for write in batch { write.error = Self.closedError }
                return
            }
            do {
                try connection.control("BEGIN IMMEDIATE")
                for write in batch {
                    try connection.control("SAVEPOINT w")
                    do {
                        try write.body!(connection)
                        try connection.control("RELEASE w")
                    } catch {
                        write.error = error
                        // A statement error may have ended the whole transaction (e.g. SQLITE_FULL).
                        guard connection.isInTransaction else { throw error }
                        try connection.control("ROLLBACK TO w")
                        try connection.control("RELEASE w")
                    }
                }
                try connection.control("COMMIT")
                counters.withLock { $0.writes += batch.count; $0.commits += 1 }
                for write in batch where write.error == nil { write.afterCommit?() }
            } catch {
                if connection.isInTransaction { try? connection.control("ROLLBACK") }
                for write in batch where write.error == nil { write.error = error }
            }
        }
        for write in batch { write.complete() }
    }
}
