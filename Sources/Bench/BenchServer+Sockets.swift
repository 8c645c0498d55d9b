import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Raw-socket helpers for benchmarks that stream (chunked uploads) rather than round-trip.
extension BenchServer {
    var pid: Int32 { process.processIdentifier }
    var auth: String { "Authorization: Basic QkVOQ0g6YmVuY2g=\r\n" }   // BENCH:bench

    static func connect(port: Int) throws -> Int32 {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(s); throw Failure(description: "connect failed") }
        return s
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }
}
