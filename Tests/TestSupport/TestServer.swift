import HTTP

/// An in-process `HTTPServer` on an ephemeral port for tests; `stop()` shuts it down.
public final class TestServer: Sendable {
    public let server: HTTPServer
    public let port: Int

    public init(configuration: HTTPServer.Configuration = TestServer.defaultConfiguration(), router: Router) throws {
        server = HTTPServer(configuration: configuration, service: router)
        port = try server.start()
    }

    public init(configuration: HTTPServer.Configuration = TestServer.defaultConfiguration(), service: any HTTPService) throws {
        server = HTTPServer(configuration: configuration, service: service)
        port = try server.start()
    }

    /// Small pools so tests stay light on a shared machine.
    public static func defaultConfiguration() -> HTTPServer.Configuration {
        var c = HTTPServer.Configuration()
        c.eventLoops = 2
        c.workerThreads = 4
        return c
    }

    public func client(timeoutSeconds: Double = 10) -> HTTPClient {
        HTTPClient(host: "127.0.0.1", port: port, timeoutSeconds: timeoutSeconds)
    }

    public func raw(timeoutSeconds: Double = 5) throws -> RawConnection {
        try RawConnection(port: port, timeoutSeconds: timeoutSeconds)
    }

    public func stop() { server.shutdown() }
}
