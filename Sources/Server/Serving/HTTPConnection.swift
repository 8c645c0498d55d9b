import Foundation
import HTTP
#if canImport(Glibc)
import Glibc
#endif

/// Reads requests from one socket and writes responses, in order, until the peer closes,
/// asks for `Connection: close`, speaks HTTP/1.0 without keep-alive, or the server stops.
struct HTTPConnection {
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    static let maxHeaderBytes = 16 * 1024
    static let maxBodyBytes = 8 * 1024 * 1024

    let fd: Int32
    let listener: SocketListener
    let handler: Handler
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32, listener: SocketListener, handler: @escaping Handler) {
        self.fd = fd
        self.listener = listener
        self.handler = handler
        buffer.reserveCapacity(16 * 1024)
    }

    enum ParseFailure: Error {
        case status(Int, String)
        case closed
    }

    mutating func serve() {
        while true {
            let request: HTTPRequest
            let keepAlive: Bool
            do {
                (request, keepAlive) = try readRequest()
            } catch ParseFailure.status(let code, let why) {
                var h = HTTPHeaders()
                h.set("Connection", "close")
                h.set("Content-Type", "application/json")
                let body = Array(#"{"errors":[{"id":"\#(RequestID.make())","status":"\#(code)","title":"\#(why)","detail":"\#(why)"}]}"#.utf8)
                _ = write(HTTPResponse(status: code, headers: h, body: body), head: false, keepAlive: false)
                return
            } catch {
                return
            }
            guard listener.beginRequest(fd) else { return }
            let response = handler(request)
            let ok = write(response, head: request.method == "HEAD", keepAlive: keepAlive && !listener.isStopping)
            listener.endRequest(fd)
            if !ok || !keepAlive || listener.isStopping { return }
        }
    }

    // MARK: reading

    private mutating func fill() throws -> Bool {
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        if start > 64 * 1024 { buffer.removeSubrange(0..<start); start = 0 }
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 16 * 1024))
        let n = buffer.withUnsafeMutableBytes { raw in
            recv(fd, raw.baseAddress! + oldCount, 16 * 1024, 0)
        }
        buffer.removeSubrange((oldCount + max(n, 0))...)
        if n < 0 && errno == EINTR { return true }
        return n > 0
    }

    private func findHeaderEnd(from: Int) -> Int? {
        var i = max(start, from)
        while i + 3 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    private mutating func readRequest() throws -> (HTTPRequest, Bool) {
        var scanned = 0   // bytes after `start` already searched (fill may compact the buffer)
        var headerEnd: Int?
        while true {
            // Skip stray CRLFs between pipelined requests.
            while start + 1 < buffer.count, buffer[start] == 13, buffer[start + 1] == 10 { start += 2 }
            if let e = findHeaderEnd(from: start + scanned) { headerEnd = e; break }
            if buffer.count - start > Self.maxHeaderBytes { throw ParseFailure.status(431, "Request Header Fields Too Large") }
            scanned = max(0, buffer.count - start - 3)
            guard try fill() else {
                if buffer.count > start { throw ParseFailure.status(400, "Bad Request") }
                throw ParseFailure.closed
            }
        }
        let end = headerEnd!
        if end - start > Self.maxHeaderBytes { throw ParseFailure.status(431, "Request Header Fields Too Large") }
        let head = String(decoding: buffer[start..<end], as: UTF8.self)
        start = end + 4
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { throw ParseFailure.status(400, "Bad Request") }
        let method = String(requestLine[0])
        guard method.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else { throw ParseFailure.status(400, "Bad Request") }
        let known: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        guard known.contains(method) else { throw ParseFailure.status(501, "Not Implemented") }
        let http10 = requestLine[2] == "HTTP/1.0"
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw ParseFailure.status(400, "Bad Request") }
            let name = line[..<colon]
            guard !name.isEmpty, !name.contains(" ") else { throw ParseFailure.status(400, "Bad Request") }
            var value = line[line.index(after: colon)...]
            while value.first == " " || value.first == "\t" { value = value.dropFirst() }
            while value.last == " " || value.last == "\t" { value = value.dropLast() }
            headers.add(String(name), String(value))
        }
        let target = requestLine[1]
        var path = Substring(target)
        var query = Substring("")
        if let q = target.firstIndex(of: "?") {
            path = target[..<q]
            query = target[target.index(after: q)...]
        }
        guard path.hasPrefix("/") else { throw ParseFailure.status(400, "Bad Request") }
        var body: [UInt8] = []
        if let te = headers["Transfer-Encoding"], te.lowercased().contains("chunked") {
            body = try readChunked()
        } else if let cl = headers["Content-Length"] {
            guard let n = Int(cl), n >= 0 else { throw ParseFailure.status(400, "Bad Request") }
            guard n <= Self.maxBodyBytes else { throw ParseFailure.status(413, "Payload Too Large") }
            if headers["Expect"]?.lowercased() == "100-continue" { _ = sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
            while buffer.count - start < n {
                guard try fill() else { throw ParseFailure.closed }
            }
            body = Array(buffer[start..<(start + n)])
            start += n
        }
        let connection = headers["Connection"]?.lowercased() ?? ""
        let keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close")
        var request = HTTPRequest(method: method, path: Self.percentDecode(path), query: String(query), headers: headers, body: body)
        if let rid = headers["X-Request-Id"], !rid.isEmpty, rid.utf8.count <= 128,
           rid.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "\"") }) {
            request.requestID = rid
        } else {
            request.requestID = RequestID.make()
        }
        return (request, keepAlive)
    }

    private mutating func readLine() throws -> String {
        while true {
            var i = start
            while i + 1 < buffer.count {
                if buffer[i] == 13 && buffer[i + 1] == 10 {
                    let line = String(decoding: buffer[start..<i], as: UTF8.self)
                    start = i + 2
                    return line
                }
                i += 1
            }
            if buffer.count - start > 4096 { throw ParseFailure.status(400, "Bad Request") }
            guard try fill() else { throw ParseFailure.closed }
        }
    }

    private mutating func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let hex = sizeLine.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(hex.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                throw ParseFailure.status(400, "Bad Request")
            }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            guard body.count + size <= Self.maxBodyBytes else { throw ParseFailure.status(413, "Payload Too Large") }
            while buffer.count - start < size + 2 {
                guard try fill() else { throw ParseFailure.closed }
            }
            body.append(contentsOf: buffer[start..<(start + size)])
            start += size + 2
        }
    }

    static func percentDecode(_ s: Substring) -> String {
        guard s.contains("%") else { return String(s) }
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: writing

    private func write(_ response: HTTPResponse, head: Bool, keepAlive: Bool) -> Bool {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n".utf8)
        for (name, value) in response.headers where name.lowercased() != "content-length" && name.lowercased() != "connection" {
            out.append(contentsOf: name.utf8); out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8); out.append(contentsOf: "\r\n".utf8)
        }
        if !keepAlive { out.append(contentsOf: "Connection: close\r\n".utf8) }
        switch response.body {
        case .bytes(let body):
            out.append(contentsOf: "Content-Length: \(body.count)\r\n\r\n".utf8)
            if !head { out.append(contentsOf: body) }
            return sendAll(out)
        case .stream(let produce):
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n\r\n".utf8)
            guard sendAll(out) else { return false }
            if head { return true }
            let writer = SocketChunkWriter(fd: fd)
            produce(writer)
            return sendAll(Array("0\r\n\r\n".utf8))
        }
    }

    func sendAll(_ bytes: [UInt8]) -> Bool { Self.sendAll(fd, bytes) }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

struct SocketChunkWriter: ChunkWriter {
    let fd: Int32
    func write(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        var out = Array(String(bytes.count, radix: 16).utf8)
        out.append(contentsOf: [13, 10])
        out.append(contentsOf: bytes)
        out.append(contentsOf: [13, 10])
        return HTTPConnection.sendAll(fd, out)
    }
}

enum RequestID {
    static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: (0..<16).map { _ in hex[Int(rng.next() % 16)] }, as: UTF8.self)
    }
}
