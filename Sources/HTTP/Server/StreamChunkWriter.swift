import Dispatch
import Synchronization

/// `ChunkWriter` for a streamed response: frames each chunk and hands it to the connection's loop.
/// Blocks the writing (worker) thread while too much output waits unsent.
final class StreamChunkWriter: ChunkWriter {
    private struct State { var queued = 0; var closed = false; var waiting = false }
    private let state = Mutex(State())
    private let drainedSignal = DispatchSemaphore(value: 0)
    let chunked: Bool
    private let post: @Sendable ([UInt8]) -> Bool
    static let highWater = 512 << 10

    init(chunked: Bool, post: @escaping @Sendable ([UInt8]) -> Bool) {
        self.chunked = chunked
        self.post = post
    }

    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        if state.withLock({ $0.closed }) { return false }
        if bytes.isEmpty { return true }
        var framed: [UInt8]
        if chunked {
            framed = []
            framed.reserveCapacity(bytes.count + 12)
            ResponseSerializer.appendChunk(&framed, bytes)
        } else {
            framed = bytes
        }
        let n = framed.count
        state.withLock { $0.queued += n }
        if !post(framed) { close(); return false }
        while true {
            let (closed, mustWait) = state.withLock { s -> (Bool, Bool) in
                if s.closed { return (true, false) }
                if s.queued > Self.highWater { s.waiting = true; return (false, true) }
                return (false, false)
            }
            if closed { return false }
            if !mustWait { return true }
            _ = drainedSignal.wait(timeout: .now() + .milliseconds(500))
        }
    }

    /// The loop sent everything queued so far.
    func drained() {
        let wake = state.withLock { s -> Bool in
            s.queued = 0
            let w = s.waiting
            s.waiting = false
            return w
        }
        if wake { drainedSignal.signal() }
    }

    /// The client went away (or the server is closing the connection).
    func close() {
        state.withLock { $0.closed = true }
        drainedSignal.signal()
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}
