import ControlPlane
import Foundation
import Model
import Testing

/// The lock-free (per-thread) caches in front of auth and hot reads never serve anything older than the
/// last write another thread completed.
@Suite struct LockFreeCacheTests {
    /// Runs `body` on a fresh thread and waits for it.
    func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Box<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread { box.set(body()); done.signal() }
        done.wait()
        return box.get()!
    }

    @Test func keyDeletedOnOneThreadStopsWorkingOnEveryThread() throws {
        let f = try Fixture()
        let cp = f.cp
        let key = try cp.createApiKey()
        let id = key.id, secret = key.secret!
        // Thread A verifies (and caches) the key, repeatedly.
        let reader = PinnedThread()
        #expect(reader.run { cp.verifyApiKey(id: id, secret: secret) != nil })
        #expect(reader.run { cp.verifyApiKey(id: id, secret: secret) != nil })
        // Thread B deletes it; thread A's cached copy must not be served any more.
        try onThread { Result { try cp.deleteApiKey(id: id) } }.get()
        #expect(reader.run { cp.verifyApiKey(id: id, secret: secret) == nil })
        reader.stop()
    }

    @Test func listCachedOnOneThreadShowsAnotherThreadsWrite() throws {
        let f = try Fixture()
        let cp = f.cp, env = f.env
        let reader = PinnedThread()
        #expect(reader.run { (try? cp.jobs(environmentID: env, filter: JobFilter(), page: PageRequest()).items.count) ?? -1 } == 0)
        #expect(reader.run { (try? cp.jobs(environmentID: env, filter: JobFilter(), page: PageRequest()).items.count) ?? -1 } == 0)
        try onThread { Result { try f.create("written-elsewhere") } }.get()
        #expect(reader.run { (try? cp.jobs(environmentID: env, filter: JobFilter(), page: PageRequest()).items.map(\.name)) ?? [] } == ["written-elsewhere"])
        reader.stop()
    }
}

/// One long-lived thread that runs closures on request (so per-thread caches stay warm between calls).
final class PinnedThread: @unchecked Sendable {
    private let lock = NSCondition()
    private var work: (@Sendable () -> Void)?
    private var stopped = false

    init() {
        Thread.detachNewThread { [self] in
            while true {
                lock.lock()
                while work == nil && !stopped { lock.wait() }
                if stopped && work == nil { lock.unlock(); return }
                let w = work!
                lock.unlock()
                w()
                lock.lock()
                work = nil
                lock.broadcast()
                lock.unlock()
            }
        }
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Box<T?>(nil)
        lock.lock()
        while work != nil { lock.wait() }
        work = { box.set(body()) }
        lock.broadcast()
        while work != nil { lock.wait() }
        lock.unlock()
        return box.get()!
    }

    func stop() { lock.lock(); stopped = true; lock.broadcast(); lock.unlock() }
}

final class Box<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
}
