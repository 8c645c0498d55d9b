import Dispatch
import Synchronization

/// Lets a polling thread sleep long while idle yet wake at once when it has work: an idle source subtask
/// (an append to a partition it reads, a checkpoint trigger or completion, a cancel) or a checkpoint timer
/// (a savepoint request, a new attempt). A `wake` that comes while the thread is not sleeping makes its
/// next `sleep` return at once, so nothing is missed between a look that found nothing and the sleep after.
public final class IdleWakeup: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let sleeping = Atomic<Bool>(false)
    private let pending = Atomic<Bool>(false)

    public init() {}

    /// Sleeps up to `micros`, less when woken.
    public func sleep(micros: UInt32) {
        sleeping.store(true, ordering: .sequentiallyConsistent)
        if pending.exchange(false, ordering: .sequentiallyConsistent) {
            finishSleeping()
            return
        }
        if semaphore.wait(timeout: .now() + .microseconds(Int(micros))) == .timedOut {
            finishSleeping()
        }
        pending.store(false, ordering: .sequentiallyConsistent)
    }

    /// Wakes the sleeper, or makes its next sleep return at once.
    public func wake() {
        pending.store(true, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { semaphore.signal() }
    }

    /// Stops sleeping without a signal; when a waker already claimed the sleeper, takes its signal so the
    /// semaphore stays balanced.
    private func finishSleeping() {
        if !sleeping.exchange(false, ordering: .sequentiallyConsistent) { semaphore.wait() }
    }
}
