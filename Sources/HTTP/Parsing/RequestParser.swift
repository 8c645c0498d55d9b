/// Parses a request line and header block straight from the receive buffer.
/// Only the pieces handlers see become Strings; everything else is checked on the bytes.
enum RequestParser {
    enum Result {
        case incomplete
        case head(RequestHead, consumed: Int)
        case failure(ProtocolError)
    }

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    /// Looks for a complete head at the start of `buf`.
    static func parseHead(_ buf: UnsafeBufferPointer<UInt8>, maxHeaderBytes: Int) -> Result {
        var i = 0
        // Tolerate empty lines before a request line (RFC 9112 §2.2).
        while i + 1 < buf.count, buf[i] == 13, buf[i + 1] == 10 { i += 2 }
        if i < buf.count, buf[i] == 10 { i += 1 }
        let start = i
        guard let end = findHeadEnd(buf, from: start, limit: maxHeaderBytes) else {
            if buf.count - start > maxHeaderBytes { return .failure(.headersTooLarge(maxHeaderBytes)) }
            // Early reject of garbage so a client sending binary junk does not wait for a timeout.
            if let bad = earlyGarbage(buf, start) { return .failure(bad) }
            return .incomplete
        }
        if end.headEnd - start > maxHeaderBytes { return .failure(.headersTooLarge(maxHeaderBytes)) }
        do {
            let head = try parse(buf, from: start, to: end.headEnd)
            return .head(head, consumed: end.consumed)
        } catch let e as ProtocolError {
            return .failure(e)
        } catch {
            return .failure(.badRequest("Malformed request."))
        }
    }

