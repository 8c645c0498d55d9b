import CEpoll
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A measurement prototype, not the server: the keep-alive request path of `HTTPServer` on Dispatch read
/// sources instead of epoll loops, so `flinkcloud-bench http --loop dispatch` can compare the two designs
/// (issue #2) with everything else equal — the same parser, `HTTPService`, middlewares and response
/// serializer. One serial queue per core owns its connections (like one epoll loop per core); the
/// listener is a read source too. It answers requests without bodies (and Content-Length bodies already
/// received), inline on the connection's queue or on a concurrent queue for non-inline routes; it has none
/// of the server's limits, timeouts, chunked bodies or streaming, so it must not serve real traffic.
/// `start` and `stop` are called from one thread (the benchmark's).
public final class DispatchSourceServer: @unchecked Sendable {
    private let service: any HTTPService
    private let queues: [DispatchQueue]
    private let acceptQueue = DispatchQueue(label: "dispatch-proto-accept")
    private let workers = DispatchQueue(label: "dispatch-proto-workers", attributes: .concurrent)
    private var listener: (any DispatchSourceRead)?
    private let next = Atomic<Int>(0)
    private let connections = Mutex<[Int32: DispatchConnection]>([:])

    public init(service: any HTTPService, queues: Int = HTTPServer.coreCount) {
        self.service = service
        self.queues = (0..<max(1, queues)).map { DispatchQueue(label: "dispatch-proto-\($0)") }
    }

    /// Binds and starts accepting; returns the bound port.
    public func start(host: String = "127.0.0.1", port: Int = 0) throws -> Int {
        signal(SIGPIPE, SIG_IGN)
        let (fd, bound) = try Socket.listen(host: host, port: port, backlog: 4096)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: acceptQueue)
        source.setEventHandler { [self] in acceptAll(fd) }
        source.setCancelHandler { close(fd) }
        listener = source
        source.resume()
        return bound
    }

    /// Stops accepting and closes every connection.
    public func stop() {
        listener?.cancel()
        listener = nil
        let open = connections.withLock { c -> [DispatchConnection] in
            defer { c.removeAll() }
            return Array(c.values)
        }
        for c in open { c.queue.async { c.close() } }
    }

    private func acceptAll(_ listenFD: Int32) {
        while true {
            let fd = cepoll_accept_nonblocking(listenFD)
            if fd < 0 { return }
            Socket.setNoDelay(fd)
            let queue = queues[next.add(1, ordering: .relaxed).newValue % queues.count]
            let c = DispatchConnection(fd: fd, queue: queue)
            connections.withLock { $0[fd] = c }
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
            c.source = source
            source.setEventHandler { [self] in readable(c) }
            source.setCancelHandler { [self] in
                connections.withLock { if $0[fd] === c { $0[fd] = nil } }
                Glibc.close(fd)
            }
            source.resume()
        }
    }

    /// On the connection's queue: read what is there, answer every complete request in order.
    private func readable(_ c: DispatchConnection) {
        var eof = false
        while true {
            let n = c.scratch.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                c.input.append(contentsOf: c.scratch[0..<n])
                if n < c.scratch.count { break }
            } else if n == 0 {
                eof = true
                break
            } else if errno == EINTR {
                continue
            } else {
                if errno != EAGAIN && errno != EWOULDBLOCK { eof = true }
                break
            }
        }
        if !c.waiting { process(c) }
        if eof { c.close() }
    }

    private func process(_ c: DispatchConnection) {
        while !c.waiting && c.start < c.input.count {
            let parsed = c.input.withUnsafeBufferPointer { all in
                RequestParser.parseHead(UnsafeBufferPointer(rebasing: all[c.start...]), maxHeaderBytes: 16 * 1024)
            }
            guard case .head(let head, let consumed) = parsed else {
                if case .failure = parsed { c.close() }
                break
            }
            let length = head.chunked ? -1 : (head.contentLength ?? 0)
            guard length >= 0 else { c.close(); return }
            guard c.input.count - c.start - consumed >= length else { break }   // body not complete yet
            let bodyStart = c.start + consumed
            var request = HTTPRequest(method: head.method, path: head.path, query: head.query, headers: head.headers,
                                      body: length > 0 ? Array(c.input[bodyStart..<(bodyStart + length)]) : [])
            c.start = bodyStart + length
            let options = service.prepare(&request)
            if options.inline {
                respond(c, service.handle(request), head: head)
            } else {
                c.waiting = true
                let service = self.service
                let request = request
                workers.async { [self] in
                    let response = service.handle(request)
                    c.queue.async { [self] in
                        c.waiting = false
                        respond(c, response, head: head)
                        process(c)
                    }
                }
            }
        }
        if c.start > 0 && c.start == c.input.count {
            c.input.removeAll(keepingCapacity: true)
            c.start = 0
        }
    }

    private func respond(_ c: DispatchConnection, _ response: HTTPResponse, head: RequestHead) {
        var out: [UInt8] = []
        EventLoop.serialize(response, into: &out, keepAlive: head.keepAlive, minorVersion: head.minorVersion, isHead: head.isHead)
        var sent = 0
        while sent < out.count {
            let n = out.withUnsafeBytes { send(c.fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                // Small answers fit the socket buffer; a full buffer waits for the peer (prototype).
                var p = pollfd(fd: c.fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&p, 1, 1000)
                continue
            }
            c.close()
            return
        }
        if !head.keepAlive { c.close() }
    }
}

/// One connection of the prototype; confined to its queue.
final class DispatchConnection: @unchecked Sendable {
    let fd: Int32
    let queue: DispatchQueue
    var source: (any DispatchSourceRead)?
    var input: [UInt8] = []
    var start = 0
    var scratch = [UInt8](repeating: 0, count: 16 * 1024)
    var waiting = false
    private var closed = false

    init(fd: Int32, queue: DispatchQueue) {
        self.fd = fd
        self.queue = queue
    }

    func close() {
        guard !closed else { return }
        closed = true
        source?.cancel()
    }
}
