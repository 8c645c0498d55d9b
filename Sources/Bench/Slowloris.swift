import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Slowloris clients: `count` connections that each send a request line and then one more header byte
/// every `byteInterval` seconds, never finishing the head. A connection the server closes (its
/// header-read timeout) is counted and replaced, so `count` stay open while `stop()` is not called.
final class Slowloris: @unchecked Sendable {
    private let state = Mutex<(running: Bool, closedByServer: Int, opened: Int, connectErrors: Int)>((true, 0, 0, 0))
    private let done = DispatchGroup()

    init(port: Int, count: Int, byteInterval: Double = 1.0) {
        done.enter()
        Thread { [self] in
            loop(port: port, count: count, byteInterval: byteInterval)
            done.leave()
        }.start()
    }

    var closedByServer: Int { state.withLock { $0.closedByServer } }
    var opened: Int { state.withLock { $0.opened } }
    var connectErrors: Int { state.withLock { $0.connectErrors } }

    func stop() {
        state.withLock { $0.running = false }
        done.wait()
    }

    private func loop(port: Int, count: Int, byteInterval: Double) {
        var fds: [Int32] = []
        let head = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n".utf8)
        func open() -> Int32? {
            guard let fd = LoadGenerator.connect(host: "127.0.0.1", port: port) else {
                state.withLock { $0.connectErrors += 1 }
                return nil
            }
            state.withLock { $0.opened += 1 }
            _ = head.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return fd
        }
        while fds.count < count, state.withLock({ $0.running }) {
            if let fd = open() { fds.append(fd) } else { usleep(10_000) }
        }
        var scratch = [UInt8](repeating: 0, count: 4096)
        var tick = 0
        while state.withLock({ $0.running }) {
            usleep(UInt32(byteInterval * 1e6 / 10))
            tick += 1
            if tick % 10 != 0 { continue }
            for k in fds.indices {
                let byte: [UInt8] = [UInt8(ascii: "X")]
                let sent = byte.withUnsafeBytes { send(fds[k], $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
                let got = scratch.withUnsafeMutableBytes { recv(fds[k], $0.baseAddress, $0.count, 0) }
                let closed = sent <= 0 || got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                if closed || got > 0 {   // closed, or answered (408) and about to close
                    close(fds[k])
                    state.withLock { $0.closedByServer += 1 }
                    if let fd = open() { fds[k] = fd } else { fds[k] = -1 }
                }
            }
            fds.removeAll { $0 < 0 }
            while fds.count < count, let fd = open() { fds.append(fd) }
        }
        for fd in fds { close(fd) }
    }
}