    /// Index of the end of the header block (exclusive of the blank line) and bytes consumed.
    static func findHeadEnd(_ buf: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> (headEnd: Int, consumed: Int)? {
        let n = min(buf.count, from + limit + 4)
        var i = from
        while i < n {
            if buf[i] == 10 {
                if i + 1 < buf.count, buf[i + 1] == 10 { return (i + 1, i + 2) }
                if i + 2 < buf.count, buf[i + 1] == 13, buf[i + 2] == 10 { return (i + 1, i + 3) }
            }
            i += 1
        }
        return nil
    }

    static func earlyGarbage(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int) -> ProtocolError? {
        var i = start
        while i < buf.count, i - start < 32 {
            let c = buf[i]
            if c == 32 { return i == start ? .badRequest("Malformed request line.") : nil }
            if !isTokenChar(c) { return .badRequest("Malformed request line.") }
            i += 1
        }
        return i - start >= 32 ? .badRequest("Malformed request line: method too long.") : nil
    }

    static func parse(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws -> RequestHead {
        // Request line.
        var lineEnd = start
        while buf[lineEnd] != 10 { lineEnd += 1 }
        let lineStop = lineEnd > start && buf[lineEnd - 1] == 13 ? lineEnd - 1 : lineEnd
        var i = start
        while i < lineStop, buf[i] != 32 { i += 1 }
        let methodEnd = i
        guard methodEnd > start, methodEnd < lineStop else { throw ProtocolError.badRequest("Malformed request line.") }
        for j in start..<methodEnd where !isTokenChar(buf[j]) { throw ProtocolError.badRequest("Malformed request method.") }
        i += 1
        let targetStart = i
        while i < lineStop, buf[i] != 32 { i += 1 }
        let targetEnd = i
        guard targetEnd > targetStart, targetEnd < lineStop else { throw ProtocolError.badRequest("Malformed request line.") }
        let versionStart = targetEnd + 1
        let minor = try parseVersion(buf, versionStart, lineStop)
        let method = string(buf, start, methodEnd)
        let (path, query) = try parseTarget(buf, targetStart, targetEnd)

        // Header fields.
        var headers = HTTPHeaders()
        var contentLength: Int?
        var chunked = false
        var connectionClose = false
        var connectionKeepAlive = false
        var expectContinue = false
        var sawTransferEncoding = false
        var p = lineEnd + 1
        while p < end {
            var e = p
            while buf[e] != 10 { e += 1 }
            let stop = e > p && buf[e - 1] == 13 ? e - 1 : e
            if stop == p { p = e + 1; continue }
            if buf[p] == 32 || buf[p] == 9 { throw ProtocolError.badRequest("Obsolete header line folding is not allowed.") }
            var c = p
            while c < stop, buf[c] != 58 { // ':'
                guard isTokenChar(buf[c]) else { throw ProtocolError.badRequest("Malformed header field name.") }
                c += 1
            }
            guard c < stop, c > p else { throw ProtocolError.badRequest("Malformed header line.") }
            var vs = c + 1
            while vs < stop, buf[vs] == 32 || buf[vs] == 9 { vs += 1 }
            var ve = stop
            while ve > vs, buf[ve - 1] == 32 || buf[ve - 1] == 9 { ve -= 1 }
            for j in vs..<ve where buf[j] < 32 && buf[j] != 9 || buf[j] == 127 {
                throw ProtocolError.badRequest("Control characters in a header value.")
            }
            let nameLen = c - p
            if equalsIgnoringCase(buf, p, nameLen, "content-length") {
                let v = try parseContentLength(buf, vs, ve)
                if let old = contentLength, old != v { throw ProtocolError.badRequest("Conflicting Content-Length headers.") }
                contentLength = v
            } else if equalsIgnoringCase(buf, p, nameLen, "transfer-encoding") {
                sawTransferEncoding = true
                let v = string(buf, vs, ve).lowercased()
                if v == "chunked" { chunked = true }
                else if v == "identity" || v.isEmpty { }
                else { throw ProtocolError.notImplemented("Transfer-Encoding '\(v)' is not supported.") }
            } else if equalsIgnoringCase(buf, p, nameLen, "connection") {
                let v = string(buf, vs, ve).lowercased()
                for token in v.split(separator: ",") {
                    let t = token.trimmingSpaces
                    if t == "close" { connectionClose = true } else if t == "keep-alive" { connectionKeepAlive = true }
                }
            } else if equalsIgnoringCase(buf, p, nameLen, "expect") {
                let v = string(buf, vs, ve).lowercased()
                guard v == "100-continue" else {
                    throw ProtocolError(status: 417, code: "expectation_failed", detail: "Only 'Expect: 100-continue' is supported.")
                }
                expectContinue = true
            }
            headers.add(string(buf, p, c), string(buf, vs, ve))
            p = e + 1
        }
        if sawTransferEncoding && contentLength != nil {
            throw ProtocolError.badRequest("A request must not carry both Transfer-Encoding and Content-Length.")
        }
        if sawTransferEncoding && !chunked && minor >= 1 {
            throw ProtocolError.badRequest("Transfer-Encoding without chunked.")
        }
        guard knownMethods.contains(method) else {
            throw ProtocolError.notImplemented("Method \(method) is not implemented.")
        }
        let keepAlive = minor >= 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return RequestHead(method: method, path: path, query: query, minorVersion: minor, headers: headers,
                           contentLength: contentLength, chunked: chunked, keepAlive: keepAlive,
                           expectContinue: expectContinue && minor >= 1)
    }

    static func parseVersion(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) throws -> Int {
        // "HTTP/1.x"
        guard e - s == 8, buf[s] == 72, buf[s + 1] == 84, buf[s + 2] == 84, buf[s + 3] == 80, buf[s + 4] == 47,
              buf[s + 6] == 46, isDigit(buf[s + 5]), isDigit(buf[s + 7]) else {
            throw ProtocolError.badRequest("Malformed HTTP version.")
        }
        guard buf[s + 5] == 49 else {
            throw ProtocolError(status: 505, code: "http_version_not_supported", detail: "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
        return Int(buf[s + 7] - 48)
    }

    static func parseContentLength(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) throws -> Int {
        guard e > s, e - s <= 18 else { throw ProtocolError.badRequest("Malformed Content-Length.") }
        var v = 0
        for j in s..<e {
            guard isDigit(buf[j]) else { throw ProtocolError.badRequest("Malformed Content-Length.") }
            v = v * 10 + Int(buf[j] - 48)
        }
        return v
    }

    /// Splits the request target into a percent-decoded path and the raw query.
    static func parseTarget(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) throws -> (String, String) {
        var start = s
        if buf[s] != 47 { // '/'
            if e - s == 1 && buf[s] == 42 { return ("*", "") }
            // absolute-form: scheme://authority/path
            var k = s
            while k + 2 < e, !(buf[k] == 58 && buf[k + 1] == 47 && buf[k + 2] == 47) { k += 1 }
            guard k + 2 < e else { throw ProtocolError.badRequest("Malformed request target.") }
            k += 3
            while k < e, buf[k] != 47, buf[k] != 63 { k += 1 }
            if k == e { return ("/", "") }
            start = k
            if buf[k] == 63 { return ("/", string(buf, k + 1, e)) }
        }
        var q = start
        var needsDecoding = false
        while q < e, buf[q] != 63 {
            let c = buf[q]
            if c == 37 { needsDecoding = true }
            if c <= 32 || c == 127 || c == 35 { throw ProtocolError.badRequest("Invalid character in the request target.") }
            q += 1
        }
        let query = q < e ? string(buf, q + 1, e) : ""
        if !needsDecoding { return (string(buf, start, q), query) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(q - start)
        var k = start
        while k < q {
            if buf[k] == 37 {
                guard k + 2 < q, let h = hexValue(buf[k + 1]), let l = hexValue(buf[k + 2]) else {
                    throw ProtocolError.badRequest("Invalid percent-encoding in the path.")
                }
                let v = UInt8(h << 4 | l)
                if v == 0 { throw ProtocolError.badRequest("Invalid percent-encoding in the path.") }
                bytes.append(v)
                k += 3
            } else {
                bytes.append(buf[k]); k += 1
            }
        }
        guard let path = String(validating: bytes, as: UTF8.self) else {
            throw ProtocolError.badRequest("The path is not valid UTF-8.")
        }
        return (path, query)
    }

    @inline(__always) static func string(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 48...57: Int(c - 48)
        case 65...70: Int(c - 55)
        case 97...102: Int(c - 87)
        default: nil
        }
    }

    /// RFC 9110 tchar.
    @inline(__always) static func isTokenChar(_ c: UInt8) -> Bool { tokenTable[Int(c)] }

    static let tokenTable: [Bool] = (0..<256).map { c in
        switch c {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }

    static func equalsIgnoringCase(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ n: Int, _ lower: StaticString) -> Bool {
        guard n == lower.utf8CodeUnitCount else { return false }
        let p = lower.utf8Start
        for j in 0..<n {
            var c = buf[s + j]
            if c >= 65 && c <= 90 { c += 32 }
            if c != p[j] { return false }
        }
        return true
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
