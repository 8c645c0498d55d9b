import Synchronization

/// Request ids: 32 hex digits in UUID layout. Unique per process and unpredictable enough for tracing
/// (SplitMix64 over a counter seeded from the system generator) without a getrandom call per request.
public enum RequestID {
    private static let counter = Atomic<UInt64>({ var g = SystemRandomNumberGenerator(); return g.next() }())

    @inline(__always) private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public static func generate() -> String {
        let n = counter.wrappingAdd(2, ordering: .relaxed).oldValue
        let a = mix(n)
        let b = mix(n &+ 1)
        let hex: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buf in
            var k = 0
            func put(_ v: UInt64, _ nibbles: Int) {
                var shift = (nibbles - 1) * 4
                while shift >= 0 {
                    buf[k] = hex.utf8Start[Int((v >> UInt64(shift)) & 15)]
                    k += 1
                    shift -= 4
                }
            }
            put(a >> 32, 8); buf[k] = 45; k += 1
            put((a >> 16) & 0xffff, 4); buf[k] = 45; k += 1
            put(a & 0xffff, 4); buf[k] = 45; k += 1
            put(b >> 48, 4); buf[k] = 45; k += 1
            put(b & 0xffff_ffff_ffff, 12)
            return k
        }
    }
}
