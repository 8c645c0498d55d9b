#if canImport(Glibc)
import Glibc
#endif

/// Buffered reads from a blocking socket.
struct SocketReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    private(set) var received = 0

    init(fd: Int32) { self.fd = fd }

    /// Reads more bytes; false at end of stream.
    mutating func fill() throws -> Bool {
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                received += n
                return true
            }
            if n == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw HTTPClientError(code: "timeout", detail: "No response in time.") }
            throw HTTPClientError.io(String(cString: strerror(errno)))
        }
    }

    /// One line without its CRLF / LF; nil at end of stream.
    mutating func readLine(limit: Int = 64 * 1024) throws -> [UInt8]? {
        var scanned = 0
        while true {
            if let nl = buffer[(start + scanned)...].firstIndex(of: 10) {
                var end = nl
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let line = Array(buffer[start..<end])
                start = nl + 1
                return line
            }
            scanned = buffer.count - start
            if buffer.count - start > limit { throw HTTPClientError.malformed("Line longer than \(limit) bytes.") }
            if try !fill() {
                if start == buffer.count { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
        }
    }

    mutating func readExact(_ n: Int) throws -> [UInt8] {
        while buffer.count - start < n {
            guard try fill() else { throw HTTPClientError.io("Connection closed before the body ended.") }
        }
        let out = Array(buffer[start..<(start + n)])
        start += n
        return out
    }

    /// Whatever is buffered plus everything until the peer closes.
    mutating func readToEnd() throws -> [UInt8] {
        while try fill() {}
        let out = Array(buffer[start...])
        start = buffer.count
        return out
    }

    /// Up to `max` bytes, at least one unless the stream ended (empty result).
    mutating func readSome(max: Int) throws -> [UInt8] {
        if start == buffer.count { guard try fill() else { return [] } }
        let n = min(max, buffer.count - start)
        let out = Array(buffer[start..<(start + n)])
        start += n
        return out
    }
}
