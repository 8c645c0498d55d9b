#if canImport(Glibc)
import Glibc
#endif

extension HTTPServer {
    public struct Configuration: Sendable {
        public var host: String = "127.0.0.1"
        /// 0 picks an ephemeral port; `HTTPServer.port` reports the bound one.
        public var port: Int = 0
        /// Request line plus headers; beyond it the answer is 431.
        public var maxHeaderBytes: Int = 16 * 1024
        /// Buffered request bodies; beyond it the answer is 413 (streamed-body routes are exempt).
        public var maxBodyBytes: Int = 8 * 1024 * 1024
        /// Time allowed from a request's first byte to the end of its head (slowloris guard) → 408.
        public var headerReadTimeout: Duration = .seconds(10)
        /// An idle keep-alive connection, or a request body making no progress, is closed after this.
        public var idleTimeout: Duration = .seconds(60)
        /// Connections beyond this are answered 503 and closed.
        public var maxConnections: Int = 10_000
        /// Event loops (one per core by default).
        public var eventLoops: Int = HTTPServer.coreCount
        /// Threads that run non-inline handlers (they may block on SQLite fsync).
        public var workerThreads: Int = max(64, HTTPServer.coreCount * 16)
        public var backlog: Int32 = 4096
        /// How long `shutdown()` waits for in-flight requests before closing everything.
        public var shutdownGrace: Duration = .seconds(5)
        /// Monotonic clock in nanoseconds (injectable for tests).
        public var clock: @Sendable () -> UInt64 = { MonotonicClock.nanoseconds() }

        public init() {}
        public init(host: String = "127.0.0.1", port: Int = 0) {
            self.host = host
            self.port = port
        }
    }

    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (s, a) = components
        return UInt64(max(0, s)) * 1_000_000_000 + UInt64(max(0, a / 1_000_000_000))
    }
}
