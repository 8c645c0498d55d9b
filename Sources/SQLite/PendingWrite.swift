import Dispatch

/// One caller's write, waiting for a group-commit leader to run it. The caller blocks on `done` until the
/// leader has finished with it, so the fields are never touched by two threads at once (the semaphore
/// orders the accesses; hence `@unchecked Sendable`).
final class PendingWrite: @unchecked Sendable {
    enum State { case waiting, promoted, completed }

    /// Runs the caller's closure (storing its result with the caller); dropped before `done` is signalled.
    var body: ((Connection) throws -> Void)?
    /// Runs the caller's `afterCommit`; dropped before `done` is signalled.
    var afterCommit: (() -> Void)?
    var error: (any Error)?
    var state = State.waiting
    let done = DispatchSemaphore(value: 0)

    init(body: @escaping (Connection) throws -> Void, afterCommit: @escaping () -> Void) {
        self.body = body
        self.afterCommit = afterCommit
    }

    func complete() {
        body = nil
        afterCommit = nil
        state = .completed
        done.signal()
    }
}
