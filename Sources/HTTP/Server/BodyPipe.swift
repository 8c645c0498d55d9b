import Dispatch
import Synchronization

/// A streamed request body: the event loop pushes decoded bytes, a handler thread reads them.
/// When more than `highWater` bytes wait unread the loop stops reading the socket until the
/// handler catches up (`onResume`).
final class BodyPipe: BodyStream {
    private struct State: ~Copyable {
        var chunks: [[UInt8]] = []
        var head = 0
        var queued = 0
        var finished = false
        var failed = false
        var paused = false
    }
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let onResume: @Sendable () -> Void
    static let highWater = 1 << 20
    static let lowWater = 256 << 10

    init(onResume: @escaping @Sendable () -> Void) { self.onResume = onResume }

    /// Returns true when the loop should pause reading.
    func push(_ bytes: [UInt8]) -> Bool {
        let pause = state.withLock { s -> Bool in
            s.chunks.append(bytes)
            s.queued += bytes.count
            if s.queued > Self.highWater { s.paused = true }
            return s.paused
        }
        available.signal()
        return pause
    }

    func finish() { state.withLock { $0.finished = true }; available.signal() }
    func fail() { state.withLock { $0.failed = true }; available.signal() }

    var failed: Bool { state.withLock { $0.failed } }

    func read() -> [UInt8]? {
        while true {
            let (chunk, done, resume) = state.withLock { s -> ([UInt8]?, Bool, Bool) in
                if s.failed { return (nil, true, false) }
                if s.head < s.chunks.count {
                    let c = s.chunks[s.head]
                    s.chunks[s.head] = []
                    s.head += 1
                    if s.head == s.chunks.count { s.chunks.removeAll(keepingCapacity: true); s.head = 0 }
                    s.queued -= c.count
                    var resume = false
                    if s.paused && s.queued < Self.lowWater { s.paused = false; resume = true }
                    return (c, false, resume)
                }
                return (nil, s.finished, false)
            }
            if resume { onResume() }
            if let chunk { return chunk }
            if done { return nil }
            available.wait()
        }
    }
}
