import Foundation
import Glibc
import Testing
@testable import Runtime

/// A partition log whose disk is full (its segment is `/dev/full`: every write fails with ENOSPC).
@Suite struct TopicDiskFullTests {
    @Test func aFailedAppendSaysTheDiskIsFullAndConsumesNoOffsets() throws {
        let root = TestGraphs.tempDir()
        let dir = root + "/p0"
        mkdir(dir, 0o755)
        defer { TopicStore.removeTree(root) }
        #expect(symlink("/dev/full", dir + "/00000000000000000000.log") == 0)
        let log = try PartitionLog(directory: dir, partition: 0, fsync: .never)
        let record = TopicRecord(timestamp: 1, key: nil, value: Array(#"{"n":1}"#.utf8))
        for _ in 0..<3 {
            do {
                _ = try log.append([record, record])
                Issue.record("append to a full disk succeeded")
            } catch let e as RuntimeError {
                #expect(e.code == "disk_full")
                #expect(e.detail.contains("disk is full"), "\(e.detail)")
                #expect(e.detail.contains("not written"))
            }
            #expect(log.endOffset == 0, "a refused append must not consume offsets")
        }
    }
}
