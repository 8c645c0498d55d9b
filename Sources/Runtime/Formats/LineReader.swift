import Glibc

/// Reads a file line by line in large chunks into one raw buffer (no Foundation, no per-line copies).
/// Strips a trailing `\r`.
final class LineReader {
    let fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false

    init(path: String, chunk: Int = 1 << 20) throws {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RuntimeError(code: "file_not_found", detail: "File \(path) does not exist or is not readable.")
        }
        capacity = chunk
        buffer = .allocate(capacity: chunk)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Calls `body` with the next line; false at end of file.
    func nextLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        var scanFrom = start
        while true {
            if let p = memchr(buffer + scanFrom, 10, end - scanFrom) {
                let nl = buffer.distance(to: p.assumingMemoryBound(to: UInt8.self))
                var e = nl
                if e > start && buffer[e - 1] == 13 { e -= 1 }
                let line = UnsafeBufferPointer(start: buffer + start, count: e - start)
                start = nl + 1
                try body(line)
                return true
            }
            if eof {
                guard start < end else { return false }
                var e = end
                if buffer[e - 1] == 13 { e -= 1 }
                let line = UnsafeBufferPointer(start: buffer + start, count: e - start)
                start = end
                try body(line)
                return true
            }
            // Compact, grow when a line fills the buffer, then read more.
            if start > 0 {
                memmove(buffer, buffer + start, end - start)
                end -= start
                start = 0
            }
            if end == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            scanFrom = end
            let got = read(fd, buffer + end, capacity - end)
            if got <= 0 { eof = true } else { end += got }
        }
    }
}
