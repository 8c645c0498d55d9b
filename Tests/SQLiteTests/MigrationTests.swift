import SQLite
import Testing

@Suite struct MigrationTests {
    let v1 = Migration(version: 1, name: "t", sql: "CREATE TABLE t (id INTEGER PRIMARY KEY)")
    let v2 = Migration(version: 2, name: "t.name", sql: "ALTER TABLE t ADD COLUMN name TEXT NOT NULL DEFAULT ''")

    @Test func appliesMigrationsInOrderAndRecordsUserVersion() throws {
        let db = try Database(path: ":memory:")
        #expect(try db.schemaVersion() == 0)
        #expect(try db.migrate([v1]) == 1)
        #expect(try db.schemaVersion() == 1)
        #expect(try db.migrate([v1, v2]) == 2)
        try db.write { try $0.run("INSERT INTO t(id, name) VALUES(1, 'x')") }
        // Re-running is a no-op.
        #expect(try db.migrate([v1, v2]) == 2)
    }

    @Test func failedMigrationRollsBackAndKeepsVersion() throws {
        let db = try Database(path: ":memory:")
        try db.migrate([v1])
        let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE u (x); CREATE TABLE t (dup)")
        #expect(throws: SQLiteError.self) { try db.migrate([v1, broken]) }
        #expect(try db.schemaVersion() == 1)
        #expect(try db.read { try $0.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'u'") } == 0)
    }

    @Test func refusesDatabaseNewerThanCode() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("new.db")
        let db = try Database(path: path)
        try db.migrate([v1, v2])
        db.close()
        let old = try Database(path: path)
        do {
            try old.migrate([v1])
            Issue.record("expected the newer database to be refused")
        } catch let error as SQLiteError {
            #expect(error.message.contains("schema version 2"))
            #expect(error.message.contains("newer than this build knows (1)"))
        }
        #expect(try old.schemaVersion() == 2)
        old.close()
    }

    @Test func namespacesMigrateIndependently() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("ns.db")
        let db = try Database(path: path)
        try db.migrate([v1, v2])
        let r1 = Migration(version: 1, name: "checkpoints", sql: "CREATE TABLE checkpoints (id INTEGER PRIMARY KEY)")
        #expect(try db.migrate([r1], namespace: "runtime") == 1)
        #expect(try db.schemaVersion() == 2)
        #expect(try db.schemaVersion(namespace: "runtime") == 1)
        #expect(try db.schemaVersion(namespace: "other") == 0)
        db.close()
        let reopened = try Database(path: path)
        #expect(try reopened.migrate([r1], namespace: "runtime") == 1) // no-op, no "table exists" error
        do {
            try reopened.migrate([], namespace: "runtime")
            Issue.record("expected the newer namespace to be refused")
        } catch let error as SQLiteError {
            #expect(error.message.contains("schema 'runtime' version 1, newer than this build knows (0)"))
        }
        reopened.close()
    }

    @Test func rejectsMisnumberedMigrations() throws {
        let db = try Database(path: ":memory:")
        #expect(throws: SQLiteError.self) { try db.migrate([v2]) }
    }
}
