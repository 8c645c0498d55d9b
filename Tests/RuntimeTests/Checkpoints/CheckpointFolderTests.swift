import Foundation
import Testing
@testable import Runtime

@Suite struct CheckpointFolderTests {
    /// Starting a job makes no folder (most short jobs never checkpoint, and a create-heavy control plane
    /// paid a mkdir per start); the first checkpoint makes it.
    @Test func theJobFolderAppearsWithTheFirstCheckpoint() throws {
        let pipeline = try CheckpointPipeline()
        try pipeline.produce(100)
        let job = try pipeline.job(parallelism: 1, mode: .exactlyOnce)
        try job.start(from: .fresh, timerPeriodMillis: nil)
        defer {
            job.cancel()
            _ = job.awaitTermination(seconds: 20)
        }
        let folder = pipeline.dir + "/checkpoints/job1"
        #expect(!FileManager.default.fileExists(atPath: folder))
        let record = try CheckpointPipeline.checkpoint(job)
        #expect(FileManager.default.fileExists(atPath: folder + "/chk-\(record.id)/_metadata"))
    }
}
