import Synchronization

/// A clock tests set and advance by hand.
public final class ManualClock: EpochClock {
    private let now: Mutex<Int64>

    public init(millis: Int64 = 1_750_000_000_000) { now = Mutex(millis) }

    public func nowMillis() -> Int64 { now.withLock { $0 } }

    public func advance(byMillis delta: Int64) { now.withLock { $0 += delta } }

    public func set(millis: Int64) { now.withLock { $0 = millis } }
}
