/// Request ids: 32 hex digits in UUID layout, from a fast per-thread generator.
public enum RequestID {
    public static func generate() -> String {
        var g = SystemRandomNumberGenerator()
        let a = g.next() as UInt64
        let b = g.next() as UInt64
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
