import ControlPlane
import Model
import Testing

@Suite struct JobStateMachineTests {
    typealias S = JobStatus

    static let legal: [(S, S)] = [
        (.pending, .running), (.pending, .stopped), (.pending, .failed), (.pending, .completed), (.pending, .deleting),
        (.running, .stopping), (.running, .failed), (.running, .completed), (.running, .pending), (.running, .deleting),
        (.stopping, .stopped), (.stopping, .failed), (.stopping, .deleting),
        (.stopped, .pending), (.stopped, .deleting),
        (.failed, .pending), (.failed, .deleting),
        (.completed, .pending), (.completed, .deleting),
    ]

    @Test func exactlyTheDocumentedTransitionsAreLegal() {
        for from in S.allCases {
            for to in S.allCases {
                let expected = from == to || Self.legal.contains { $0 == (from, to) }
                #expect(JobStateMachine.canTransition(from: from, to: to) == expected, "\(from) → \(to)")
            }
        }
    }

    @Test func deletingIsFinalAndTerminalStatesNeedAUserAction() {
        #expect(S.allCases.allSatisfy { $0 == .deleting || !JobStateMachine.canTransition(from: .deleting, to: $0) })
        for terminal in [S.stopped, .failed, .completed] {
            #expect(terminal.isTerminal)
            #expect(!JobStateMachine.canTransition(from: terminal, to: .running))
        }
        #expect(throws: APIError.self) { try JobStateMachine.check(from: .stopped, to: .running, jobName: "j") }
    }

    @Test func executorReportsFollowTheMachine() throws {
        let f = try Fixture()
        let job = try f.create("sm")
        #expect(try f.cp.reportJobStatus(jobID: job.id, status: .running)?.status == .running)
        // RUNNING → STOPPED directly is illegal (must pass STOPPING).
        let error = apiError { _ = try f.cp.reportJobStatus(jobID: job.id, status: .stopped) }
        #expect(error?.status == 409)
        #expect(error?.code == "invalid_state_transition")
        #expect(try f.cp.stopJob(environmentID: f.env, idOrName: "sm").status == .stopping)
        #expect(try f.cp.reportJobStatus(jobID: job.id, status: .stopped)?.status == .stopped)
        #expect(try f.cp.reportJobStatus(jobID: "job-gone", status: .running) == nil)
    }

    @Test func staleReportsFromRescheduledInstancesAreIgnored() throws {
        let f = try Fixture()
        try f.create("hog", parallelism: 8)
        let job = try f.create("late", parallelism: 2)
        _ = try f.cp.reportJobStatus(jobID: job.id, status: .running)
        // Growing beyond the free CFUs reschedules it: PENDING, POOL_EXHAUSTED, its instance told to stop.
        let waiting = try f.cp.updateJob(environmentID: f.env, idOrName: "late", UpdateJobRequest(parallelism: 3))
        #expect(waiting.status == .pending)
        #expect(waiting.scalingStatus == .poolExhausted)
        #expect(f.executor.recorded.last == "stop late")
        // The old instance's late reports change nothing.
        #expect(try f.cp.reportJobStatus(jobID: job.id, status: .running)?.status == .pending)
        #expect(try f.cp.reportJobStatus(jobID: job.id, status: .stopped)?.status == .pending)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "late").scalingStatus == .poolExhausted)
    }

    @Test func stopPendingJobIsImmediateAndResumeReadmits() throws {
        let f = try Fixture()
        try f.create("s", parallelism: 3)
        let stopped = try f.cp.stopJob(environmentID: f.env, idOrName: "s")
        #expect(stopped.status == .stopped)
        #expect(stopped.heldCFU == 0)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 0)
        #expect(try f.cp.stopJob(environmentID: f.env, idOrName: "s") == stopped) // idempotent
        let resumed = try f.cp.resumeJob(environmentID: f.env, idOrName: "s")
        #expect(resumed.status == .pending)
        #expect(resumed.heldCFU == 3)
        #expect(f.executor.recorded == ["start s v1 p3", "stop s", "start s v1 p3"])
    }

    @Test func failureIsRecordedOnJobAndVersion() throws {
        let f = try Fixture()
        let job = try f.create("f")
        _ = try f.cp.reportJobStatus(jobID: job.id, status: .running)
        let failed = try f.cp.reportJobStatus(jobID: job.id, status: .failed, failure: "division by zero")
        #expect(failed?.status == .failed)
        #expect(failed?.failureMessage == "division by zero")
        #expect(failed?.heldCFU == 0)
        let v1 = try f.cp.jobVersion(environmentID: f.env, idOrName: "f", number: 1)
        #expect(v1.state == .failed)
        #expect(v1.endReason == "division by zero")
        // Resuming a failed job re-activates its version.
        _ = try f.cp.resumeJob(environmentID: f.env, idOrName: "f")
        let reactivated = try f.cp.jobVersion(environmentID: f.env, idOrName: "f", number: 1)
        #expect(reactivated.state == .active)
        #expect(reactivated.endReason == nil)
        #expect(reactivated.endedAt == nil)
        _ = try f.cp.reportJobStatus(jobID: job.id, status: .failed, failure: "division by zero")
        // Updating a failed job redeploys it with the new version; the failed one keeps its reason.
        let fixed = try f.cp.updateJob(environmentID: f.env, idOrName: "f", UpdateJobRequest(sql: "SELECT 2"))
        #expect(fixed.status == .pending)
        #expect(fixed.failureMessage == nil)
        let versions = try f.cp.jobVersions(environmentID: f.env, idOrName: "f").items
        #expect(versions.map(\.state) == [.failed, .active])
        #expect(versions[0].endReason == "division by zero")
    }

    @Test func createStoppedDoesNotStart() throws {
        let f = try Fixture()
        let job = try f.cp.createJob(environmentID: f.env, CreateJobRequest(name: "cold", sql: "SELECT 1", stopped: true))
        #expect(job.status == .stopped)
        #expect(f.executor.recorded.isEmpty)
    }

    @Test func deleteStopsAndRemovesJobWithHistory() throws {
        let f = try Fixture(autoRun: true)
        let job = try f.create("d", parallelism: 2)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "d").status == .running)
        try f.cp.deleteJob(environmentID: f.env, idOrName: job.id)
        #expect(apiError { _ = try f.cp.job(environmentID: f.env, idOrName: "d") }?.status == 404)
        #expect(apiError { try f.cp.deleteJob(environmentID: f.env, idOrName: "d") }?.status == 404)
        #expect(try f.cp.computePool(id: f.pool).currentCFU == 0)
        #expect(f.executor.recorded.last == "stop d")
        // The name is free again, history starts over.
        #expect(try f.create("d").currentVersion == 1)
    }

    @Test func recoverRestartsAdmittedJobsAndFinishesStopping() throws {
        let f = try Fixture()
        let a = try f.create("a")
        let b = try f.create("b")
        _ = try f.cp.reportJobStatus(jobID: a.id, status: .running)
        _ = try f.cp.reportJobStatus(jobID: b.id, status: .running)
        _ = try f.cp.stopJob(environmentID: f.env, idOrName: "b")
        #expect(try f.cp.recover() == 1)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "a").status == .pending)
        #expect(try f.cp.job(environmentID: f.env, idOrName: "b").status == .stopped)
    }
}
