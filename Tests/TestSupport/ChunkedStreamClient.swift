#if canImport(Glibc)
import Glibc
#endif

/// A client for streamed request bodies (Kafka REST's streaming produce): sends a chunked request piece
/// by piece while reading the chunked response as it arrives, so a test can see answers to early records
/// before the body ends. `send`/`finish` may run on one thread while another reads.
public final class ChunkedStreamClient: @unchecked Sendable {
    public let connection: RawConnection
    private var input: [UInt8] = []
    private var headParsed = false
    private var chunkRemaining = -1     // -1: expecting a size line
    public private(set) var status = 0
    public private(set) var ended = false
    /// Decoded response body bytes not yet taken by `takeLines`.
    public private(set) var body: [UInt8] = []

    public init(port: Int, method: String = "POST", path: String, authorization: String?,
                headers: [(String, String)] = []) throws {
        connection = try RawConnection(port: port, timeoutSeconds: 30)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nTransfer-Encoding: chunked\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        for (n, v) in headers { head += "\(n): \(v)\r\n" }
        connection.send(head + "\r\n")
    }

    /// Sends one chunk of the body.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        return connection.send(Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10])
    }

    /// Ends the body.
    public func finish() { connection.send("0\r\n\r\n") }

    /// Reads until `count` complete lines of the response body are available (or the response ends or
    /// times out) and returns them.
    public func readLines(_ count: Int) -> [String] {
        var lines: [String] = []
        while lines.count < count {
            lines += takeLines()
            if lines.count >= count || ended { break }
            let got = connection.readSome()
            if got.isEmpty { break }
            input += got
            parse()
        }
        return lines + (lines.count < count ? takeLines() : [])
    }

    /// Reads the rest of the response (until its last chunk) and returns its remaining lines.
    public func readToEnd() -> [String] {
        var lines = takeLines()
        while !ended {
            let got = connection.readSome()
            if got.isEmpty { break }
            input += got
            parse()
            lines += takeLines()
        }
        return lines + takeLines()
    }

    private func takeLines() -> [String] {
        guard let last = body.lastIndex(of: 10) else { return [] }
        let text = String(decoding: body[...last], as: UTF8.self)
        body.removeSubrange(...last)
        return text.split(separator: "\n").map(String.init)
    }

    private func line() -> String? {
        guard input.count >= 2 else { return nil }
        for i in 0..<(input.count - 1) where input[i] == 13 && input[i + 1] == 10 {
            let l = String(decoding: input[..<i], as: UTF8.self)
            input.removeSubrange(...(i + 1))
            return l
        }
        return nil
    }

    private func parse() {
        if !headParsed {
            guard let end = findHeadEnd() else { return }
            let head = String(decoding: input[..<end], as: UTF8.self)
            input.removeSubrange(..<(end + 4))
            headParsed = true
            let first = head.split(separator: "\r\n").first ?? ""
            status = Int(first.split(separator: " ").dropFirst().first ?? "") ?? 0
            if !head.lowercased().contains("transfer-encoding: chunked") {
                // A plain answer (e.g. an error): the rest is its body.
                body += input
                input = []
                ended = true
                if body.last != 10 { body.append(10) }
                return
            }
        }
        while !ended {
            if chunkRemaining == -1 {           // expecting a size line
                guard let l = line() else { return }
                guard let size = Int(l.split(separator: ";").first ?? "", radix: 16) else { ended = true; return }
                if size == 0 { ended = true; return }
                chunkRemaining = size
            } else if chunkRemaining == 0 {     // expecting the CRLF after a chunk's data
                guard input.count >= 2 else { return }
                input.removeSubrange(..<2)
                chunkRemaining = -1
            } else {
                guard !input.isEmpty else { return }
                let n = min(chunkRemaining, input.count)
                body += input[..<n]
                input.removeSubrange(..<n)
                chunkRemaining -= n
            }
        }
    }

    private func findHeadEnd() -> Int? {
        guard input.count >= 4 else { return nil }
        for i in 0...(input.count - 4) where input[i] == 13 && input[i + 1] == 10 && input[i + 2] == 13 && input[i + 3] == 10 {
            return i
        }
        return nil
    }
}
