import Foundation
import Testing
@testable import Runtime

/// The checkpoint timer sleeps until the next checkpoint is due (at most a second) instead of waking
/// every 50 ms, and still keeps the interval.
@Suite struct CheckpointTimerTests {
    /// Starts `job` with a 50 ms timer period and waits (up to 20 s) until `ready`.
    static func start(_ job: SupervisedJob, until ready: (SupervisedJob, CheckpointCoordinator) -> Bool) throws -> CheckpointCoordinator {
        try job.start(from: .fresh, timerPeriodMillis: 50)
        let coordinator = try #require(job.coordinator)
        let deadline = Date().addingTimeInterval(20)
        while !ready(job, coordinator) && Date() < deadline { usleep(5_000) }
        return coordinator
    }

    @Test func periodicCheckpointsKeepTheirIntervalWhileTheTimerSleepsUntilDue() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(100)
        var config = CheckpointConfig(interval: 300, mode: .exactlyOnce, directory: pipeline.dir + "/checkpoints/timer")
        config.retained = 2
        let job = try SupervisedJob(job: "timer", graph: pipeline.graph(parallelism: 1, mode: .exactlyOnce), checkpoint: config,
                                    store: pipeline.metadata, restartStrategy: .none)
        defer {
            job.cancel()
            _ = job.awaitTermination(seconds: 20)
        }
        let coordinator = try Self.start(job) { _, c in c.statistics().counts.completed >= 1 }
        // Right after a checkpoint the next one is about 300 ms away: the timer sleeps that long, not 50 ms.
        let sleep = coordinator.nextTickMillis(period: 50)
        #expect(sleep > 50 && sleep <= 300, "next tick in \(sleep) ms")
        let first = coordinator.statistics().counts.completed
        usleep(1_600_000)
        let taken = coordinator.statistics().counts.completed - first
        #expect(taken >= 3 && taken <= 6, "\(taken) checkpoints in 1.6 s at a 300 ms interval")
    }

    @Test func withoutAnIntervalTheTimerSleepsASecond() throws {
        let pipeline = try CheckpointPipeline()
        let job = try pipeline.job(parallelism: 1, mode: .exactlyOnce)
        defer {
            job.cancel()
            _ = job.awaitTermination(seconds: 20)
        }
        let coordinator = try Self.start(job) { j, _ in j.runner?.allTasksRunning == true }
        #expect(coordinator.nextTickMillis(period: 50) == CheckpointCoordinator.longestTimerSleepMillis)
        // A savepoint request does not wait for the sleeping timer.
        let started = Date()
        let savepoint = try job.stopWithSavepoint(drain: false)
        #expect(savepoint.isSavepoint)
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
