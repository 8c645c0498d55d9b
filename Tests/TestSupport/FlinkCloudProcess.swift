import Foundation
import Synchronization

/// Runs the real `flinkcloud` binary for integration tests: starts it on `--port 0` with a data dir,
/// waits for its machine-readable `listening on <url>` line, and stops it gently (SIGTERM) or hard (SIGKILL).
public final class FlinkCloudProcess: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let process: Process
    public let baseURL: String
    public let host: String
    public let port: Int
    public let apiKey: String
    public let apiSecret: String
    public let dataDir: String
    public let startupMillis: Double
    private let output: Box<[String]>

    /// Output lines (stdout and stderr interleaved) seen so far.
    public var lines: [String] { output.get() }

    /// The built `flinkcloud` next to the test bundle (`.build/<config>/`), or `$FLINKCLOUD_BIN`.
    public static func binaryPath() throws -> String {
        if let env = ProcessInfo.processInfo.environment["FLINKCLOUD_BIN"] { return env }
        var candidates: [URL] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent())
        }
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {   // e.g. …/debug/FlinkCloudPackageTests.xctest/Contents/MacOS
            candidates.append(dir)
            dir = dir.deletingLastPathComponent()
        }
        for c in candidates {
            let path = c.appendingPathComponent("flinkcloud").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw StartError(description: "flinkcloud binary not found next to the test bundle (looked in \(candidates.map(\.path))); run `swift build` first or set FLINKCLOUD_BIN")
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ tag: String = "it") -> String {
        let path = NSTemporaryDirectory() + "flinkcloud-\(tag)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts the server and waits (up to `timeout`) until it prints its listening line.
    /// With `apiKey` nil the server generates (or reloads) its own credentials; they are read from the banner.
    public init(dataDir: String? = nil, arguments: [String] = [], apiKey: String? = "ITESTKEY",
                apiSecret: String = "itest-secret", timeout: Double = 15) throws {
        let dir = dataDir ?? Self.temporaryDirectory()
        self.dataDir = dir
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try Self.binaryPath())
        p.arguments = ["--port", "0", "--data-dir", dir, "--log-level", "warn"]
            + (apiKey.map { ["--api-key", $0, "--api-secret", apiSecret] } ?? []) + arguments
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("FLINKCLOUD_") { env[k] = nil }
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        let output = Box<[String]>([])
        self.output = output
        let ready = DispatchSemaphore(value: 0)
        let found = Box<String?>(nil)
        let handle = pipe.fileHandleForReading
        let started = ContinuousClock.now
        try p.run()
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let nl = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...nl)
                    output.update { $0.append(line) }
                    if let r = line.range(of: "listening on ") {
                        found.update { $0 = String(line[r.upperBound...]) }
                    }
                    if line.hasPrefix("ready in ") { ready.signal() }
                }
            }
            ready.signal()
        }
        _ = ready.wait(timeout: .now() + timeout)
        guard let url = found.get() else {
            if p.isRunning { p.terminate() }
            throw StartError(description: "flinkcloud did not print its listening line within \(timeout)s; output:\n"
                             + output.get().joined(separator: "\n"))
        }
        let elapsed = ContinuousClock.now - started
        startupMillis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        process = p
        baseURL = url
        let hostPort = url.replacing("http://", with: "")
        let colon = hostPort.lastIndex(of: ":")!
        host = String(hostPort[..<colon])
        port = Int(hostPort[hostPort.index(after: colon)...]) ?? 0
        func bannerValue(_ label: String) -> String? {
            output.get().first { $0.contains(label) }.map {
                String($0.split(separator: ":", maxSplits: 1)[1].split(separator: " ", omittingEmptySubsequences: true).first ?? "")
            }
        }
        self.apiKey = apiKey ?? bannerValue("API key:") ?? ""
        self.apiSecret = apiKey == nil ? (bannerValue("API secret:") ?? "") : apiSecret
    }

    /// `Authorization` header value for the admin key.
    public var authorization: String {
        "Basic " + Data("\(apiKey):\(apiSecret)".utf8).base64EncodedString()
    }

    /// SIGTERM and wait; returns the exit status (or nil if it did not exit within `timeout`).
    @discardableResult
    public func stop(timeout: Double = 5) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        return waitForExit(timeout: timeout)
    }

    /// SIGKILL: no chance to flush anything.
    public func kill9() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = waitForExit(timeout: 5)
    }

    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A lock-protected value shared with background threads.
final class Box<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ v: Value) { mutex = Mutex(v) }
    func get() -> Value { mutex.withLock { $0 } }
    func update(_ f: (inout Value) -> Void) { mutex.withLock { f(&$0) } }
}
