import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking-socket HTTP/1.1 listener: one accept thread, one thread per connection (keep-alive,
/// pipelining answered in order). Interim serving layer for `flinkcloud` until the HTTP module's
/// epoll server is available; it keeps the same `HTTPHandler` contract.
final class SocketListener: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let listenFD: Int32
    let boundPort: Int
    let host: String
    private let state = NSLock()
    private var stopping = false
    private var inFlight = 0
    private var connections: Set<Int32> = []
    private var idle: Set<Int32> = []

    init(host: String, port: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let info = result else {
            throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw Failure(description: "socket() failed: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let msg = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot listen on \(host):\(port): \(msg)")
        }
        guard listen(fd, 1024) == 0 else {
            close(fd)
            throw Failure(description: "listen() failed: \(String(cString: strerror(errno)))")
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &len) }
        }
        let family = Int32(storage.ss_family)
        let port: UInt16 = withUnsafePointer(to: &storage) { p in
            if family == AF_INET6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        listenFD = fd
        boundPort = Int(port)
        self.host = host
    }

    /// Starts the accept loop on its own thread.
    func start(_ handler: @escaping HTTPConnection.Handler) {
        let t = Thread { [self] in acceptLoop(handler) }
        t.name = "accept"
        t.start()
    }

    private func acceptLoop(_ handler: @escaping HTTPConnection.Handler) {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE {
                    if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                    if isStopping { return }
                    continue
                }
                return
            }
            if isStopping { close(client); return }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var tv = timeval(tv_sec: 60, tv_usec: 0)   // idle keep-alive / slow header timeout
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            state.lock(); connections.insert(client); idle.insert(client); state.unlock()
            let thread = Thread { [self] in
                var connection = HTTPConnection(fd: client, listener: self, handler: handler)
                connection.serve()
                state.lock(); connections.remove(client); idle.remove(client); state.unlock()
                close(client)
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    var isStopping: Bool { state.lock(); defer { state.unlock() }; return stopping }

    /// Called by connections around each request (graceful shutdown waits for in-flight requests).
    func beginRequest(_ fd: Int32) -> Bool {
        state.lock(); defer { state.unlock() }
        if stopping { return false }
        inFlight += 1
        idle.remove(fd)
        return true
    }

    func endRequest(_ fd: Int32) {
        state.lock()
        inFlight -= 1
        idle.insert(fd)
        if stopping { shutdown(fd, Int32(SHUT_RD)) }
        state.unlock()
    }

    /// Stops accepting, wakes idle keep-alive connections, and waits up to `timeout` for in-flight requests.
    func shutdownGracefully(timeout: Double) {
        state.lock()
        stopping = true
        for fd in idle { shutdown(fd, Int32(SHUT_RD)) }
        state.unlock()
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            state.lock(); let busy = inFlight; state.unlock()
            if busy == 0 { return }
            usleep(5_000)
        }
    }
}
