import Foundation
import SQLite
import Testing

@Suite struct DatabaseTests {
    struct Boom: Error {}

    func makeTable(_ db: Database) throws {
        try db.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB, score REAL)") }
    }

    @Test func bindsAndReadsEveryType() throws {
        let db = try Database(path: ":memory:")
        try makeTable(db)
        try db.write { c in
            try c.run("INSERT INTO t(id, name, data, score) VALUES(?,?,?,?)",
                      [.integer(7), .text("héllo\u{0}x"), .blob([1, 2, 3]), .real(2.5)])
            try c.run("INSERT INTO t(id, name, data, score) VALUES(?,?,?,?)", [.integer(8), .text(""), .null, .null])
        }
        let rows = try db.read { c in
            try c.query("SELECT id, name, data, score FROM t ORDER BY id") { row in
                [row.value(0), row.value(1), row.value(2), row.value(3)]
            }
        }
        #expect(rows[0] == [.integer(7), .text("héllo\u{0}x"), .blob([1, 2, 3]), .real(2.5)])
        #expect(rows[1] == [.integer(8), .text(""), .null, .null])
    }

    @Test func statementsAreCachedBySQLText() throws {
        let db = try Database(path: ":memory:")
        try db.withWriter { c in
            let a = try c.prepare("SELECT 1")
            let b = try c.prepare("SELECT 1")
            #expect(a === b)
            #expect(try c.prepare("SELECT 2") !== a)
        }
    }

    @Test func transactionCommitsOnReturn() throws {
        let db = try Database(path: ":memory:")
        try makeTable(db)
        try db.transaction { try $0.run("INSERT INTO t(id, name) VALUES(1, 'a')") }
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == 1)
    }

    @Test func transactionRollsBackOnThrow() throws {
        let db = try Database(path: ":memory:")
        try makeTable(db)
        #expect(throws: Boom.self) {
            try db.transaction { c in
                try c.run("INSERT INTO t(id, name) VALUES(1, 'a')")
                throw Boom()
            }
        }
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == 0)
        // The connection is usable afterwards (no transaction left open).
        try db.transaction { try $0.run("INSERT INTO t(id, name) VALUES(2, 'b')") }
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == 1)
    }

    @Test func sqliteErrorCarriesCodeMessageAndSQL() throws {
        let db = try Database(path: ":memory:")
        try makeTable(db)
        do {
            try db.write { try $0.run("INSERT INTO t(id, name) VALUES(1, NULL)") }
            Issue.record("expected a constraint error")
        } catch let error as SQLiteError {
            #expect(error.isConstraintViolation)
            #expect(error.message.contains("NOT NULL"))
            #expect(error.sql == "INSERT INTO t(id, name) VALUES(1, NULL)")
        }
        do {
            try db.write { _ = try $0.prepare("SELEC nonsense") }
            Issue.record("expected a syntax error")
        } catch let error as SQLiteError {
            #expect(error.primaryCode == 1)
            #expect(error.sql == "SELEC nonsense")
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let db = try Database(path: ":memory:")
        try db.write { c in
            try c.execute("CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (pid TEXT REFERENCES p(id))")
        }
        #expect(throws: SQLiteError.self) { try db.write { try $0.run("INSERT INTO c VALUES('missing')") } }
    }

    @Test func fileDatabaseUsesWALAndFullSync() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("a.db"))
        let settings = try db.withWriter { c in
            (try c.scalarText("PRAGMA journal_mode"), try c.scalarInt("PRAGMA synchronous"), try c.scalarInt("PRAGMA foreign_keys"))
        }
        #expect(settings.0 == "wal")
        #expect(settings.1 == 2)
        #expect(settings.2 == 1)
        db.close()
    }

    @Test func reopenAfterCloseKeepsData() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("keep.db")
        do {
            let db = try Database(path: path)
            try makeTable(db)
            for i in 1...50 { try db.write { try $0.run("INSERT INTO t(id, name) VALUES(?, ?)", [.integer(Int64(i)), .text("n\(i)")]) } }
            db.close()
            #expect(throws: SQLiteError.self) { try db.read { try $0.scalarInt("SELECT 1") } }
        }
        let reopened = try Database(path: path)
        #expect(try reopened.read { try $0.scalarInt("SELECT count(*) FROM t") } == 50)
        #expect(try reopened.read { try $0.scalarText("SELECT name FROM t WHERE id = 50") } == "n50")
        #expect(try reopened.integrityCheck() == "ok")
        reopened.close()
    }

    /// A crash leaves the database and its WAL as they were at the last commit: copying both files while the
    /// database is still open (no checkpoint, no close) and opening the copy finds every committed row.
    @Test func committedWritesSurviveWithoutCloseOrCheckpoint() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("crash.db"))
        try makeTable(db)
        for i in 1...100 { try db.write { try $0.run("INSERT INTO t(id, name) VALUES(?, 'x')", [.integer(Int64(i))]) } }
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir.file("crash.db-wal")))
        try fm.createDirectory(atPath: dir.file("copy"), withIntermediateDirectories: true)
        for suffix in ["", "-wal"] {
            try fm.copyItem(atPath: dir.file("crash.db" + suffix), toPath: dir.file("copy/crash.db" + suffix))
        }
        let recovered = try Database(path: dir.file("copy/crash.db"))
        #expect(try recovered.read { try $0.scalarInt("SELECT count(*) FROM t") } == 100)
        #expect(try recovered.integrityCheck() == "ok")
        recovered.close()
        db.close()
    }

    @Test func concurrentReadersAndWriterNeverSeeLocked() async throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("busy.db"))
        try makeTable(db)
        let writes = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<4 {
                group.addTask {
                    for i in 0..<(writes / 4) {
                        try db.write { c in
                            try c.run("INSERT INTO t(id, name) VALUES(?, ?)", [.integer(Int64(w * 1000 + i)), .text("w")])
                        }
                    }
                }
            }
            for _ in 0..<6 {
                group.addTask {
                    var last: Int64 = 0
                    for _ in 0..<200 {
                        let count = try db.read { try $0.scalarInt("SELECT count(*) FROM t") } ?? 0
                        #expect(count >= last)
                        last = count
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == Int64(writes))
        db.close()
    }

    @Test func readersSeeOnlyCommittedSnapshots() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let db = try Database(path: dir.file("snap.db"))
        try makeTable(db)
        try db.write { c in
            try c.run("INSERT INTO t(id, name) VALUES(1, 'uncommitted')")
            // A reader on another connection does not see the open transaction's row.
            let seen = try db.read { try $0.scalarInt("SELECT count(*) FROM t") }
            #expect(seen == 0)
        }
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM t") } == 1)
        db.close()
    }
}
