import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads running blocking handler work in FIFO order.
final class WorkerPool: Sendable {
    private struct Queue: ~Copyable {
        var jobs: [(@Sendable () -> Void)?] = []
        var head = 0
        var stopping = false
    }
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()
    private let threadCount: Int

    init(threads: Int) {
        threadCount = max(1, threads)
        for i in 0..<threadCount {
            finished.enter()
            let t = Thread { [self] in
                self.runWorker()
                self.finished.leave()
            }
            t.name = "http-worker-\(i)"
            t.stackSize = 1 << 20 * 4
            t.start()
        }
    }

    /// Runs `job` on a thread of its own (long-lived work such as streamed responses).
    static func detach(_ job: @escaping @Sendable () -> Void) {
        let t = Thread { job() }
        t.name = "http-stream"
        t.stackSize = 1 << 20
        t.start()
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { q in q.jobs.append(job) }
        ready.signal()
    }

    private func runWorker() {
        while true {
            ready.wait()
            let job: (@Sendable () -> Void)?? = queue.withLock { q in
                if q.head < q.jobs.count {
                    let j = q.jobs[q.head]
                    q.jobs[q.head] = nil
                    q.head += 1
                    if q.head > 1024 && q.head * 2 > q.jobs.count {
                        q.jobs.removeFirst(q.head)
                        q.head = 0
                    }
                    return .some(j)
                }
                return q.stopping ? .none : .some(nil)
            }
            guard let j = job else { return }
            j?()
        }
    }

    /// Lets queued jobs finish, then ends the threads; waits at most `timeout`.
    func stop(timeout: Duration) {
        queue.withLock { $0.stopping = true }
        for _ in 0..<threadCount { ready.signal() }
        _ = finished.wait(timeout: .now() + .nanoseconds(Int(timeout.nanoseconds)))
    }
}
