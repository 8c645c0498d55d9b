/// Idle-state retention (Flink's `table.exec.state.ttl`, Confluent's `sql.state-ttl`) for the keyed state
/// of one operator subtask: a key not written for `millis` (processing time) is expired — the operator
/// sees it as absent on its next access, and a sweep every `sweepEvery` accesses drops every expired key so
/// idle keys do not hold memory. Like Flink's default (`OnCreateAndWrite`, `NeverReturnExpired`), reads do
/// not extend a key's life. Restored keys start a new life at restore time (checkpoints keep no timestamps).
public final class StateTTL {
    public let millis: Int64
    public let sweepEvery: Int
    var lastWrite: [[Value]: Int64] = [:]
    private var accesses = 0

    public init(millis: Int64, sweepEvery: Int = 1024) {
        self.millis = millis
        self.sweepEvery = max(1, sweepEvery)
    }

    /// A TTL for a configured value: nil for nil or a non-positive value (0 = keep state forever).
    public static func make(_ millis: Int64?) -> StateTTL? {
        guard let millis, millis > 0 else { return nil }
        return StateTTL(millis: millis)
    }

    /// Whether `key` was last written more than `millis` before `now`.
    public func isExpired(_ key: [Value], now: Int64) -> Bool {
        guard let t = lastWrite[key] else { return false }
        return now - t >= millis
    }

    /// Records a write of `key` at `now`.
    public func touch(_ key: [Value], now: Int64) { lastWrite[key] = now }

    /// Forgets `key` (its state was removed).
    public func forget(_ key: [Value]) { lastWrite.removeValue(forKey: key) }

    /// Counts an access; every `sweepEvery` accesses returns the keys that expired (and forgets them).
    public func sweepIfDue(now: Int64) -> [[Value]] {
        accesses += 1
        guard accesses >= sweepEvery else { return [] }
        accesses = 0
        return sweep(now: now)
    }

    /// The keys that expired at `now` (forgotten).
    public func sweep(now: Int64) -> [[Value]] {
        let expired = lastWrite.compactMap { now - $0.value >= millis ? $0.key : nil }
        for k in expired { lastWrite.removeValue(forKey: k) }
        return expired
    }
}

extension KeyedState {
    /// Drops `key`'s entry when `ttl` says it expired at `now`; returns whether it did.
    @discardableResult
    public func expire(_ key: [Value], ttl: StateTTL?, now: Int64) -> Bool {
        guard let ttl, ttl.isExpired(key, now: now) else { return false }
        entries.removeValue(forKey: key)
        ttl.forget(key)
        return true
    }

    /// Records a write of `key` (or its removal when the entry is gone) and sweeps expired keys when due.
    public func written(_ key: [Value], ttl: StateTTL?, now: Int64) {
        guard let ttl else { return }
        if entries[key] == nil { ttl.forget(key) } else { ttl.touch(key, now: now) }
        for k in ttl.sweepIfDue(now: now) { entries.removeValue(forKey: k) }
    }

    /// After a restore: every restored key starts a new life at `now`.
    public func restartTTL(_ ttl: StateTTL?, now: Int64) {
        guard let ttl else { return }
        for k in entries.keys { ttl.touch(k, now: now) }
    }
}
