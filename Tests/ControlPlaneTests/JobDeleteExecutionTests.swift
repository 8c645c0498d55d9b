import ControlPlane
import Foundation
import Model
import Runtime
import Testing
import TestSupport

/// Deleting a running job cancels it without a savepoint (a stop takes one).
@Suite struct JobDeleteExecutionTests {
    static let sql = """
    CREATE TABLE src (id INT) WITH ('connector' = 'kafka', 'topic' = 'src', 'format' = 'json');
    CREATE TABLE dst (id INT) WITH ('connector' = 'kafka', 'topic' = 'dst', 'format' = 'json');
    INSERT INTO dst SELECT id FROM src;
    """

    @Test func deletingARunningJobTakesNoSavepointAndReportsNothing() throws {
        let cp = try ControlPlane.inMemory(seed: 11)
        let store = InMemoryCheckpointStore()
        let executor = RuntimeJobExecutor(controlPlane: cp, checkpointStore: store)
        cp.setExecutor(executor)
        defer { executor.shutdown() }
        let env = cp.defaults.environmentID
        let job = try cp.createJob(environmentID: env, CreateJobRequest(name: "d", sql: Self.sql, checkpointInterval: 1000))
        #expect(waitFor(every: 0.005) { (try? cp.job(environmentID: env, idOrName: job.id).status) == .running })
        // A stop takes a savepoint; a delete must not (nothing could ever resume from it).
        try cp.deleteJob(environmentID: env, idOrName: job.id)
        executor.sync()
        #expect(executor.runtimeInfo(jobID: job.id) == nil)
        #expect(try store.completed(job: "\(job.id)-v1", savepoints: true).isEmpty)
        #expect(try cp.computePool(id: cp.defaults.computePoolID, environmentID: env).currentCFU == 0)
    }
}
