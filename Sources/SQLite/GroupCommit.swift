import Dispatch
import Synchronization

/// One caller's write, waiting for a group-commit leader to run it. The caller blocks on `done` until the
/// leader has finished with it, so the fields are never touched by two threads at once (the semaphore
/// orders the accesses; hence `@unchecked Sendable`).
final class PendingWrite: @unchecked Sendable {
    enum State { case waiting, promoted, completed }

    /// Runs the caller's closure (storing its result with the caller); dropped before `done` is signalled.
    var body: ((Connection) throws -> Void)?
    /// Runs the caller's `afterCommit`; dropped before `done` is signalled.
    var afterCommit: (() -> Void)?
    var error: (any Error)?
    var state = State.waiting
    let done = DispatchSemaphore(value: 0)

    init(body: @escaping (Connection) throws -> Void, afterCommit: @escaping () -> Void) {
        self.body = body
        self.afterCommit = afterCommit
    }

    func complete() {
        body = nil
        afterCommit = nil
        state = .completed
        done.signal()
    }
}

/// How many writes ran and in how many commits (group commit makes `commits` < `writes` under load).
public struct WriteCounters: Sendable, Equatable {
    public var writes = 0
    public var commits = 0
}

/// Writes waiting for a leader, and whether one is active.
struct CommitQueue {
    var pending: [PendingWrite] = []
    var leaderActive = false
}

/// Holds a caller's result while the leader runs its closure.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

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
