import CEpoll
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One epoll loop on its own thread: accepts from the shared listener, reads, parses, writes.
/// All `Connection` state is confined to this thread; other threads talk to it through `post`.
final class EventLoop: @unchecked Sendable {
    enum Message {
        /// Response bytes for the connection's current request; `writer` set when a stream follows.
        case response(fd: Int32, serial: UInt64, bytes: [UInt8], keepAlive: Bool, writer: StreamChunkWriter?)
        case chunk(fd: Int32, serial: UInt64, bytes: [UInt8])
        case streamEnd(fd: Int32, serial: UInt64, chunked: Bool)
        case resumeRead(fd: Int32, serial: UInt64)
        case shutdown(deadline: UInt64)
    }

    let epfd: Int32
    let wakeFD: Int32
    let listenFD: Int32
    let config: HTTPServer.Configuration
    let service: any HTTPService
    let pool: WorkerPool
    let shared: HTTPServer.SharedState
    let index: Int

    private struct Inbox { var messages: [Message] = []; var stopped = false }
    private let inbox = Mutex(Inbox())
    private let wakePending = Atomic<Bool>(false)

    // Loop-confined state.
    var connections: [Connection?] = []
    var connectionCount = 0
    var nextSerial: UInt64 = 1
    var shuttingDown = false
    var shutdownDeadline: UInt64 = 0
    var listening = true
    let readBuffer: UnsafeMutableRawBufferPointer
    let tickNanos: UInt64
    var lastSweep: UInt64 = 0

    static let listenTag: UInt64 = .max
    static let wakeTag: UInt64 = .max - 1

