import Foundation
import Model

/// `--wait`: polls a resource until its phase says done, showing progress on a terminal
/// (stdout is a tty and the output is human) and failing with the server's detail or a timeout.
struct Waiter: Sendable {
    enum Verdict: Sendable { case done, failed(String), waiting }

    let terminal: Terminal
    let showProgress: Bool
    let timeoutSeconds: Double

    init(context: CommandContext, timeoutSeconds: Double) {
        self.init(terminal: context.terminal, showProgress: context.terminal.isTTY && context.format == .human,
                  timeoutSeconds: timeoutSeconds)
    }

    init(terminal: Terminal, showProgress: Bool, timeoutSeconds: Double) {
        self.terminal = terminal
        self.showProgress = showProgress
        self.timeoutSeconds = timeoutSeconds
    }

    /// Polls `fetch` until `verdict` is `.done` (returns the last value) or `.failed` / time runs out (throws).
    func wait(for what: String, target: String, fetch: () throws -> JSONValue,
              phase: (JSONValue) -> String, verdict: (JSONValue) -> Verdict) throws -> JSONValue {
        let start = Date()
        var delay = 0.1
        var frame = 0
        let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        defer { if showProgress { terminal.out("\r\u{1B}[K") } }
        while true {
            let value = try fetch()
            switch verdict(value) {
            case .done: return value
            case .failed(let detail):
                throw CLIFailure("\(what) is \(phase(value))" + (detail.isEmpty ? "" : ": \(detail)"))
            case .waiting: break
            }
            let elapsed = Date().timeIntervalSince(start)
            if elapsed >= timeoutSeconds {
                throw CLIFailure("timed out after \(Self.text(timeoutSeconds)) waiting for \(what) to be \(target); it is \(phase(value))",
                                 resolution: "Pass a longer --timeout, or check the logs.")
            }
            if showProgress {
                terminal.out("\r\u{1B}[K\(spinner[frame % spinner.count]) Waiting for \(what) to be \(target): \(phase(value)) (\(Int(elapsed))s)")
                frame += 1
            }
            Thread.sleep(forTimeInterval: min(delay, max(0.01, timeoutSeconds - elapsed)))
            delay = min(delay * 1.5, 1.0)
        }
    }

    /// `60s`, or `300ms` below a second.
    static func text(_ seconds: Double) -> String {
        seconds >= 1 || seconds == 0 ? "\(Int(seconds))s" : "\(Int(seconds * 1000))ms"
    }
}
