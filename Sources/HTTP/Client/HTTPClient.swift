import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client over one keep-alive connection (reconnects when the server closed it).
/// Calls are serialized; use one client per thread for parallel load.
public final class HTTPClient: Sendable {
    public let host: String
    public let port: Int
    public let timeoutSeconds: Double
    public let defaultHeaders: HTTPHeaders

    private struct Conn: ~Copyable { var fd: Int32 = -1; var reader: SocketReader? }
    private let conn = Mutex(Conn())

    /// `timeoutSeconds` bounds each send/receive wait; 0 waits forever (e.g. `logs --follow`).
    public init(host: String, port: Int, timeoutSeconds: Double = 30, defaultHeaders: HTTPHeaders = HTTPHeaders()) {
        self.host = host
        self.port = port
        self.timeoutSeconds = timeoutSeconds
        self.defaultHeaders = defaultHeaders
    }

    /// From a base URL such as `http://localhost:8080` (a path part is ignored).
    public convenience init?(url: String, timeoutSeconds: Double = 30, defaultHeaders: HTTPHeaders = HTTPHeaders()) {
        guard let parts = HTTPClient.parse(url: url) else { return nil }
        self.init(host: parts.host, port: parts.port, timeoutSeconds: timeoutSeconds, defaultHeaders: defaultHeaders)
    }

    deinit { close() }

