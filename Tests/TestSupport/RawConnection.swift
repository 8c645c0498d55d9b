#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP connection for sending exact bytes (malformed requests, pipelining, slow clients)
/// and reading back whatever the server answers.
public final class RawConnection {
    public let fd: Int32

    public struct Failure: Error, CustomStringConvertible { public let description: String }

    public init(host: String = "127.0.0.1", port: Int, timeoutSeconds: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw Failure(description: "connect failed: errno \(errno)") }
        var tv = timeval(tv_sec: Int(timeoutSeconds), tv_usec: Int((timeoutSeconds - Double(Int(timeoutSeconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends bytes; false if the peer is gone.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads whatever arrives next (up to 64 KiB); empty at close or timeout.
    public func readSome() -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &buf, buf.count, 0)
        return n > 0 ? Array(buf[0..<n]) : []
    }

    /// Reads until the peer closes or the receive timeout passes.
    public func readAll() -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads until `count` complete responses (by Content-Length, chunked or close) have arrived, or timeout/close.
    public func readResponses(_ count: Int) -> [RawResponse] {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let parsed = RawResponse.parseAll(data, closed: false)
            if parsed.count >= count { return Array(parsed.prefix(count)) }
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { return RawResponse.parseAll(data, closed: true) }
            data.append(contentsOf: buf[0..<n])
        }
    }

    public func readResponse() -> RawResponse? { readResponses(1).first }

    /// True when the server has closed the connection (read returns EOF) within the timeout.
    public func isClosedByPeer() -> Bool {
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }
}

/// A response parsed from raw bytes.
public struct RawResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: String

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    static func parseAll(_ data: [UInt8], closed: Bool) -> [RawResponse] {
        var out: [RawResponse] = []
        var i = 0
        while i < data.count {
            guard let (r, used) = parseOne(data, from: i, closed: closed) else { break }
            out.append(r)
            i += used
        }
        return out
    }

    static func parseOne(_ data: [UInt8], from: Int, closed: Bool) -> (RawResponse, Int)? {
        let bytes = Array(data[from...])
        guard let headEnd = find(bytes, Array("\r\n\r\n".utf8), from: 0) else { return nil }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers: [(String, String)] = lines.compactMap { l in
            guard let c = l.firstIndex(of: ":") else { return nil }
            return (String(l[..<c]), String(l[l.index(after: c)...]).trimmingCharacters(in: " "))
        }
        var r = RawResponse(status: status, headers: headers, body: "")
        var pos = headEnd + 4
        if status == 100 { return (r, pos) }
        if let cl = r.header("Content-Length"), let n = Int(cl) {
            guard bytes.count >= pos + n else { return nil }
            r.body = String(decoding: bytes[pos..<(pos + n)], as: UTF8.self)
            return (r, pos + n)
        }
        if r.header("Transfer-Encoding")?.lowercased() == "chunked" {
            var body: [UInt8] = []
            while true {
                guard let le = find(bytes, [13, 10], from: pos) else { return nil }
                guard let size = Int(String(decoding: bytes[pos..<le], as: UTF8.self), radix: 16) else { return nil }
                pos = le + 2
                if size == 0 {
                    guard bytes.count >= pos + 2 else { return nil }
                    pos += 2
                    break
                }
                guard bytes.count >= pos + size + 2 else { return nil }
                body.append(contentsOf: bytes[pos..<(pos + size)])
                pos += size + 2
            }
            r.body = String(decoding: body, as: UTF8.self)
            return (r, pos)
        }
        if status == 204 || status == 304 { return (r, pos) }
        guard closed else { return nil }
        r.body = String(decoding: bytes[pos...], as: UTF8.self)
        return (r, bytes.count)
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
