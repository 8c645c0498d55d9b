@testable import ControlPlane
import Dispatch
import Synchronization
import Testing

/// The executor's per-job lanes: one job's work in order, different jobs concurrently.
@Suite struct JobLanesTests {
    @Test func workOfOneJobRunsInSubmissionOrder() {
        let lanes = JobLanes(label: "test")
        let seen = Mutex<[Int]>([])
        for i in 0..<200 { lanes.submit("job-a") { seen.withLock { $0.append(i) } } }
        lanes.waitForAll()
        #expect(seen.withLock { $0 } == Array(0..<200))
        #expect(lanes.busyKeys == 0)
    }

    @Test func aBlockedJobDoesNotHoldUpAnotherJob() {
        let lanes = JobLanes(label: "test")
        let release = DispatchSemaphore(value: 0)
        let otherRan = DispatchSemaphore(value: 0)
        let order = Mutex<[String]>([])
        lanes.submit("slow") {
            release.wait()
            order.withLock { $0.append("slow") }
        }
        lanes.submit("slow") { order.withLock { $0.append("slow 2") } }
        lanes.submit("fast") {
            order.withLock { $0.append("fast") }
            otherRan.signal()
        }
        // "fast" runs while "slow" is still blocked; "slow 2" waits for "slow".
        #expect(otherRan.wait(timeout: .now() + 10) == .success)
        #expect(order.withLock { $0 } == ["fast"])
        release.signal()
        lanes.waitForAll()
        #expect(order.withLock { $0 } == ["fast", "slow", "slow 2"])
        #expect(lanes.busyKeys == 0)
    }
}
