import Foundation
import Synchronization

/// Where the CLI writes: stdout, stderr, and whether stdout is a terminal (progress only then).
struct Terminal: Sendable {
    var out: @Sendable (String) -> Void
    var err: @Sendable (String) -> Void
    var isTTY: Bool

    static var standard: Terminal {
        Terminal(out: { s in FileHandle.standardOutput.write(Data(s.utf8)) },
                 err: { s in FileHandle.standardError.write(Data(s.utf8)) },
                 isTTY: isatty(STDOUT_FILENO) == 1)
    }

    /// A terminal that records everything (tests).
    static func capturing(isTTY: Bool = false) -> (Terminal, Captured) {
        let captured = Captured()
        return (Terminal(out: { captured.append(out: $0) }, err: { captured.append(err: $0) }, isTTY: isTTY), captured)
    }

    final class Captured: Sendable {
        private let state = Mutex<(out: String, err: String)>(("", ""))
        var out: String { state.withLock { $0.out } }
        var err: String { state.withLock { $0.err } }
        func append(out s: String) { state.withLock { $0.out += s } }
        func append(err s: String) { state.withLock { $0.err += s } }
    }
}
