/// Incremental decoder for `Transfer-Encoding: chunked` request bodies.
struct ChunkedDecoder: Sendable {
    enum State: Sendable { case size, data(Int), dataEnd, trailer, done }
    private(set) var state: State = .size
    private var line: [UInt8] = []
    private var trailerBytes = 0
    let maxLineBytes = 4096
    let maxTrailerBytes: Int

    init(maxTrailerBytes: Int) { self.maxTrailerBytes = maxTrailerBytes }

    var isDone: Bool { if case .done = state { true } else { false } }

    /// Consumes bytes from `buf`, calling `emit` with each run of body data.
    /// Returns how many bytes were consumed (all of them unless the body ended).
    mutating func decode(_ buf: UnsafeBufferPointer<UInt8>, emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        var i = 0
        while i < buf.count {
            switch state {
            case .done:
                return i
            case .data(let remaining):
                let n = min(remaining, buf.count - i)
                try emit(UnsafeBufferPointer(rebasing: buf[i..<(i + n)]))
                i += n
                state = remaining - n == 0 ? .dataEnd : .data(remaining - n)
            case .size, .dataEnd, .trailer:
                let c = buf[i]
                i += 1
                if case .dataEnd = state, c != 13, c != 10 {
                    throw ProtocolError.badRequest("Chunk data not followed by CRLF.")
                }
                if c != 10 {
                    line.append(c)
                    if line.count > maxLineBytes { throw ProtocolError.badRequest("Chunk line too long.") }
                    continue
                }
                if line.last == 13 { line.removeLast() }
                try finishLine()
                line.removeAll(keepingCapacity: true)
            }
        }
        return i
    }

    private mutating func finishLine() throws {
        switch state {
        case .dataEnd:
            guard line.isEmpty else { throw ProtocolError.badRequest("Chunk data not followed by CRLF.") }
            state = .size
        case .size:
            var size = 0
            var digits = 0
            for c in line {
                if c == 59 || c == 32 || c == 9 { break } // ';' chunk extension
                guard let h = RequestParser.hexValue(c) else { throw ProtocolError.badRequest("Malformed chunk size.") }
                size = size << 4 | h
                digits += 1
                if digits > 15 { throw ProtocolError.badRequest("Chunk size too large.") }
            }
            guard digits > 0 else { throw ProtocolError.badRequest("Malformed chunk size.") }
            state = size == 0 ? .trailer : .data(size)
        case .trailer:
            if line.isEmpty { state = .done; return }
            trailerBytes += line.count
            if trailerBytes > maxTrailerBytes { throw ProtocolError.headersTooLarge(maxTrailerBytes) }
        case .data, .done:
            break
        }
    }
}
