/// Wall-clock time in epoch milliseconds, injected so tests control time.
public protocol EpochClock: Sendable {
    func nowMillis() -> Int64
}
