import Foundation
import Synchronization
import Testing
@testable import SQLite

@Suite struct ReaderPoolTests {
    /// Runs `body` with a pool of `capacity` slots and a function opening read-only connections to a fresh
    /// database file.
    func withPool(capacity: Int, _ body: (ReaderPool, @escaping () throws -> Connection) throws -> Void) throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("pool.db"))
        try db.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)") }
        db.close()
        try body(ReaderPool(capacity: capacity)) {
            try Connection(path: dir.file("pool.db"), readOnly: true, busyTimeoutMillis: 1_000)
        }
    }

    @Test func aReleasedConnectionIsReusedAndHeldOnesAreNotShared() throws {
        try withPool(capacity: 2) { pool, open in
            let first = try pool.acquire(open: open)
            let second = try pool.acquire(open: open)
            #expect(first.slot == 0 && second.slot == 1)
            #expect(first.connection !== second.connection)
            let overflow = try pool.acquire(open: open)
            #expect(overflow.slot == nil)
            pool.release(overflow, keep: true)
            pool.release(first, keep: true)
            let again = try pool.acquire(open: open)
            #expect(again.slot == 0 && again.connection === first.connection)
            #expect(pool.opened == 3)
            pool.release(again, keep: false)
            pool.release(second, keep: true)
            let reopened = try pool.acquire(open: open)
            #expect(reopened.slot == 0 && reopened.connection !== first.connection)
            #expect(pool.opened == 4)
        }
    }

    @Test func aFailedOpenFreesTheSlot() throws {
        struct Refused: Error {}
        try withPool(capacity: 1) { pool, open in
            #expect(throws: Refused.self) { try pool.acquire(open: { throw Refused() }) }
            let lease = try pool.acquire(open: open)
            #expect(lease.slot == 0)
        }
    }

    @Test func closeIdleDropsIdleConnections() throws {
        try withPool(capacity: 2) { pool, open in
            let lease = try pool.acquire(open: open)
            pool.release(lease, keep: true)
            pool.closeIdle()
            let after = try pool.acquire(open: open)
            #expect(after.connection !== lease.connection)
            #expect(pool.opened == 2)
        }
    }

    /// 32 threads reading at once open at most 32 connections, and no more while they keep reading (the old
    /// pool kept 8 idle and opened and closed a connection for every read beyond them).
    @Test func concurrentReadersOpenNoMoreConnectionsThanRunAtOnce() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("readers.db"))
        try db.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)") }
        let threads = 32
        let failures = Atomic<Int>(0)
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            Thread.detachNewThread {
                for _ in 0..<200 {
                    do { _ = try db.read { try $0.scalarInt("SELECT count(*) FROM t") } }
                    catch { failures.add(1, ordering: .relaxed) }
                }
                done.leave()
            }
        }
        done.wait()
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(db.readerConnectionsOpened <= threads)
        db.close()
        #expect(throws: SQLiteError.self) { try db.read { try $0.scalarInt("SELECT 1") } }
    }
}
