import Glibc

/// A bounded multi-producer single-consumer queue (backpressure: `push` blocks while full).
/// `close()` wakes everyone: pushes fail, pops drain then return nil.
final class BlockingQueue<T>: @unchecked Sendable {
    fileprivate let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    fileprivate let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    fileprivate let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    fileprivate var buffer: [T?]
    fileprivate var head = 0
    fileprivate var count = 0
    private var closed = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        buffer = Array(repeating: nil, count: self.capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(notEmpty, nil)
        pthread_cond_init(notFull, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex); pthread_cond_destroy(notEmpty); pthread_cond_destroy(notFull)
        mutex.deallocate(); notEmpty.deallocate(); notFull.deallocate()
    }

    @discardableResult
    func push(_ item: T) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count >= capacity && !closed { pthread_cond_wait(notFull, mutex) }
        if closed { return false }
        buffer[(head + count) % buffer.count] = item
        count += 1
        pthread_cond_signal(notEmpty)
        return true
    }

    func pop() -> T? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 && !closed { pthread_cond_wait(notEmpty, mutex) }
        if count == 0 { return nil }
        let item = buffer[head]
        buffer[head] = nil
        head = (head + 1) % buffer.count
        count -= 1
        pthread_cond_signal(notFull)
        return item
    }

    /// Pushes even when full (growing the buffer): control messages (barrier notifications) that must
    /// not wait behind backpressure. Returns false once closed.
    @discardableResult
    func pushUrgent(_ item: T) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if closed { return false }
        if count == buffer.count {
            var grown: [T?] = []
            grown.reserveCapacity(buffer.count * 2)
            for i in 0..<count { grown.append(buffer[(head + i) % buffer.count]) }
            grown.append(contentsOf: repeatElement(nil, count: buffer.count))
            buffer = grown
            head = 0
        }
        buffer[(head + count) % buffer.count] = item
        count += 1
        pthread_cond_signal(notEmpty)
        return true
    }

    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(notEmpty)
        pthread_cond_broadcast(notFull)
        pthread_mutex_unlock(mutex)
    }
}

extension BlockingQueue {
    /// Pops without blocking; nil when empty.
    func tryPop() -> T? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if count == 0 { return nil }
        let item = buffer[head]
        buffer[head] = nil
        head = (head + 1) % buffer.count
        count -= 1
        pthread_cond_signal(notFull)
        return item
    }
}
