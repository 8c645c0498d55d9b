/// Deterministic hashing of values for key routing (Swift's `Hasher` is seeded per process, so it cannot
/// be used for anything that must agree across runs, such as key groups in snapshots).
public enum ValueHashing {
    @inlinable public static func hash32(_ v: Value) -> UInt32 {
        switch v {
        case .null: return 0
        case let .bool(b): return b ? 1231 : 1237
        case let .int(i): return mix64(UInt64(bitPattern: i))
        case let .double(d): return mix64(d == 0 ? 0 : d.bitPattern)
        case let .decimal(u, s):
            var x = u, sc = s
            while sc > 0 && x % 10 == 0 { x /= 10; sc -= 1 }  // 1.50 and 1.5 hash alike
            return mix64(UInt64(truncatingIfNeeded: x) ^ UInt64(truncatingIfNeeded: x >> 64)) &+ UInt32(sc)
        case let .string(s): return fnv(s.utf8)
        case let .bytes(b): return fnv(b)
        case let .date(d): return mix64(UInt64(UInt32(bitPattern: d)))
        case let .time(t), let .timestamp(t), let .interval(t): return mix64(UInt64(bitPattern: t))
        case let .intervalMonths(m): return mix64(UInt64(UInt32(bitPattern: m)))
        case let .array(a), let .row(a):
            var h: UInt32 = 1
            for x in a { h = h &* 31 &+ hash32(x) }
            return h
        case let .map(entries):
            var h: UInt32 = 7
            for e in entries { h = h &* 31 &+ (hash32(e.key) ^ hash32(e.value)) }
            return h
        }
    }

    @inlinable static func mix64(_ x: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: x ^ (x >> 32))
    }

    @inlinable static func fnv<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
        var h: UInt32 = 2_166_136_261
        for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }
}
