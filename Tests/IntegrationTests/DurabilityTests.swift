import Testing
import Foundation
import Model
import SQLite
import TestSupport

/// kill -9 loses no acknowledged write; concurrent clients never see 5xx or gaps in version numbers.
@Suite(.serialized) struct DurabilityTests {
    @Test func killNineKeepsEveryAcknowledgedWrite() throws {
        let dir = FlinkCloudProcess.temporaryDirectory("kill9")
        let server = try FlinkCloudProcess(dataDir: dir)
        let env = try server.defaultEnvironment()
        let clients = 8, jobsPerClient = 4, patchesPerJob = 2
        // Acknowledged SQL per version, per job name.
        let acked = Box<[String: [String]]>([:])
        concurrently(clients) { c in
            let http = server.client()
            for j in 0..<jobsPerClient {
                let name = "d-\(c)-\(j)"
                guard let r = try? http.send("POST", "/flink/v1/environments/\(env)/jobs",
                                             json: #"{"name":"\#(name)","sql":"SELECT \#(c * 100 + j)"}"#), r.status == 201 else { continue }
                acked.update { $0[name] = ["SELECT \(c * 100 + j)"] }
                for p in 1...patchesPerJob {
                    let sql = "SELECT \(c * 100 + j) + \(p)"
                    if let r = try? http.send("PATCH", "/flink/v1/environments/\(env)/jobs/\(name)", json: #"{"sql":"\#(sql)"}"#),
                       r.status == 200 {
                        acked.update { $0[name]!.append(sql) }
                    }
                }
            }
        }
        server.kill9()
        let expected = acked.get()
        #expect(expected.count == clients * jobsPerClient)
        #expect(expected.values.allSatisfy { $0.count == patchesPerJob + 1 })

        let restarted = try FlinkCloudProcess(dataDir: dir)
        let http = restarted.client()
        for (name, sqls) in expected {
            let r = try http.get("/flink/v1/environments/\(env)/jobs/\(name)/versions?page_size=100")
            #expect(r.status == 200, "\(name): \(r.text)")
            let versions = r.json?["data"]?.arrayValue ?? []
            #expect(versions.map { $0["version"]?.intValue } == (1...sqls.count).map { Int64($0) }, "\(name) versions")
            #expect(versions.map { $0["sql"]?.stringValue } == sqls.map { Optional($0) }, "\(name) sql history")
            #expect(versions.last?["state"] == .string("ACTIVE"))
        }
        #expect(restarted.stop() == 0)
        let db = try Database(path: dir + "/flinkcloud.sqlite")
        #expect(try db.integrityCheck() == "ok")
        db.close()
    }

    @Test func thirtyTwoConcurrentClientsOverlappingJobs() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let env = try server.defaultEnvironment()
        let names = (0..<8).map { "c-\($0)" }
        let deadline = Date().addingTimeInterval(4)
        let problems = Box<[String]>([])
        let counts = Box<[Int: Int]>([:])
        concurrently(32) { c in
            let http = server.client()
            var rng = SystemRandomNumberGenerator()
            var i = 0
            while Date() < deadline {
                i += 1
                let name = names[Int(rng.next() % UInt64(names.count))]
                let base = "/flink/v1/environments/\(env)/jobs"
                let r: TestHTTPClient.Response?
                switch rng.next() % 6 {
                case 0: r = try? http.send("POST", base, json: #"{"name":"\#(name)","sql":"SELECT \#(c)"}"#)
                case 1, 2: r = try? http.send("PATCH", base + "/" + name, json: #"{"sql":"SELECT \#(c), \#(i)"}"#)
                case 3: r = try? http.send("POST", base + "/" + name + "/rollback", json: #"{"version":1}"#)
                case 4: r = try? http.send("DELETE", base + "/" + name)
                default: r = try? http.get(base + "/" + name + "/versions?page_size=100")
                }
                guard let r else { problems.update { $0.append("client \(c): transport error") }; continue }
                counts.update { $0[r.status, default: 0] += 1 }
                if r.status >= 500 || r.text.contains("database is locked") {
                    problems.update { $0.append("\(r.status): \(r.text)") }
                }
            }
        }
        #expect(problems.get() == [])
        let total = counts.get().values.reduce(0, +)
        #expect(total > 100, "only \(total) requests")
        // Every surviving job's versions are 1…n without gaps, exactly one ACTIVE.
        let http = server.client()
        for name in names {
            let r = try http.get("/flink/v1/environments/\(env)/jobs/\(name)/versions?page_size=100")
            guard r.status == 200 else { #expect(r.status == 404); continue }
            let versions = r.json?["data"]?.arrayValue ?? []
            let numbers = versions.compactMap { $0["version"]?.intValue }
            #expect(numbers == (0..<numbers.count).map { Int64($0 + 1) }, "\(name): \(numbers)")
            #expect(versions.filter { $0["state"] == .string("ACTIVE") }.count == 1, "\(name) active versions")
        }
        print("concurrency: \(total) requests in 4 s, statuses \(counts.get().sorted { $0.key < $1.key })")
    }
}

/// A lock-protected value shared between client threads.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ v: Value) { value = v }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func update(_ f: (inout Value) -> Void) { lock.lock(); f(&value); lock.unlock() }
}
