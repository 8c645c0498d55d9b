/// Writes status line and headers (and a fixed body) into an output buffer.
enum ResponseSerializer {
    /// How the body will be framed on the wire.
    enum Framing { case contentLength(Int), chunked, untilClose }

    static func appendHead(_ out: inout [UInt8], status: Int, headers: HTTPHeaders, framing: Framing,
                           keepAlive: Bool, minorVersion: Int) {
        out.append(contentsOf: minorVersion == 0 ? "HTTP/1.0 ".utf8 : "HTTP/1.1 ".utf8)
        appendInt(&out, status)
        out.append(32)
        out.append(contentsOf: HTTPStatus.reason(status).utf8)
        out.append(contentsOf: "\r\n".utf8)
        HTTPDate.appendHeader(&out)
        for f in headers.fields {
            // Framing headers and Date are the server's business.
            if isServerHeader(f.name) { continue }
            out.append(contentsOf: f.name.utf8)
            out.append(contentsOf: ": ".utf8)
            appendHeaderValue(&out, f.value)
            out.append(contentsOf: "\r\n".utf8)
        }
        switch framing {
        case .contentLength(let n):
            out.append(contentsOf: "Content-Length: ".utf8)
            appendInt(&out, n)
            out.append(contentsOf: "\r\n".utf8)
        case .chunked:
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .untilClose:
            break
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if minorVersion == 0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
    }

    static func isServerHeader(_ name: String) -> Bool {
        let n = name.utf8.count
        guard n == 4 || n == 10 || n == 14 || n == 17 else { return false }
        let l = name.lowercased()
        return l == "date" || l == "connection" || l == "content-length" || l == "transfer-encoding"
    }

    /// Header values must not smuggle CR/LF into the response.
    static func appendHeaderValue(_ out: inout [UInt8], _ v: String) {
        let u = v.utf8
        if !u.contains(where: { $0 == 13 || $0 == 10 }) { out.append(contentsOf: u); return }
        for c in u { out.append(c == 13 || c == 10 ? 32 : c) }
    }

    static func appendInt(_ out: inout [UInt8], _ v: Int) {
        if v < 10 { out.append(UInt8(48 + v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            while x > 0 { d[n] = UInt8(48 + x % 10); x /= 10; n += 1 }
            while n > 0 { n -= 1; out.append(d[n]) }
        }
    }

    static func appendChunk(_ out: inout [UInt8], _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let hex: StaticString = "0123456789abcdef"
        var started = false
        var shift = 60
        while shift >= 0 {
            let d = Int((UInt64(bytes.count) >> UInt64(shift)) & 15)
            if d != 0 || started || shift == 0 { out.append(hex.utf8Start[d]); started = true }
            shift -= 4
        }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: bytes)
        out.append(contentsOf: "\r\n".utf8)
    }

    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    static let continue100: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
