import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking keep-alive HTTP/1.1 client for load generation: sends prebuilt requests and
/// reads Content-Length responses, returning the status.
final class APIBenchClient {
    private var fd: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    private var filled = 0
    private var start = 0
    let port: Int

    init(port: Int) throws {
        self.port = port
        try connectSocket()
    }

    deinit { if fd >= 0 { close(fd) } }

    private func connectSocket() throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(s); throw APIBench.Failure(description: "connect failed: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        fd = s
    }

    /// Sends `request` and returns the response status and body.
    func roundTrip(_ request: [UInt8]) throws -> (Int, ArraySlice<UInt8>) {
        var off = 0
        while off < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + off, request.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw APIBench.Failure(description: "send failed") }
            off += n
        }
        // Read until the header end, then the body by Content-Length.
        var headerEnd = -1
        var scan = start
        while headerEnd < 0 {
            while scan + 3 < filled {
                if buffer[scan] == 13, buffer[scan + 1] == 10, buffer[scan + 2] == 13, buffer[scan + 3] == 10 { headerEnd = scan; break }
                scan += 1
            }
            if headerEnd < 0 { try fill() }
        }
        let status = Int(buffer[start + 9] - 48) * 100 + Int(buffer[start + 10] - 48) * 10 + Int(buffer[start + 11] - 48)
        let length = contentLength(start, headerEnd)
        let bodyStart = headerEnd + 4
        while filled < bodyStart + length { try fill() }
        let body = buffer[bodyStart..<(bodyStart + length)]
        start = bodyStart + length
        if start == filled { start = 0; filled = 0 }
        return (status, body)
    }

    private func contentLength(_ from: Int, _ to: Int) -> Int {
        let needle = Array("content-length:".utf8)
        var i = from
        while i + needle.count < to {
            var match = true
            for k in 0..<needle.count where buffer[i + k] | 0x20 != needle[k] | 0x20 { match = false; break }
            if match {
                var j = i + needle.count
                while buffer[j] == 32 { j += 1 }
                var n = 0
                while j < to, buffer[j] >= 48, buffer[j] <= 57 { n = n * 10 + Int(buffer[j] - 48); j += 1 }
                return n
            }
            i += 1
        }
        return 0
    }

    private func fill() throws {
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, filled - start)
            }
            filled -= start
            start = 0
        }
        if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, $0.count - filled, 0) }
        guard n > 0 else { throw APIBench.Failure(description: "connection closed") }
        filled += n
    }
}
