import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in epoch milliseconds, injected so tests control time.
public protocol EpochClock: Sendable {
    func nowMillis() -> Int64
}

/// The real clock (`CLOCK_REALTIME`).
public struct SystemClock: EpochClock {
    public init() {}

    public func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock tests set and advance by hand.
public final class ManualClock: EpochClock {
    private let now: Mutex<Int64>

    public init(millis: Int64 = 1_750_000_000_000) { now = Mutex(millis) }

    public func nowMillis() -> Int64 { now.withLock { $0 } }

    public func advance(byMillis delta: Int64) { now.withLock { $0 += delta } }

    public func set(millis: Int64) { now.withLock { $0 = millis } }
}
