import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 client over one keep-alive connection (reconnects when the server closes).
/// Not thread-safe: give each concurrent test client its own instance.
public final class TestHTTPClient {
    public struct Response {
        public let status: Int
        public let headers: [(String, String)]
        public let body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let host: String
    public let port: Int
    public var authorization: String?
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []

    public init(host: String, port: Int, authorization: String? = nil) {
        self.host = host
        self.port = port
        self.authorization = authorization
    }

    deinit { disconnect() }

    public func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        buffer.removeAll()
    }

    private func connectIfNeeded() throws {
        guard fd < 0 else { return }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let s = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard s >= 0 else { throw Failure(description: "socket failed") }
        guard connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            close(s)
            throw Failure(description: "connect to \(host):\(port) failed: \(String(cString: strerror(errno)))")
        }
        var one: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var tv = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        fd = s
    }

    @discardableResult
    public func get(_ target: String, headers: [(String, String)] = []) throws -> Response {
        try request("GET", target, headers: headers)
    }

    @discardableResult
    public func send(_ method: String, _ target: String, json: String? = nil, headers: [(String, String)] = []) throws -> Response {
        try request(method, target, body: json.map { Array($0.utf8) } ?? [], headers: headers)
    }

    /// Sends one request; retries once on a fresh connection if a reused one turns out closed before
    /// any response byte arrived (only for requests that are safe to repeat: GET/HEAD/DELETE).
    public func request(_ method: String, _ target: String, body: [UInt8] = [], headers: [(String, String)] = []) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PATCH" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        let reused = fd >= 0
        try connectIfNeeded()
        do {
            try write(bytes)
            return try readResponse(method: method)
        } catch let f as Failure where reused && f.description == "closed" && ["GET", "HEAD", "DELETE"].contains(method) {
            disconnect()
            try connectIfNeeded()
            try write(bytes)
            return try readResponse(method: method)
        } catch {
            disconnect()
            throw error
        }
    }

    /// Writes raw bytes (for malformed-request tests) and reads one response.
    public func raw(_ bytes: [UInt8]) throws -> Response {
        try connectIfNeeded()
        try write(bytes)
        return try readResponse(method: "GET")
    }

    private func write(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "closed")
            }
            off += n
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 64 * 1024, 0) }
        if n < 0 && errno == EINTR { return }
        guard n > 0 else { throw Failure(description: n == 0 ? "closed" : "recv failed: \(String(cString: strerror(errno)))") }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func readLine() throws -> String {
        while true {
            if let i = indexOfCRLF() {
                let line = String(decoding: buffer[0..<i], as: UTF8.self)
                buffer.removeSubrange(0..<(i + 2))
                return line
            }
            try fill()
        }
    }

    private func indexOfCRLF() -> Int? {
        var i = 0
        while i + 1 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 { return i }
            i += 1
        }
        return nil
    }

    private func readResponse(method: String) throws -> Response {
        var status = 0
        var headers: [(String, String)] = []
        repeat {
            let statusLine = try readLine()
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, let s = Int(parts[1]) else { throw Failure(description: "bad status line '\(statusLine)'") }
            status = s
            headers = []
            while true {
                let line = try readLine()
                if line.isEmpty { break }
                if let c = line.firstIndex(of: ":") {
                    headers.append((String(line[..<c]), line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)))
                }
            }
        } while status == 100
        func h(_ n: String) -> String? { headers.first(where: { $0.0.lowercased() == n })?.1 }
        var body: [UInt8] = []
        if method == "HEAD" || status == 204 || status == 304 {
        } else if h("transfer-encoding")?.lowercased().contains("chunked") == true {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else { throw Failure(description: "bad chunk") }
                if size == 0 { _ = try readLine(); break }
                while buffer.count < size + 2 { try fill() }
                body.append(contentsOf: buffer[0..<size])
                buffer.removeSubrange(0..<(size + 2))
            }
        } else if let cl = h("content-length"), let n = Int(cl) {
            while buffer.count < n { try fill() }
            body = Array(buffer[0..<n])
            buffer.removeSubrange(0..<n)
        } else {
            while (try? fill()) != nil {}
            body = buffer
            buffer.removeAll()
            disconnect()
        }
        if h("connection")?.lowercased() == "close" { disconnect() }
        return Response(status: status, headers: headers, body: body)
    }
}
