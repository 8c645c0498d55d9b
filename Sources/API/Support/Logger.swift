import Foundation
import Synchronization

/// Line-oriented logger to stderr; one lock keeps lines whole.
public final class Logger: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warn, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warn
            case "error": self = .error
            default: return nil
            }
        }

        var label: String {
            switch self {
            case .debug: "DEBUG"
            case .info: "INFO"
            case .warn: "WARN"
            case .error: "ERROR"
            }
        }
    }

    public let level: Level
    private let lock = Mutex(())
    private let sink: @Sendable (String) -> Void

    public init(level: Level, sink: @escaping @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }) {
        self.level = level
        self.sink = sink
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard level >= self.level else { return }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let line = "\(RFC3339Time.string(now)) \(level.label) \(message())\n"
        lock.withLock { _ in sink(line) }
    }

    public func debug(_ m: @autoclosure () -> String) { log(.debug, m()) }
    public func info(_ m: @autoclosure () -> String) { log(.info, m()) }
    public func warn(_ m: @autoclosure () -> String) { log(.warn, m()) }
    public func error(_ m: @autoclosure () -> String) { log(.error, m()) }
}

import Model

enum RFC3339Time {
    static func string(_ millis: Int64) -> String { RFC3339.string(epochMillis: millis, fractional: true) }
}
