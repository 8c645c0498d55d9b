@testable import ControlPlane
import Foundation
import Model
import Synchronization
import Testing

/// The runtime's buffered job log: batched flushes, and a job's lines written with its status change.
@Suite struct JobLogBufferTests {
    @Test func takeRemovesOneJobsLinesAndFlushWritesTheRestInOneBatch() {
        let batches = Mutex<[[(jobID: String, lines: JobLogBuffer.Lines)]]>([])
        let buffer = JobLogBuffer(interval: 3600, capacity: 4) { batch in batches.withLock { $0.append(batch) } }
        buffer.append(jobID: "a", "a1")
        buffer.append(jobID: "b", "b1")
        buffer.append(jobID: "a", "a2")
        buffer.append(jobID: "b", "b2")
        buffer.append(jobID: "a", "a3")      // over capacity: dropped and counted
        let taken = buffer.take(jobID: "a")
        #expect(taken.map(\.message) == ["a1", "a2", "1 log line(s) dropped: the job writes faster than its log is stored."])
        #expect(taken.last?.level == "WARN")
        #expect(buffer.take(jobID: "a").isEmpty)
        buffer.flush()
        let written = batches.withLock { $0 }
        #expect(written.count == 1)
        #expect(written.first?.map(\.jobID) == ["b"])
        #expect(written.first?.first?.lines.map(\.message) == ["b1", "b2"])
        buffer.flush()
        #expect(batches.withLock { $0.count } == 1)   // nothing left: no empty write
    }

    @Test func runtimeLinesPrecedeTheStatusLinesTheyLedTo() throws {
        let cp = try ControlPlane.inMemory(seed: 21)
        let executor = RuntimeJobExecutor(controlPlane: cp)
        cp.setExecutor(executor)
        defer { executor.shutdown() }
        let env = cp.defaults.environmentID
        let sql = "CREATE TABLE out_t (a INT) WITH ('connector' = 'print');\nINSERT INTO out_t SELECT * FROM (VALUES (1), (2)) AS v(a);"
        let job = try cp.createJob(environmentID: env, CreateJobRequest(name: "ordered", sql: sql))
        let deadline = Date().addingTimeInterval(20)
        while try cp.job(environmentID: env, idOrName: job.id).status != .completed && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let lines = try cp.jobLogs(environmentID: env, idOrName: job.id).map(\.message)
        func index(_ prefix: String) -> Int? { lines.firstIndex { $0.hasPrefix(prefix) } }
        let running = try #require(index("Version 1 running"), "\(lines)")
        let statusRunning = try #require(index("Status RUNNING."), "\(lines)")
        let finished = try #require(index("Version 1 finished"), "\(lines)")
        let statusCompleted = try #require(index("Status COMPLETED."), "\(lines)")
        #expect(running < statusRunning)
        #expect(statusRunning < finished)
        #expect(finished < statusCompleted)
        #expect(lines.contains("+I[1]") && lines.contains("+I[2]"), "\(lines)")
        #expect(index("+I[2]")! < statusCompleted)
    }
}
