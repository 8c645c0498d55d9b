import ControlPlane
import Dispatch
import Foundation
import Model
import SQLite
import Store
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Storage faults never surface as a 500: a write lock held elsewhere is a 503 "busy, retry", a full disk a
/// 507; nothing half-written remains, reads keep working, and writes work again once the cause is gone.
@Suite struct StorageFaultTests {
    /// Another process (here: a second connection) holds the database's write lock longer than the busy
    /// timeout: writes answer 503, reads keep working (WAL), and everything works again after the release.
    @Test func aHeldWriteLockIsA503NotA500() throws {
        let dir = NSTemporaryDirectory() + "cp-lock-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/flinkcloud.db"
        let cp = try ControlPlane(store: try Store(database: try Database(path: path, busyTimeoutMillis: 100)),
                                  clock: SystemClock(), ids: IDGenerator(seed: 3))
        let env = cp.defaults.environmentID
        let before = try cp.createJob(environmentID: env, CreateJobRequest(name: "before", sql: "SELECT 1"))

        // The other writer: BEGIN IMMEDIATE on its own connection, held until `release` is signalled.
        let other = try Database(path: path, busyTimeoutMillis: 100)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = DispatchGroup()
        holder.enter()
        Thread.detachNewThread {
            _ = try? other.write { connection in
                try connection.execute("UPDATE jobs SET updated_at = updated_at WHERE 0")
                locked.signal()
                release.wait()
            }
            holder.leave()
        }
        locked.wait()

        var statuses: [Int] = []
        for k in 0..<3 {
            do {
                _ = try cp.createJob(environmentID: env, CreateJobRequest(name: "during-\(k)", sql: "SELECT 1"))
                statuses.append(201)
            } catch {
                statuses.append(error.status)
                #expect(error.code == "service_unavailable", "\(error)")
            }
        }
        do {
            _ = try cp.updateJob(environmentID: env, idOrName: "before", UpdateJobRequest(parallelism: 2))
            statuses.append(200)
        } catch {
            statuses.append(error.status)
        }
        #expect(statuses == [503, 503, 503, 503])
        // Reads are not blocked by a writer in WAL mode.
        #expect(try cp.job(environmentID: env, idOrName: "before").id == before.id)
        #expect(try cp.jobs(environmentID: env, page: PageRequest(pageSize: 10)).items.count == 1)

        release.signal()
        holder.wait()
        other.close()
        let after = try cp.createJob(environmentID: env, CreateJobRequest(name: "after", sql: "SELECT 1"))
        #expect(after.currentVersion == 1)
        #expect(try cp.jobs(environmentID: env, page: PageRequest(pageSize: 10)).items.map(\.name).sorted() == ["after", "before"])
        #expect(try cp.store.database.integrityCheck() == "ok")
    }

    /// The database cannot grow (SQLite's `max_page_count` on the writer connection stands in for a full
    /// disk: both are SQLITE_FULL): creates answer 507 with a clear message and leave nothing behind;
    /// after the limit is lifted creates succeed, and the database passes its integrity check.
    @Test func aFullDatabaseIsA507AndRecovers() throws {
        let dir = NSTemporaryDirectory() + "cp-full-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cp = try ControlPlane.open(path: dir + "/flinkcloud.db", seed: 4, clock: SystemClock())
        let env = cp.defaults.environmentID
        _ = try cp.createJob(environmentID: env, CreateJobRequest(name: "small", sql: "SELECT 1"))
        let pages = try cp.store.database.withWriter { try $0.scalarInt("PRAGMA page_count") } ?? 0
        _ = try cp.store.database.withWriter { try $0.scalarInt("PRAGMA max_page_count = \(pages)") }
        let big = "SELECT '" + String(repeating: "x", count: 60_000) + "'"
        var refused: [APIError] = []
        for k in 0..<3 {
            do {
                _ = try cp.createJob(environmentID: env, CreateJobRequest(name: "big-\(k)", sql: big))
            } catch {
                refused.append(error)
            }
        }
        #expect(refused.map(\.status) == [507, 507, 507])
        #expect(refused.first?.code == "insufficient_storage")
        #expect(refused.first?.detail.contains("disk is full") == true)
        #expect(try cp.jobs(environmentID: env, page: PageRequest(pageSize: 10)).items.map(\.name) == ["small"])

        _ = try cp.store.database.withWriter { try $0.scalarInt("PRAGMA max_page_count = 1073741823") }
        _ = try cp.createJob(environmentID: env, CreateJobRequest(name: "big-after", sql: big))
        #expect(try cp.jobs(environmentID: env, page: PageRequest(pageSize: 10)).items.map(\.name).sorted() == ["big-after", "small"])
        #expect(try cp.store.database.integrityCheck() == "ok")
    }

    /// A topic log whose tail is torn or corrupt (here: a flipped byte in the last record) is truncated to
    /// its last good record when the server opens it, and that is logged (the server prints it as a warning).
    @Test func corruptTopicTailIsTruncatedWithALogLine() throws {
        let dir = NSTemporaryDirectory() + "cp-topic-tail-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = Mutex<[String]>([])
        var cluster = ""
        do {
            let cp = try ControlPlane.open(path: dir + "/flinkcloud.db", seed: 5, clock: SystemClock())
            cluster = cp.defaults.kafkaClusterID
            _ = try cp.createTopic(clusterID: cluster, CreateTopicRequest(name: "t", partitionsCount: 1))
            for k in 0..<5 {
                let r = try cp.produce(clusterID: cluster, topic: "t",
                                       KafkaProduceRecord(value: KafkaData(type: .string, bytes: Array("value-\(k)".utf8))))
                #expect(r.offset == Int64(k))
            }
            cp.close()
        }
        let path = dir + "/topics/\(cluster)/t/0/00000000000000000000.log"
        let fd = open(path, O_RDWR)
        #expect(fd >= 0)
        var st = stat()
        fstat(fd, &st)
        var byte: UInt8 = 0x5A
        pwrite(fd, &byte, 1, st.st_size - 3)
        close(fd)

        let cp = try ControlPlane.open(path: dir + "/flinkcloud.db", seed: 5, clock: SystemClock(),
                                       log: { line in lines.withLock { $0.append(line) } })
        let batch = try cp.readRecords(clusterID: cluster, topic: "t", KafkaReadRequest())
        #expect(batch.records.map { String(decoding: $0.value ?? [], as: UTF8.self) } == (0..<4).map { "value-\($0)" })
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1)
        #expect(logged.first?.contains("truncated") == true)
        // Appends continue at offset 4.
        let r = try cp.produce(clusterID: cluster, topic: "t", KafkaProduceRecord(value: KafkaData(type: .string, bytes: Array("again".utf8))))
        #expect(r.offset == 4)
    }
}
