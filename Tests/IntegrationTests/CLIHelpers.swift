import Foundation
import Model
import TestSupport

/// Runs the built `confluent` binary (next to `flinkcloud`, or `$CONFLUENT_BIN`) with its own HOME and
/// config file, so tests never touch the user's context.
struct ConfluentCLI {
    struct Result {
        var status: Int32
        var out: String
        var err: String
        var json: JSONValue? { try? JSONParser.parse(out) }
    }

    let binary: String
    let home: String
    var configPath: String { home + "/config.json" }

    init() throws {
        if let env = ProcessInfo.processInfo.environment["CONFLUENT_BIN"] {
            binary = env
        } else {
            binary = URL(fileURLWithPath: try FlinkCloudProcess.binaryPath()).deletingLastPathComponent()
                .appendingPathComponent("confluent").path
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw FlinkCloudProcess.StartError(description: "confluent binary not found at \(binary); run `swift build` first")
        }
        home = FlinkCloudProcess.temporaryDirectory("cli-home")
    }

    /// Starts a server, logs a fresh CLI in to it, runs `body`, then stops the server.
    static func withLoggedIn(_ body: (FlinkCloudProcess, ConfluentCLI) throws -> Void) throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let cli = try ConfluentCLI()
        let login = try cli.login(to: server)
        guard login.status == 0 else { throw FlinkCloudProcess.StartError(description: "confluent login failed: \(login.err)") }
        try body(server, cli)
    }

    /// `confluent login` to `server` with its API key.
    @discardableResult
    func login(to server: FlinkCloudProcess) throws -> Result {
        try run(["login", "--url", server.baseURL, "--api-key", server.apiKey, "--api-secret", server.apiSecret])
    }

    @discardableResult
    func run(_ args: [String], stdin: String? = nil, env extra: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("CONFLUENT_") || k.hasPrefix("FLINKCLOUD_") { env[k] = nil }
        env["HOME"] = home
        env["FLINKCLOUD_CONFIG"] = configPath
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read stderr on another thread while stdout is read here (a full pipe would block the process).
        let errData = Box<Data>(Data())
        let done = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            let d = errHandle.readDataToEndOfFile()
            errData.update { $0 = d }
            done.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData.get(), as: UTF8.self))
    }

    func writeFile(_ name: String, _ text: String) throws -> String {
        let path = home + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension ConfluentCLI {
    /// A `confluent` process left running (e.g. `logs --follow`); its stdout is collected line by line.
    final class Running: @unchecked Sendable {
        let process: Process
        private let lines = Box<[String]>([])

        init(_ process: Process, stdout: Pipe) {
            self.process = process
            let handle = stdout.fileHandleForReading
            let lines = self.lines
            Thread.detachNewThread {
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let nl = pending.firstIndex(of: 0x0A) {
                        let line = String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)
                        pending.removeSubrange(pending.startIndex...nl)
                        lines.update { $0.append(line) }
                    }
                }
            }
        }

        var output: [String] { lines.get() }

        /// Waits until some output line satisfies `predicate`.
        func waitForLine(timeout: Double, _ predicate: (String) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if output.contains(where: predicate) { return true }
                usleep(20_000)
            }
            return output.contains(where: predicate)
        }

        /// SIGTERM, then SIGKILL if it is still there after 3 s (never waits forever).
        func stop() {
            if process.isRunning { process.terminate() }
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }

        /// Whether SIGTERM alone ended it within `timeout`.
        func terminate(timeout: Double) -> Bool {
            if process.isRunning { process.terminate() }
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            return !process.isRunning
        }
    }

    func start(_ args: [String]) throws -> Running {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("CONFLUENT_") || k.hasPrefix("FLINKCLOUD_") { env[k] = nil }
        env["HOME"] = home
        env["FLINKCLOUD_CONFIG"] = configPath
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return Running(p, stdout: out)
    }
}
