import Glibc
import Synchronization

/// A histogram of latencies in microseconds with log-spaced buckets (4 per power of two, ≤ 19% relative
/// error), cumulative since start; recorded once per batch, so an uncontended lock is cheap enough. Percentiles of an interval come from the difference
/// of two `counts` snapshots.
public final class LatencyHistogram: Sendable {
    public static let bucketCount = 128
    private let state = Mutex(Counts(buckets: [Int64](repeating: 0, count: bucketCount)))

    public init() {}

    /// Records one latency (negative values count as 0).
    public func record(micros: Int64, count: Int64 = 1) {
        let v = max(0, micros)
        let b = Self.bucket(v)
        state.withLock { c in
            c.buckets[b] &+= count
            c.sumMicros &+= v &* count
        }
    }

    public var counts: Counts { state.withLock { $0 } }

    /// Bucket of `v`: values below 8 µs get their own bucket; above, 4 buckets per power of two.
    static func bucket(_ v: Int64) -> Int {
        if v < 8 { return Int(v) }
        let log2 = 63 - v.leadingZeroBitCount            // ≥ 3
        let sub = Int((v >> (log2 - 2)) & 3)              // the next two bits
        return min(bucketCount - 1, 8 + (log2 - 3) * 4 + sub)
    }

    /// The largest value that falls into bucket `b`.
    static func upperBound(_ b: Int) -> Int64 {
        if b < 8 { return Int64(b) }
        let log2 = (b - 8) / 4 + 3
        let sub = Int64((b - 8) % 4)
        if log2 >= 62 { return Int64.max }
        return ((4 + sub + 1) << (log2 - 2)) - 1
    }

    /// Bucket counts at one moment.
    public struct Counts: Sendable, Hashable {
        public var buckets: [Int64]
        public var sumMicros: Int64

        public init(buckets: [Int64] = [], sumMicros: Int64 = 0) {
            self.buckets = buckets
            self.sumMicros = sumMicros
        }

        public var total: Int64 { buckets.reduce(0, +) }

        public mutating func add(_ other: Counts) {
            if buckets.isEmpty { buckets = other.buckets; sumMicros = other.sumMicros; return }
            for i in other.buckets.indices where i < buckets.count { buckets[i] += other.buckets[i] }
            sumMicros += other.sumMicros
        }

        /// The samples recorded since `earlier`.
        public func since(_ earlier: Counts) -> Counts {
            guard !earlier.buckets.isEmpty else { return self }
            var out = self
            for i in out.buckets.indices where i < earlier.buckets.count { out.buckets[i] -= earlier.buckets[i] }
            out.sumMicros -= earlier.sumMicros
            return out
        }

        /// The `q`-quantile (0…1) in microseconds (the bucket's upper bound), nil without samples.
        public func quantile(_ q: Double) -> Int64? {
            let n = total
            guard n > 0 else { return nil }
            let rank = Int64((Double(n) * q).rounded(.up))
            var seen: Int64 = 0
            for (i, c) in buckets.enumerated() {
                seen += c
                if seen >= max(1, rank) { return LatencyHistogram.upperBound(i) }
            }
            return LatencyHistogram.upperBound(buckets.count - 1)
        }
    }

    /// Monotonic microseconds (the clock latencies are measured with; the same on every thread).
    @inline(__always) public static func nowMicros() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }
}
