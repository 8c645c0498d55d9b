import Glibc

/// Wall-clock time in milliseconds, injectable for tests.
public protocol RuntimeClock: Sendable {
    func nowMillis() -> Int64
}

public struct SystemClock: RuntimeClock {
    public init() {}
    public func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
