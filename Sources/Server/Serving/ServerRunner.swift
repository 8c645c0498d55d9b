import API
import ControlPlane
import Dispatch
import Foundation
import HTTP
import Model

/// Wires the API to a listener, logs one access line per request, and handles SIGINT/SIGTERM.
final class ServerRunner: Sendable {
    let listener: SocketListener
    let baseURL: String
    let logger: Logger

    private init(listener: SocketListener, baseURL: String, logger: Logger) {
        self.listener = listener
        self.baseURL = baseURL
        self.logger = logger
    }

    static func start(config: ServerConfig, controlPlane: ControlPlane, logger: Logger) throws -> ServerRunner {
        signal(SIGPIPE, SIG_IGN)
        let listener = try SocketListener(host: config.host, port: config.port)
        let shownHost = config.host == "0.0.0.0" || config.host == "::" ? "127.0.0.1" : config.host
        let hostPart = shownHost.contains(":") ? "[\(shownHost)]" : shownHost
        let base = "http://\(hostPart):\(listener.boundPort)"
        let api = APIService(controlPlane: controlPlane, authRequired: config.auth,
                             links: BaseURL(external: config.externalURL, fallback: base), logger: logger)
        let matcher = RouteMatcher()
        let handlers = Dictionary(uniqueKeysWithValues: Endpoint.allCases.map { ($0, api.handler(for: $0)) })
        listener.start { request in
            let began = ContinuousClock.now
            var response = Self.route(request, matcher: matcher, handlers: handlers)
            response.headers.set("X-Request-Id", request.requestID)
            let d = ContinuousClock.now - began
            let micros = d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
            logger.info("\(request.method) \(request.path) \(response.status) \(micros)us id=\(request.requestID)")
            return response
        }
        return ServerRunner(listener: listener, baseURL: base, logger: logger)
    }

    static func route(_ request: HTTPRequest, matcher: RouteMatcher, handlers: [Endpoint: HTTPHandler]) -> HTTPResponse {
        switch matcher.match(method: request.method, path: request.path) {
        case .found(let endpoint, let params):
            var r = request
            r.pathParameters = params
            return handlers[endpoint]!(r)
        case .methodNotAllowed(let allowed):
            var h = HTTPHeaders()
            h.set("Allow", allowed.joined(separator: ", "))
            return ErrorEnvelope.response(APIError(status: 405, code: "method_not_allowed", title: "Method Not Allowed",
                                                   detail: "\(request.method) is not allowed on \(request.path); allowed: \(allowed.joined(separator: ", "))"),
                                          requestID: request.requestID, headers: h)
        case .notFound:
            return ErrorEnvelope.response(.notFound("No route for \(request.method) \(request.path)"), requestID: request.requestID)
        }
    }

    /// Blocks until `signals` fires, then drains in-flight requests (at most 4 s).
    func waitForShutdown(_ signals: ShutdownSignals) {
        signals.wait()
        logger.info("shutting down")
        listener.shutdownGracefully(timeout: 4)
    }
}

/// SIGINT/SIGTERM observed through Dispatch sources. Install before announcing readiness so a signal
/// sent right after the banner is never lost.
final class ShutdownSignals: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "signals")
        for sig in [SIGINT, SIGTERM] {
            let s = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            s.setEventHandler { [done] in done.signal() }
            s.resume()
            sources.append(s)
            signal(sig, SIG_IGN)
        }
    }

    func wait() { done.wait() }
}
