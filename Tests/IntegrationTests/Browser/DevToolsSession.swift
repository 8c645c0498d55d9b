import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Model

/// A headless Chromium driven over the Chrome DevTools Protocol: a minimal WebSocket client (RFC 6455,
/// masked client frames, text messages, fragmentation) and `Runtime.evaluate` / `Page.*` calls.
final class DevToolsSession {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let process: Process
    let profile: String
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var nextID = 1

    /// The Chromium binary: `$FLINKCLOUD_CHROMIUM` or `chromium` / `chromium-browser` / `google-chrome` on PATH.
    static func binary() -> String? {
        if let p = ProcessInfo.processInfo.environment["FLINKCLOUD_CHROMIUM"], FileManager.default.isExecutableFile(atPath: p) { return p }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    init(binary: String, width: Int = 1400, height: Int = 1900) throws {
        profile = NSTemporaryDirectory() + "flinkcloud-chromium-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["--headless=new", "--no-sandbox", "--no-zygote", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--disable-extensions", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                       "--user-data-dir=\(profile)", "--window-size=\(width),\(height)", "about:blank"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        process = p
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        var port = 0
        while port == 0 && Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let r = text.range(of: "DevTools listening on ws://127.0.0.1:") {
                let rest = text[r.upperBound...]
                port = Int(rest.prefix { $0.isNumber }) ?? 0
            }
        }
        guard port > 0 else {
            p.terminate()
            throw Failure(description: "chromium did not announce its DevTools port; stderr:\n\(text)")
        }
        Thread.detachNewThread { while !err.fileHandleForReading.availableData.isEmpty {} }   // keep draining
        let targets = try Self.httpGet(port: port, path: "/json/list")
        guard let list = try JSONParser.parse(Array(targets.utf8)).arrayValue,
              let page = list.first(where: { $0["type"]?.stringValue == "page" }),
              let ws = page["webSocketDebuggerUrl"]?.stringValue,
              let pathStart = ws.range(of: "/devtools/") else {
            throw Failure(description: "no page target: \(targets)")
        }
        try connect(port: port, path: String(ws[pathStart.lowerBound...]))
    }

    deinit {
        if fd >= 0 { close(fd) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: profile)
    }

    // MARK: protocol

    /// Sends a CDP command and returns its `result` (throws on a protocol error).
    @discardableResult
    func call(_ method: String, _ params: String = "{}") throws -> JSONValue {
        let id = nextID
        nextID += 1
        try sendText("{\"id\":\(id),\"method\":\"\(method)\",\"params\":\(params)}")
        while true {
            let message = try JSONParser.parse(Array(try receiveText().utf8))
            guard message["id"]?.intValue == Int64(id) else { continue }   // events
            if let error = message["error"] { throw Failure(description: "\(method): \(error)") }
            return message["result"] ?? .null
        }
    }

    /// Evaluates `expression` in the page (awaiting promises) and returns its JSON value.
    func evaluate(_ expression: String) throws -> JSONValue {
        var w = JSONWriter()
        w.beginObject()
        w.member("expression", expression)
        w.member("awaitPromise", true)
        w.member("returnByValue", true)
        w.endObject()
        let result = try call("Runtime.evaluate", String(decoding: w.bytes, as: UTF8.self))
        if let ex = result["exceptionDetails"] { throw Failure(description: "script failed: \(ex)") }
        return result["result"]?["value"] ?? .null
    }

    /// Polls `expression` until it is `true` (or throws after `seconds`, with `describe`'s value).
    func waitUntil(_ expression: String, seconds: Double = 30, describe: String = "document.title") throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? evaluate(expression))?.boolValue == true { return }
            usleep(200_000)
        }
        let state = (try? evaluate(describe)).map { "\($0)" } ?? "?"
        throw Failure(description: "timed out after \(seconds)s waiting for: \(expression)\npage: \(state)")
    }

    /// A PNG screenshot of the whole page.
    func screenshot() throws -> Data {
        let r = try call("Page.captureScreenshot", #"{"format":"png","captureBeyondViewport":true}"#)
        guard let b64 = r["data"]?.stringValue, let data = Data(base64Encoded: b64) else { throw Failure(description: "no screenshot") }
        return data
    }

    // MARK: HTTP and WebSocket

    static func httpGet(port: Int, path: String) throws -> String {
        let s = try openSocket(port: port)
        defer { close(s) }
        let req = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        _ = req.withUnsafeBytes { send(s, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(s, &buf, buf.count, 0)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        let text = String(decoding: out, as: UTF8.self)
        guard let r = text.range(of: "\r\n\r\n") else { throw Failure(description: "bad HTTP answer: \(text)") }
        return String(text[r.upperBound...])
    }

    static func openSocket(port: Int) throws -> Int32 {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(s); throw Failure(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)") }
        var tv = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return s
    }

    private func connect(port: Int, path: String) throws {
        fd = try Self.openSocket(port: port)
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        try write(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        while true {
            if let end = find([13, 10, 13, 10]) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                guard head.hasPrefix("HTTP/1.1 101") else { throw Failure(description: "WebSocket upgrade refused: \(head)") }
                return
            }
            try fill()
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where Array(buffer[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    private func fill() throws {
        var buf = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &buf, buf.count, 0)
        guard n > 0 else { throw Failure(description: "DevTools connection closed (errno \(errno))") }
        buffer += buf[0..<n]
    }

    private func write(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "DevTools send failed") }
            off += n
        }
    }

    private func sendText(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65536 {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((UInt64(payload.count) >> UInt64(shift)) & 0xff)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        for (i, b) in payload.enumerated() { frame.append(b ^ mask[i & 3]) }
        try write(frame)
    }

    /// The next complete text message (control frames answered or skipped).
    private func receiveText() throws -> String {
        var message: [UInt8] = []
        while true {
            while buffer.count < 2 { try fill() }
            let fin = buffer[0] & 0x80 != 0
            let opcode = buffer[0] & 0x0f
            var length = Int(buffer[1] & 0x7f)
            var header = 2
            if length == 126 {
                while buffer.count < 4 { try fill() }
                length = Int(buffer[2]) << 8 | Int(buffer[3])
                header = 4
            } else if length == 127 {
                while buffer.count < 10 { try fill() }
                length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
                header = 10
            }
            while buffer.count < header + length { try fill() }
            let payload = Array(buffer[header..<(header + length)])
            buffer.removeFirst(header + length)
            switch opcode {
            case 0x8: throw Failure(description: "DevTools closed the WebSocket")
            case 0x9: continue   // ping: the browser does not require a pong for the test's lifetime
            case 0xA: continue
            default:
                message += payload
                if fin { return String(decoding: message, as: UTF8.self) }
            }
        }
    }
}
