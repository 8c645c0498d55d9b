import Foundation

/// A real `flinkcloud` process for a benchmark: temp data dir (durable commits), port 0, key BENCH:bench.
final class BenchServer {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let process = Process()
    let directory: String
    private(set) var port = 0

    init(path: String) throws {
        directory = NSTemporaryDirectory() + "flinkcloud-bench-\(UUID().uuidString.prefix(8))"
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port", "0", "--data-dir", directory, "--api-key", "BENCH", "--api-secret", "bench",
                             "--log-level", "error"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var banner = ""
        while !banner.contains("ready in") {
            let d = pipe.fileHandleForReading.availableData
            if d.isEmpty { throw Failure(description: "server exited: \(banner)") }
            banner += String(decoding: d, as: UTF8.self)
        }
        guard let r = banner.range(of: "listening on http://127.0.0.1:"),
              let port = Int(banner[r.upperBound...].prefix(while: { $0.isNumber })) else {
            throw Failure(description: "no listening line in: \(banner)")
        }
        self.port = port
    }

    /// The default path: `flinkcloud` next to this benchmark's executable.
    static var defaultPath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("flinkcloud").path
    }

    func request(_ method: String, _ path: String, _ body: String = "") -> [UInt8] {
        let auth = "Authorization: Basic QkVOQ0g6YmVuY2g=\r\n"   // BENCH:bench
        return Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(auth)Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