    /// Splits `http://host[:port][/path]` into its pieces (port 80 when absent).
    public static func parse(url: String) -> (host: String, port: Int, path: String)? {
        var rest = Substring(url)
        if rest.hasPrefix("http://") { rest = rest.dropFirst(7) } else if rest.contains("://") { return nil }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        var host = String(authority)
        var port = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { guard let p = Int(after.dropFirst()) else { return nil }; port = p }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        }
        guard !host.isEmpty, (0...65535).contains(port) else { return nil }
        return (host, port, path)
    }

    public func close() {
        conn.withLock { c in
            if c.fd >= 0 { Glibc.close(c.fd) }
            c.fd = -1
            c.reader = nil
        }
    }

    public func get(_ path: String, headers: HTTPHeaders = HTTPHeaders()) throws -> HTTPClientResponse {
        try request("GET", path, headers: headers)
    }

    /// Sends one request and reads the whole response.
    public func request(_ method: String, _ path: String, headers: HTTPHeaders = HTTPHeaders(),
                        body: [UInt8] = []) throws -> HTTPClientResponse {
        try conn.withLock { c in
            let head = buildHead(method, path, headers, body)
            return try withRetry(&c) { c in
                try send(c.fd, head, body)
                var reader = c.reader!
                defer { c.reader = reader }
                let (status, respHeaders) = try readHead(&reader)
                let resp = try readBody(&reader, method: method, status: status, headers: respHeaders)
                if respHeaders["Connection"]?.lowercased() == "close" { dropConnection(&c) }
                return resp
            }
        }
    }

    /// Sends one request and hands the response body to `onLine` line by line (without the newline)
    /// as it arrives, e.g. for `logs --follow`. `onLine` returns false to stop (the connection is then closed).
    /// Returns status and headers; for a non-2xx status the body is read whole and given as lines too.
    @discardableResult
    public func streamLines(_ method: String, _ path: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                            onLine: (String) -> Bool) throws -> (status: Int, headers: HTTPHeaders) {
        try conn.withLock { c in
            let head = buildHead(method, path, headers, body)
            return try withRetry(&c) { c in
                try send(c.fd, head, body)
                var reader = c.reader!
                let (status, respHeaders) = try readHead(&reader)
                var pending: [UInt8] = []
                var stopped = false
                let deliver: ([UInt8]) -> Void = { data in
                    guard !stopped else { return }
                    pending.append(contentsOf: data)
                    while let nl = pending.firstIndex(of: 10) {
                        var end = nl
                        if end > 0 && pending[end - 1] == 13 { end -= 1 }
                        let line = String(decoding: pending[..<end], as: UTF8.self)
                        pending.removeFirst(nl + 1)
                        if !onLine(line) { stopped = true; return }
                    }
                }
                try readBodyIncrementally(&reader, method: method, status: status, headers: respHeaders,
                                          stop: { stopped }, deliver)
                if !stopped && !pending.isEmpty { _ = onLine(String(decoding: pending, as: UTF8.self)) }
                c.reader = reader
                if stopped || respHeaders["Connection"]?.lowercased() == "close" { dropConnection(&c) }
                return (status, respHeaders)
            }
        }
    }

    // MARK: Internals

    private func buildHead(_ method: String, _ path: String, _ headers: HTTPHeaders, _ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "\(method) \(path) HTTP/1.1\r\n".utf8)
        var all = defaultHeaders
        for f in headers { all.set(f.name, f.value) }
        if all["Host"] == nil { out.append(contentsOf: "Host: \(host):\(port)\r\n".utf8) }
        for f in all { out.append(contentsOf: "\(f.name): \(f.value)\r\n".utf8) }
        if all["Content-Length"] == nil && all["Transfer-Encoding"] == nil && (!body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH") {
            out.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        return out
    }

    private func withRetry<T>(_ c: inout Conn, _ body: (inout Conn) throws -> T) throws -> T {
        let reused = c.fd >= 0
        if !reused { try connect(&c) }
        let before = c.reader?.received ?? 0
        do {
            return try body(&c)
        } catch let e as HTTPClientError where reused && (c.reader?.received ?? 0) == before && e.code != "timeout" {
            // The server closed an idle keep-alive connection: retry once on a fresh one.
            dropConnection(&c)
            try connect(&c)
            do { return try body(&c) } catch { dropConnection(&c); throw error }
        } catch {
            dropConnection(&c)
            throw error
        }
    }

    private func connect(_ c: inout Conn) throws {
        do {
            c.fd = try Socket.connect(host: host, port: port, timeoutSeconds: timeoutSeconds)
        } catch let e as Socket.Failure {
            throw HTTPClientError(code: "connect_failed", detail: e.description)
        }
        c.reader = SocketReader(fd: c.fd)
    }

    private func dropConnection(_ c: inout Conn) {
        if c.fd >= 0 { Glibc.close(c.fd) }
        c.fd = -1
        c.reader = nil
    }

    private func send(_ fd: Int32, _ head: [UInt8], _ body: [UInt8]) throws {
        var all = head
        all.append(contentsOf: body)
        let ok = all.withUnsafeBytes { Socket.sendAll(fd, $0) }
        if !ok { throw HTTPClientError.io("send failed: \(String(cString: strerror(errno)))") }
    }

    private func readHead(_ reader: inout SocketReader) throws -> (Int, HTTPHeaders) {
        while true {
            guard let line = try reader.readLine() else { throw HTTPClientError.io("Connection closed before a response.") }
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
                throw HTTPClientError.malformed("Bad status line: \(text.prefix(80))")
            }
            var headers = HTTPHeaders()
            while let h = try reader.readLine(), !h.isEmpty {
                let t = String(decoding: h, as: UTF8.self)
                guard let colon = t.firstIndex(of: ":") else { throw HTTPClientError.malformed("Bad header line.") }
                headers.add(String(t[..<colon]), String(t[t.index(after: colon)...].trimmingSpaces))
            }
            if (100..<200).contains(status) { continue }  // 100 Continue and friends
            return (status, headers)
        }
    }

    private func readBody(_ reader: inout SocketReader, method: String, status: Int, headers: HTTPHeaders) throws -> HTTPClientResponse {
        var body: [UInt8] = []
        try readBodyIncrementally(&reader, method: method, status: status, headers: headers, stop: { false }) { body.append(contentsOf: $0) }
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    private func readBodyIncrementally(_ reader: inout SocketReader, method: String, status: Int, headers: HTTPHeaders,
                                       stop: () -> Bool, _ deliver: ([UInt8]) -> Void) throws {
        if method == "HEAD" || status == 204 || status == 304 { return }
        if headers["Transfer-Encoding"]?.lowercased().contains("chunked") == true {
            while !stop() {
                guard let sizeLine = try reader.readLine() else { throw HTTPClientError.io("Connection closed mid-body.") }
                let text = String(decoding: sizeLine, as: UTF8.self)
                let hex = text.split(separator: ";").first.map { String($0).trimmingCharacters() } ?? ""
                guard let size = Int(hex, radix: 16) else { throw HTTPClientError.malformed("Bad chunk size '\(text)'.") }
                if size == 0 {
                    while let t = try reader.readLine(), !t.isEmpty {}
                    return
                }
                deliver(try reader.readExact(size))
                _ = try reader.readExact(2)
            }
        } else if let cl = headers["Content-Length"] {
            guard var remaining = Int(cl) else { throw HTTPClientError.malformed("Bad Content-Length.") }
            while remaining > 0 && !stop() {
                let part = try reader.readSome(max: remaining)
                if part.isEmpty { throw HTTPClientError.io("Connection closed mid-body.") }
                remaining -= part.count
                deliver(part)
            }
        } else {
            while !stop() {
                let part = try reader.readSome(max: 64 * 1024)
                if part.isEmpty { return }
                deliver(part)
            }
        }
    }
}

extension String {
    func trimmingCharacters() -> String { String(Substring(self).trimmingSpaces) }
}
