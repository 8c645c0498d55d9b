import Dispatch
import Foundation
import SQLite
import Synchronization
import Testing

@Suite struct GroupCommitTests {
    struct Refused: Error {}

    /// Concurrent writes share commits; a write that throws rolls back alone, the others are all kept.
    @Test func failingWritesRollBackAloneUnderConcurrency() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("group.db"))
        try db.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL)") }
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            for i in 0..<50 {
                let id = Int64(worker * 1000 + i)
                do {
                    try db.write { c in
                        try c.run("INSERT INTO t(id, worker) VALUES(?, ?)", [.integer(id), .integer(Int64(worker))])
                        if i % 5 == 0 { throw Refused() }
                    }
                } catch is Refused {
                    failures.add(1, ordering: .relaxed)
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 16 * 10)
        let counters = db.writeCounters
        #expect(counters.writes == 1 + 16 * 50)
        #expect(counters.commits <= counters.writes)
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == 16 * 40)
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t WHERE id % 1000 % 5 = 0") } == 0)
        db.close()
    }

    /// `afterCommit` runs in commit order: the values it sees increase strictly.
    @Test func afterCommitRunsInCommitOrder() throws {
        let db = try Database(path: ":memory:")
        try db.write { try $0.execute("CREATE TABLE c (n INTEGER NOT NULL); INSERT INTO c VALUES (0)") }
        let seen = Mutex<[Int64]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 {
                _ = try? db.write({ c -> Int64 in
                    try c.run("UPDATE c SET n = n + 1")
                    return try c.scalarInt("SELECT n FROM c") ?? -1
                }, afterCommit: { n in seen.withLock { $0.append(n) } })
            }
        }
        let values = seen.withLock { $0 }
        #expect(values == Array(1...400))
    }

    /// Many more writer threads than cores: commits are shared.
    @Test func concurrentWritersShareCommits() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("share.db"))
        try db.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)") }
        let group = DispatchGroup()
        for worker in 0..<24 {
            group.enter()
            Thread {
                for i in 0..<20 { try? db.write { try $0.run("INSERT INTO t(id) VALUES(?)", [.integer(Int64(worker * 100 + i))]) } }
                group.leave()
            }.start()
        }
        group.wait()
        let counters = db.writeCounters
        #expect(counters.writes == 1 + 24 * 20)
        #expect(counters.commits < counters.writes)
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == 480)
        db.close()
    }

    /// A write's changes are visible to readers once `write` returns.
    @Test func writesAreVisibleWhenWriteReturns() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("visible.db"))
        try db.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)") }
        let misses = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<30 {
                let id = Int64(worker * 100 + i)
                try? db.write { try $0.run("INSERT INTO t(id) VALUES(?)", [.integer(id)]) }
                let found = (try? db.read { try $0.scalarInt("SELECT count(*) FROM t WHERE id = ?", [.integer(id)]) }) ?? nil
                if found != 1 { misses.add(1, ordering: .relaxed) }
            }
        }
        #expect(misses.load(ordering: .relaxed) == 0)
        db.close()
    }
}
