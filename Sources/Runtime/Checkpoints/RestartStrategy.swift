/// Flink's restart strategies (`restart-strategy.type`): what to do when a running job fails.
public enum RestartStrategy: Sendable, Equatable {
    /// Never restart: the job fails.
    case none
    /// Up to `attempts` restarts, each after `delay` ms.
    case fixedDelay(attempts: Int, delay: Int64)
    /// Restart after `initial` ms, multiplied by `multiplier` per consecutive failure up to `max` ms, with
    /// ± `jitter` (fraction) randomness; a job that ran `resetThreshold` ms without failing starts over at
    /// `initial`. `attempts` limits restarts (nil: unlimited, Flink's default).
    case exponentialDelay(initial: Int64, max: Int64, multiplier: Double, jitter: Double, resetThreshold: Int64, attempts: Int?)

    /// Flink's default with checkpointing on: exponential delay 1 s doubling to 5 min, jitter 0.1, reset after 1 h.
    public static let exponentialDefault = RestartStrategy.exponentialDelay(initial: 1000, max: 300_000, multiplier: 2,
                                                                              jitter: 0.1, resetThreshold: 3_600_000, attempts: nil)
    /// Flink's fixed-delay defaults: 1 attempt after 1 s.
    public static let fixedDelayDefault = RestartStrategy.fixedDelay(attempts: 1, delay: 1000)

    /// The default for a job: exponential delay when checkpointing is enabled, none otherwise.
    public static func defaultFor(checkpointing: Bool) -> RestartStrategy { checkpointing ? .exponentialDefault : .none }

    /// The name Flink uses for `restart-strategy.type`.
    public var typeName: String {
        switch self {
        case .none: return "disable"
        case .fixedDelay: return "fixed-delay"
        case .exponentialDelay: return "exponential-delay"
        }
    }

    /// The delay before restart number `restart` (1-based, counting consecutive failures since the last
    /// reset), or nil when the strategy gives up. `random` returns a value in 0..<1 (injected in tests).
    public func delay(beforeRestart restart: Int, random: () -> Double = { Double.random(in: 0..<1) }) -> Int64? {
        switch self {
        case .none:
            return nil
        case let .fixedDelay(attempts, delay):
            return restart <= attempts ? delay : nil
        case let .exponentialDelay(initial, maxDelay, multiplier, jitter, _, attempts):
            if let attempts, restart > attempts { return nil }
            var d = Double(initial)
            for _ in 1..<max(1, restart) {
                d *= multiplier
                if d >= Double(maxDelay) { d = Double(maxDelay); break }
            }
            d = min(d, Double(maxDelay))
            let j = d * jitter * (random() * 2 - 1)
            return Swift.max(0, Int64(d + j))
        }
    }

    /// Whether a failure after running `uptime` ms starts the backoff over.
    public func resets(afterUptime uptime: Int64) -> Bool {
        if case let .exponentialDelay(_, _, _, _, threshold, _) = self { return uptime >= threshold }
        return false
    }

    /// Parses Flink configuration keys (`restart-strategy.type`, `restart-strategy.fixed-delay.attempts`,
    /// `….delay`, `restart-strategy.exponential-delay.initial-backoff`, `.max-backoff`,
    /// `.backoff-multiplier`, `.jitter-factor`, `.reset-backoff-threshold`,
    /// `.attempts-before-reset-backoff`). Durations accept `ms`, `s`, `min`, `h` suffixes (Flink's
    /// `1 s`, `5 min`). Returns nil when no type is set; throws on an unknown type or a bad value.
    public static func parse(_ options: [String: String], checkpointing: Bool) throws -> RestartStrategy? {
        let p = "restart-strategy."
        guard let type = options[p + "type"]?.lowercased().trimmingCharactersInSpaces() else { return nil }
        func duration(_ key: String, _ def: Int64) throws -> Int64 {
            guard let v = options[p + key] else { return def }
            guard let d = parseDuration(v) else {
                throw RuntimeError(code: "invalid_option", detail: "Invalid duration '\(v)' for \(p + key).")
            }
            return d
        }
        func int(_ key: String, _ def: Int?) throws -> Int? {
            guard let v = options[p + key] else { return def }
            guard let n = Int(v.trimmingCharactersInSpaces()), n >= 0 else {
                throw RuntimeError(code: "invalid_option", detail: "Invalid integer '\(v)' for \(p + key).")
            }
            return n
        }
        func double(_ key: String, _ def: Double) throws -> Double {
            guard let v = options[p + key] else { return def }
            guard let n = Double(v.trimmingCharactersInSpaces()), n >= 0 else {
                throw RuntimeError(code: "invalid_option", detail: "Invalid number '\(v)' for \(p + key).")
            }
            return n
        }
        switch type {
        case "none", "off", "disable":
            return RestartStrategy.none
        case "fixed-delay", "fixeddelay":
            return .fixedDelay(attempts: try int("fixed-delay.attempts", 1) ?? 1, delay: try duration("fixed-delay.delay", 1000))
        case "exponential-delay", "exponentialdelay":
            let e = "exponential-delay."
            return .exponentialDelay(initial: try duration(e + "initial-backoff", 1000), max: try duration(e + "max-backoff", 300_000),
                                     multiplier: try double(e + "backoff-multiplier", 2), jitter: try double(e + "jitter-factor", 0.1),
                                     resetThreshold: try duration(e + "reset-backoff-threshold", 3_600_000),
                                     attempts: try int(e + "attempts-before-reset-backoff", nil))
        default:
            throw RuntimeError(code: "invalid_option",
                               detail: "Unknown restart-strategy.type '\(type)' (expected none, fixed-delay or exponential-delay).")
        }
    }

    /// `500`, `500 ms`, `1 s`, `2min`, `1 h` → milliseconds.
    public static func parseDuration(_ text: String) -> Int64? {
        let t = text.lowercased().filter { $0 != " " }
        let digits = t.prefix { $0.isNumber }
        guard let n = Int64(digits) else { return nil }
        switch t.dropFirst(digits.count) {
        case "", "ms", "milli", "millis", "milliseconds": return n
        case "s", "sec", "secs", "second", "seconds": return n * 1000
        case "min", "m", "minute", "minutes": return n * 60_000
        case "h", "hour", "hours": return n * 3_600_000
        case "d", "day", "days": return n * 86_400_000
        default: return nil
        }
    }
}

extension String {
    func trimmingCharactersInSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
