import Dispatch
import Synchronization

/// Serial work per job: closures for the same job run one at a time in the order they were submitted;
/// different jobs' closures run concurrently. So one job's slow stop (a savepoint, waiting for its
/// threads) never delays another job's start.
///
/// A lane (a serial queue) exists while it has work queued and is dropped when it drains, so memory does
/// not grow with the number of jobs ever run.
final class JobLanes: Sendable {
    private struct Lane {
        let queue: DispatchQueue
        var queued: Int
    }

    private let lanes = Mutex<[String: Lane]>([:])
    private let inFlight = DispatchGroup()
    private let label: String

    init(label: String) { self.label = label }

    /// Runs `work` after the work already submitted for `key`.
    func submit(_ key: String, _ work: @escaping @Sendable () -> Void) {
        inFlight.enter()
        let queue = lanes.withLock { lanes -> DispatchQueue in
            if var lane = lanes[key] {
                lane.queued += 1
                lanes[key] = lane
                return lane.queue
            }
            let queue = DispatchQueue(label: "\(label) \(key)")
            lanes[key] = Lane(queue: queue, queued: 1)
            return queue
        }
        queue.async { [self] in
            work()
            lanes.withLock { lanes in
                guard var lane = lanes[key] else { return }
                lane.queued -= 1
                lanes[key] = lane.queued == 0 ? nil : lane
            }
            inFlight.leave()
        }
    }

    /// Waits until everything submitted so far (and whatever that work submitted meanwhile) is done.
    func waitForAll() { inFlight.wait() }

    /// Jobs with work queued or running now.
    var busyKeys: Int { lanes.withLock { $0.count } }
}
