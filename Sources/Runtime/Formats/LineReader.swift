import Glibc

/// Reads a file line by line in large chunks (no Foundation). Strips a trailing `\r`.
final class LineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var eof = false
    let chunk: Int

    init(path: String, chunk: Int = 1 << 20) throws {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RuntimeError(code: "file_not_found", detail: "File \(path) does not exist or is not readable.")
        }
        self.chunk = chunk
    }

    deinit { close(fd) }

    /// Calls `body` with the next line; false at end of file.
    func nextLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        while true {
            if let nl = buffer[start...].firstIndex(of: 10) {
                var end = nl
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
                start = nl + 1
                return true
            }
            if eof {
                guard start < buffer.count else { return false }
                var end = buffer.count
                if buffer[end - 1] == 13 { end -= 1 }
                try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
                start = buffer.count
                return true
            }
            if start > 0 { buffer.removeFirst(start); start = 0 }
            let old = buffer.count
            buffer.reserveCapacity(old + chunk)
            var got = 0
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
            if got <= 0 { eof = true; got = 0 }
            buffer.removeLast(chunk - got)
        }
    }
}
