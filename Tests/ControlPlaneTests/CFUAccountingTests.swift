import ControlPlane
import Model
import Testing

@Suite struct CFUAccountingTests {
    @Test func currentCFUCountsRunningJobs() throws {
        let f = try Fixture(autoRun: true)
        try f.create("a", parallelism: 2)
        try f.create("b", parallelism: 3)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 5)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "a").status == .running)
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "a")
        #expect(try f.cp.job(environmentID: f.env, idOrName: "a").status == .stopped)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 3)
    }

    @Test func jobThatFitsPoolButNotFreeCFUsWaitsPoolExhausted() throws {
        let f = try Fixture(autoRun: true)
        try f.create("big", parallelism: 8)
        let waiting = try f.create("wait", parallelism: 3)
        #expect(waiting.status == .pending)
        #expect(waiting.scalingStatus == .poolExhausted)
        #expect(waiting.heldCFU == 0)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 8)
        let fits = try f.create("small", parallelism: 2)
        #expect(fits.scalingStatus == .ok)
        // Freeing CFUs admits the waiting job, which the executor then runs.
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "big")
        let admitted = try f.cp.job(environmentID: f.env, idOrName: "wait")
        #expect(admitted.scalingStatus == .ok)
        #expect(admitted.status == .running)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 5)
        let filtered = try f.cp.jobs(environmentID: f.env, filter: JobFilter(status: .stopped))
        #expect(filtered.items.map(\.name) == ["big"])
    }

    @Test func raisingMaxCFUAdmitsWaitingJobsAndShrinkingBelowUseIs409() throws {
        let f = try Fixture()
        try f.create("a", parallelism: 10)
        #expect(try f.create("b", parallelism: 5).scalingStatus == .poolExhausted)
        let error = apiError { _ = try f.cp.updateComputePool(id: f.pool, UpdateComputePoolRequest(maxCFU: 9)) }
        #expect(error?.status == 409)
        let pool = try f.cp.updateComputePool(id: f.pool, UpdateComputePoolRequest(maxCFU: 15))
        #expect(pool.currentCFU == 15)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "b").scalingStatus == .ok)
    }

    @Test func updateToLargerParallelismThatDoesNotFitWaits() throws {
        let f = try Fixture(autoRun: true)
        try f.create("a", parallelism: 5)
        try f.create("b", parallelism: 4)
        let updated = try f.cp.updateJob(environmentID: f.env, idOrName: "b", UpdateJobRequest(parallelism: 6))
        #expect(updated.status == .pending)
        #expect(updated.scalingStatus == .poolExhausted)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 5)
        #expect(apiError { _ = try f.cp.updateJob(environmentID: f.env, idOrName: "b", UpdateJobRequest(parallelism: 11)) }?.code
                == "parallelism_exceeds_cfu")
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "a", UpdateJobRequest(parallelism: 4))
        #expect(try f.cp.job(environmentID: f.env, idOrName: "b").status == .running)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 10)
    }

    @Test func movingAJobToAnotherPoolFreesTheOld() throws {
        let f = try Fixture()
        let second = try f.cp.createComputePool(CreateComputePoolRequest(environmentID: f.env, displayName: "second", maxCFU: 4))
        try f.create("m", parallelism: 4)
        let moved = try f.cp.updateJob(environmentID: f.env, idOrName: "m", UpdateJobRequest(computePoolID: second.id))
        #expect(moved.computePoolID == second.id)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 0)
        #expect(try f.cp.computePool(id: second.id).currentCFU == 4)
        #expect(try f.cp.jobs(environmentID: f.env, filter: JobFilter(computePoolID: second.id)).totalSize == 1)
    }

    /// Freed CFUs go to the oldest waiting jobs that fit, skipping bigger ones, across more waiting jobs
    /// than one admission page holds.
    @Test func freedCFUsAdmitTheOldestWaitingJobsThatFit() throws {
        let f = try Fixture(autoRun: true)
        try f.create("holder", parallelism: 10)
        // 40 waiting: p=3 for the first 37, then p=1, p=2, p=1.
        for i in 0..<37 { #expect(try f.create("w\(i)", parallelism: 3).scalingStatus == .poolExhausted) }
        try f.create("one-a", parallelism: 1)
        try f.create("two", parallelism: 2)
        try f.create("one-b", parallelism: 1)
        _ = try f.cp.updateJob(environmentID: f.env, idOrName: "holder", UpdateJobRequest(parallelism: 5))
        // 5 free: w0 (3) fits, w1 (3) does not; the p≤2 jobs after the p=3 ones: "one-a" (1) fits, "two" (2) does not, "one-b" (1) fits.
        func status(_ name: String) throws -> ScalingStatus { try f.cp.job(environmentID: f.env, idOrName: name).scalingStatus }
        #expect(try status("w0") == .ok)
        #expect(try status("w1") == .poolExhausted)
        #expect(try status("one-a") == .ok)
        #expect(try status("two") == .poolExhausted)
        #expect(try status("one-b") == .ok)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 10)
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "holder")
        // 5 more: w1 (3) and then "two" (2), the oldest that fit.
        #expect(try status("w1") == .ok)
        #expect(try status("w2") == .poolExhausted)
        #expect(try status("two") == .ok)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 10)
    }
}