    init(index: Int, listenFD: Int32, config: HTTPServer.Configuration, service: any HTTPService,
         pool: WorkerPool, shared: HTTPServer.SharedState) throws {
        self.index = index
        self.listenFD = listenFD
        self.config = config
        self.service = service
        self.pool = pool
        self.shared = shared
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw Socket.Failure(call: "epoll_create1", code: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw Socket.Failure(call: "eventfd", code: errno) }
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        let shortest = min(config.headerReadTimeout.nanoseconds, config.idleTimeout.nanoseconds)
        tickNanos = max(5_000_000, min(250_000_000, shortest / 4))
        var ev = epoll_event()
        cepoll_set(&ev, EPOLLIN.rawValue, Self.wakeTag)
        epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFD, &ev)
        cepoll_set(&ev, EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue, Self.listenTag)
        epoll_ctl(epfd, EPOLL_CTL_ADD, listenFD, &ev)
    }

    deinit {
        readBuffer.deallocate()
        close(epfd)
        close(wakeFD)
    }

    // MARK: Cross-thread

    /// Hands `message` to the loop thread; false once the loop has stopped (the message is dropped,
    /// and a stream writer it carries is closed).
    @discardableResult
    func post(_ message: Message) -> Bool {
        let accepted = inbox.withLock { box -> Bool in
            if box.stopped { return false }
            box.messages.append(message)
            return true
        }
        guard accepted else {
            if case .response(_, _, _, _, let writer?) = message { writer.close() }
            return false
        }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
        return true
    }

    // MARK: Loop

    func run() {
        let maxEvents = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: maxEvents)
        defer { events.deallocate() }
        lastSweep = config.clock()
        while true {
            let timeoutMs = Int32(tickNanos / 1_000_000)
            let n = epoll_wait(epfd, events, Int32(maxEvents), timeoutMs)
            if n < 0 && errno != EINTR { break }
            let now = config.clock()
            if n > 0 {
                for i in 0..<Int(n) {
                    let tag = cepoll_data(events + i)
                    let flags = cepoll_events(events + i)
                    switch tag {
                    case Self.listenTag: acceptConnections(now: now)
                    case Self.wakeTag: drainInbox(now: now)
                    default: handleEvent(fd: Int32(truncatingIfNeeded: tag), flags: flags, now: now)
                    }
                }
            }
            if now &- lastSweep >= tickNanos {
                lastSweep = now
                sweep(now: now)
            }
            if shuttingDown && (connectionCount == 0 || now >= shutdownDeadline) {
                closeAll()
                break
            }
        }
        let leftovers = inbox.withLock { box -> [Message] in
            box.stopped = true
            let out = box.messages
            box.messages.removeAll()
            return out
        }
        for case .response(_, _, _, _, let writer?) in leftovers { writer.close() }
    }

    private func drainInbox(now: UInt64) {
        var counter: UInt64 = 0
        _ = read(wakeFD, &counter, 8)
        wakePending.store(false, ordering: .sequentiallyConsistent)
        let messages = inbox.withLock { box -> [Message] in
            let out = box.messages
            box.messages.removeAll(keepingCapacity: true)
            return out
        }
        for message in messages { handle(message, now: now) }
    }

    private func handle(_ message: Message, now: UInt64) {
        switch message {
        case .shutdown(let deadline):
            beginShutdown(deadline: deadline)
        case .response(let fd, let serial, let bytes, let keepAlive, let writer):
            guard let c = connection(fd, serial) else { writer?.close(); return }
            c.lastActivity = now
            c.output.append(contentsOf: bytes)
            if !keepAlive { c.keepAlive = false }
            if let writer {
                if c.phase == .waiting { c.phase = .streaming }
                c.streamWriter = writer
                flush(c)
            } else {
                finishResponse(c, now: now)
            }
        case .chunk(let fd, let serial, let bytes):
            guard let c = connection(fd, serial) else { return }
            c.lastActivity = now
            c.output.append(contentsOf: bytes)
            flush(c)
        case .streamEnd(let fd, let serial, let chunked):
            guard let c = connection(fd, serial) else { return }
            if chunked { c.output.append(contentsOf: ResponseSerializer.lastChunk) } else { c.keepAlive = false }
            c.streamWriter = nil
            finishResponse(c, now: now)
        case .resumeRead(let fd, let serial):
            guard let c = connection(fd, serial), c.readPaused else { return }
            c.readPaused = false
            updateInterest(c)
            onReadable(c, now: now)
        }
    }

    private func connection(_ fd: Int32, _ serial: UInt64) -> Connection? {
        guard fd >= 0, Int(fd) < connections.count, let c = connections[Int(fd)], c.serial == serial else { return nil }
        return c
    }

    // MARK: Accept

    private func acceptConnections(now: UInt64) {
        guard listening else { return }
        for _ in 0..<64 {
            let fd = cepoll_accept_nonblocking(listenFD)
            if fd < 0 { return }
            if shared.connections.wrappingAdd(1, ordering: .relaxed).newValue > config.maxConnections {
                shared.connections.wrappingSubtract(1, ordering: .relaxed)
                rejectOverloaded(fd)
                continue
            }
            Socket.setNoDelay(fd)
            let c = Connection(fd: fd, serial: nextSerial, now: now)
            nextSerial += 1
            register(c)
            connectionCount += 1
        }
    }

    /// Beyond `maxConnections`: a 503 written straight away, then a lingering close on a helper thread
    /// so the client reads the answer instead of a reset.
    private func rejectOverloaded(_ fd: Int32) {
        let response = HTTPErrorBody.response(status: 503, code: "service_unavailable",
                                              detail: "Too many connections; retry later.")
        var out: [UInt8] = []
        Self.serialize(response, into: &out, keepAlive: false, minorVersion: 1, isHead: false)
        _ = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        pool.submit {
            Socket.setTimeout(fd, seconds: 1)
            var flags = fcntl(fd, F_GETFL)
            flags &= ~O_NONBLOCK
            _ = fcntl(fd, F_SETFL, flags)
            var scratch = [UInt8](repeating: 0, count: 4096)
            var total = 0
            while total < 1 << 20 {
                let n = recv(fd, &scratch, scratch.count, 0)
                if n <= 0 { break }
                total += n
            }
            close(fd)
        }
    }

    private func register(_ c: Connection) {
        let slot = Int(c.fd)
        if slot >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: slot - connections.count + 1 + 64))
        }
        connections[slot] = c
        c.interest = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        var ev = epoll_event()
        cepoll_set(&ev, c.interest, UInt64(c.fd))
        epoll_ctl(epfd, EPOLL_CTL_ADD, c.fd, &ev)
    }

    func updateInterest(_ c: Connection) {
        // Level-triggered: while reads are paused, RDHUP would fire continuously, so it goes too.
        var want: UInt32 = 0
        if !c.readPaused { want |= EPOLLIN.rawValue | (c.peerClosed ? 0 : EPOLLRDHUP.rawValue) }
        if c.pendingOutput > 0 { want |= EPOLLOUT.rawValue }
        guard want != c.interest else { return }
        c.interest = want
        var ev = epoll_event()
        cepoll_set(&ev, want, UInt64(c.fd))
        epoll_ctl(epfd, EPOLL_CTL_MOD, c.fd, &ev)
    }

    // MARK: Events

    private func handleEvent(fd: Int32, flags: UInt32, now: UInt64) {
        guard Int(fd) < connections.count, let c = connections[Int(fd)] else { return }
        if flags & EPOLLERR.rawValue != 0 { closeConnection(c); return }
        if flags & EPOLLOUT.rawValue != 0 {
            flush(c)
            guard connections[Int(fd)] === c else { return }
        }
        if c.readPaused {
            // Both directions are gone (HUP): nobody can read an answer any more.
            if flags & EPOLLHUP.rawValue != 0 { closeConnection(c) }
            return
        }
        if flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            onReadable(c, now: now)
        }
    }

    func onReadable(_ c: Connection, now: UInt64) {
        var gotEOF = false
        while !c.readPaused {
            let n = recv(c.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if n > 0 {
                if c.phase == .draining { if now >= c.drainDeadline { closeConnection(c); return }; continue }
                if c.pendingInput == 0 && c.phase == .head { c.requestStart = now }
                c.input.append(contentsOf: UnsafeRawBufferPointer(start: readBuffer.baseAddress, count: n))
                c.lastActivity = now
                if n < readBuffer.count { break }
                // Do not let one connection buffer without bound while a handler runs.
                if c.pendingInput > config.maxHeaderBytes + 256 * 1024 && (c.phase == .waiting || c.phase == .streaming) {
                    c.readPaused = true      // resumed when the current answer is complete
                    updateInterest(c)
                    break
                }
            } else if n == 0 {
                gotEOF = true
                break
            } else {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                closeConnection(c)
                return
            }
        }
        if gotEOF { c.peerClosed = true }
        process(c, now: now)
        guard connections[Int(c.fd)] === c else { return }
        if gotEOF { handlePeerClosed(c) }
    }

    private func handlePeerClosed(_ c: Connection) {
        switch c.phase {
        case .head, .draining:
            // Answers already queued still go out, then the connection ends.
            if c.pendingOutput == 0 { closeConnection(c); return }
            c.closeAfterFlush = true
            c.keepAlive = false
            c.readPaused = true
            updateInterest(c)
        case .body, .chunkedBody:
            if let pipe = c.bodyPipe { pipe.fail() }
            closeConnection(c)
        case .waiting, .streaming:
            // A half-closed client may still read its answer; stop reading and close after it.
            c.keepAlive = false
            c.readPaused = true
            updateInterest(c)
        }
    }

    // MARK: Timers and shutdown

    private func sweep(now: UInt64) {
        let headerTimeout = config.headerReadTimeout.nanoseconds
        let idle = config.idleTimeout.nanoseconds
        for case let c? in connections {
            switch c.phase {
            case .head:
                if c.pendingInput > 0 {
                    if now &- c.requestStart > headerTimeout {
                        fail(c, ProtocolError.timeout("The request head was not received in time."), now: now)
                    }
                } else if c.pendingOutput == 0 && now &- c.lastActivity > idle {
                    closeConnection(c)
                } else if c.pendingOutput > 0 && now &- c.lastActivity > idle {
                    closeConnection(c)
                }
            case .body, .chunkedBody:
                if now &- c.lastActivity > idle {
                    c.bodyPipe?.fail()
                    if c.bodyPipe != nil && c.phase != .head { closeConnection(c) } else {
                        fail(c, ProtocolError.timeout("The request body was not received in time."), now: now)
                    }
                }
            case .draining:
                if now >= c.drainDeadline { closeConnection(c) }
            case .waiting, .streaming:
                if c.pendingOutput > 0 && now &- c.lastActivity > idle { closeConnection(c) }
            }
        }
    }

    private func beginShutdown(deadline: UInt64) {
        shuttingDown = true
        shutdownDeadline = deadline
        if listening {
            listening = false
            epoll_ctl(epfd, EPOLL_CTL_DEL, listenFD, nil)
        }
        for case let c? in connections {
            c.keepAlive = false
            if c.phase == .head && c.pendingInput == 0 && c.pendingOutput == 0 { closeConnection(c) }
        }
    }

    private func closeAll() {
        for case let c? in connections { closeConnection(c) }
    }

    func closeConnection(_ c: Connection) {
        guard Int(c.fd) < connections.count, connections[Int(c.fd)] === c else { return }
        connections[Int(c.fd)] = nil
        connectionCount -= 1
        shared.connections.wrappingSubtract(1, ordering: .relaxed)
        c.streamWriter?.close()
        c.bodyPipe?.fail()
        close(c.fd)
    }
}
