import ControlPlane
import Model
import Testing

@Suite struct SmokeTests {
    @Test func bootstrapCreatesDefaults() throws {
        let cp = try ControlPlane.inMemory(seed: 42, clock: ManualClock())
        #expect(cp.defaults.environmentID.hasPrefix("env-"))
        #expect(cp.defaults.computePoolID.hasPrefix("lfcp-"))
        #expect(cp.defaults.kafkaClusterID.hasPrefix("lkc-"))
        let pool = try cp.computePool(id: cp.defaults.computePoolID)
        #expect(pool.maxCFU == 10)
        let job = try cp.createJob(environmentID: cp.defaults.environmentID,
                                   CreateJobRequest(name: "marketlag-job-1", sql: "SELECT 1", parallelism: 2))
        #expect(job.id.hasPrefix("job-"))
        #expect(job.status == .pending)
        #expect(try cp.job(environmentID: cp.defaults.environmentID, idOrName: "marketlag-job-1") == job)
        #expect(try cp.computePool(id: cp.defaults.computePoolID).currentCFU == 2)
    }
}
