import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 server: one epoll event loop per core sharing a listening socket, handlers on a worker pool
/// (or inline on the loop for routes marked `inline`).
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    let service: any HTTPService

    final class SharedState: Sendable {
        let connections = Atomic<Int>(0)
    }

    private struct Running: ~Copyable {
        var listenFD: Int32 = -1
        var port: Int = 0
        var loops: [EventLoop] = []
        var finished: DispatchGroup?
        var pool: WorkerPool?
        var stopped = false
    }
    private let state = Mutex(Running())
    let shared = SharedState()

    public init(configuration: Configuration = Configuration(), service: any HTTPService) {
        self.configuration = configuration
        self.service = service
    }

    public convenience init(configuration: Configuration = Configuration(), handler: @escaping HTTPHandler) {
        self.init(configuration: configuration, service: HandlerService(handler))
    }

    /// Binds, starts the loops and returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        signal(SIGPIPE, SIG_IGN)
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port,
                                           backlog: configuration.backlog)
        let pool = WorkerPool(threads: configuration.workerThreads)
        var loops: [EventLoop] = []
        do {
            for i in 0..<max(1, configuration.eventLoops) {
                loops.append(try EventLoop(index: i, listenFD: fd, config: configuration, service: service,
                                           pool: pool, shared: shared))
            }
        } catch {
            close(fd)
            pool.stop(timeout: .seconds(1))
            throw error
        }
        let group = DispatchGroup()
        for loop in loops {
            group.enter()
            let t = Thread {
                loop.run()
                group.leave()
            }
            t.name = "http-loop-\(loop.index)"
            t.start()
        }
        state.withLock { s in
            s.listenFD = fd
            s.port = port
            s.loops = loops
            s.finished = group
            s.pool = pool
        }
        return port
    }

    /// The bound port (0 before `start`).
    public var port: Int { state.withLock { $0.port } }

    /// Open client connections right now.
    public var connectionCount: Int { shared.connections.load(ordering: .relaxed) }

    /// Stops accepting, lets in-flight requests finish (keep-alive connections close after their
    /// current answer) and closes everything within `configuration.shutdownGrace`.
    public func shutdown() {
        let taken = state.withLock { s -> (Int32, [EventLoop], DispatchGroup?, WorkerPool?)? in
            if s.stopped || s.listenFD < 0 { return nil }
            s.stopped = true
            return (s.listenFD, s.loops, s.finished, s.pool)
        }
        guard let (fd, loops, group, pool) = taken else { return }
        let grace = configuration.shutdownGrace
        let deadline = configuration.clock() &+ grace.nanoseconds
        for loop in loops { loop.post(.shutdown(deadline: deadline)) }
        _ = group?.wait(timeout: .now() + .nanoseconds(Int(grace.nanoseconds) + 500_000_000))
        close(fd)
        pool?.stop(timeout: .milliseconds(200))
    }
}
