/// Flink's key-group assignment (`KeyGroupRangeAssignment`, `MathUtils.murmurHash`).
public enum KeyGroups {
    public static let defaultMaxParallelism = 128

    /// Flink's `MathUtils.murmurHash(int)`: a non-negative 32-bit hash.
    @inlinable public static func murmurHash(_ code: Int32) -> Int32 {
        var c = UInt32(bitPattern: code)
        c = c &* 0xcc9e_2d51
        c = (c << 15) | (c >> 17)
        c = c &* 0x1b87_3593
        c = (c << 13) | (c >> 19)
        c = c &* 5 &+ 0xe654_6b64
        c ^= 4
        c ^= c >> 16
        c = c &* 0x85eb_ca6b
        c ^= c >> 13
        c = c &* 0xc2b2_ae35
        c ^= c >> 16
        let s = Int32(bitPattern: c)
        if s >= 0 { return s }
        return s != Int32.min ? -s : 0
    }

    @inlinable public static func keyGroup(forHash hash: Int32, maxParallelism: Int) -> Int {
        Int(murmurHash(hash)) % maxParallelism
    }

    @inlinable public static func operatorIndex(keyGroup: Int, maxParallelism: Int, parallelism: Int) -> Int {
        keyGroup * parallelism / maxParallelism
    }

    /// Flink's `computeKeyGroupRangeForOperatorIndex`.
    public static func range(maxParallelism: Int, parallelism: Int, subtask: Int) -> ClosedRange<Int> {
        let start = (subtask * maxParallelism + parallelism - 1) / parallelism
        let end = ((subtask + 1) * maxParallelism - 1) / parallelism
        return start...end
    }
}
