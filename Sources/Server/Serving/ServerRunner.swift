import API
import ControlPlane
import Dispatch
import Foundation
import HTTP
import Model
import Synchronization

/// Wires the API router into the HTTP server and stops it on SIGINT/SIGTERM.
final class ServerRunner: Sendable {
    let server: HTTPServer
    let baseURL: String
    let logger: Logger

    private init(server: HTTPServer, baseURL: String, logger: Logger) {
        self.server = server
        self.baseURL = baseURL
        self.logger = logger
    }

    static func start(config: ServerConfig, controlPlane: ControlPlane, logger: Logger) throws -> ServerRunner {
        var httpConfig = HTTPServer.Configuration(host: config.host, port: config.port)
        httpConfig.shutdownGrace = .seconds(4)
        // The real port is only known after binding; links fall back to it when a request has no Host.
        let fallback = SharedString("http://\(config.host):\(config.port)")
        let api = APIService(controlPlane: controlPlane, authRequired: config.auth,
                             links: BaseURL(external: config.externalURL, fallback: { fallback.value }), logger: logger)
        let accessLog: (@Sendable (String) -> Void)? = logger.level <= .info ? { @Sendable (line: String) -> Void in logger.info(line) } : nil
        let server = HTTPServer(configuration: httpConfig, service: api.makeService(accessLog: accessLog))
        let port = try server.start()
        let shownHost = config.host == "0.0.0.0" || config.host == "::" ? "127.0.0.1" : config.host
        let hostPart = shownHost.contains(":") ? "[\(shownHost)]" : shownHost
        let base = "http://\(hostPart):\(port)"
        fallback.value = base
        return ServerRunner(server: server, baseURL: base, logger: logger)
    }

    /// Blocks until `signals` fires, then stops accepting and drains in-flight requests.
    func waitForShutdown(_ signals: ShutdownSignals) {
        signals.wait()
        logger.info("shutting down")
        server.shutdown()
    }
}

/// SIGINT/SIGTERM, received with `sigwait`. Created first thing in `main`: it blocks both signals in the
/// main thread, so every thread started afterwards inherits the block and a signal stays pending until
/// `wait` takes it. (Dispatch signal sources plus `SIG_IGN` lost signals under load: with the handler
/// set to ignore and the main thread not blocking them, the kernel dropped SIGTERM before libdispatch's
/// signalfd could see it, and the server never shut down.)
final class ShutdownSignals: @unchecked Sendable {
    private var set = sigset_t()

    init() {
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    func wait() {
        var signal: Int32 = 0
        var waitSet = set
        while sigwait(&waitSet, &signal) != 0 {}
    }
}

/// A string written once after binding and read by request handlers.
final class SharedString: Sendable {
    private let storage: Mutex<String>
    init(_ s: String) { storage = Mutex(s) }
    var value: String {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
