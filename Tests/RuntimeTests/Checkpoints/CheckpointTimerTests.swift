import Foundation
import Testing
@testable import Runtime

/// The checkpoint timer sleeps until the next checkpoint is due (at most a second) instead of waking
/// every 50 ms, and still keeps the interval.
@Suite struct CheckpointTimerTests {
    @Test func periodicCheckpointsKeepTheirIntervalWhileTheTimerSleepsUntilDue() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(100)
        var config = CheckpointConfig(interval: 300, mode: .exactlyOnce, directory: pipeline.dir + "/checkpoints/timer")
        config.retained = 2
        let job = try SupervisedJob(job: "timer", graph: pipeline.graph(parallelism: 1, mode: .exactlyOnce), checkpoint: config,
                                    store: pipeline.metadata, restartStrategy: .none)
        try job.start(from: .fresh, timerPeriodMillis: 50)
        defer {
            job.cancel()
            _ = job.awaitTermination(seconds: 20)
        }
        let coordinator = try #require(job.coordinator)
        let deadline = Date().addingTimeInterval(20)
        while coordinator.statistics().counts.completed < 1 && Date() < deadline { usleep(5_000) }
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
        try job.start(from: .fresh, timerPeriodMillis: 50)
        defer {
            job.cancel()
            _ = job.awaitTermination(seconds: 20)
        }
        let coordinator = try #require(job.coordinator)
        let deadline = Date().addingTimeInterval(20)
        while job.runner?.allTasksRunning != true && Date() < deadline { usleep(5_000) }
        #expect(coordinator.nextTickMillis(period: 50) == CheckpointCoordinator.longestTimerSleepMillis)
        // A savepoint request does not wait for the sleeping timer.
        let started = Date()
        let savepoint = try job.stopWithSavepoint(drain: false)
        #expect(savepoint.isSavepoint)
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
