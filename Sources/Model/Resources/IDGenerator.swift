import Synchronization

/// Generates resource ids in Confluent's shapes (`env-…`, `lfcp-…`, `lkc-…`, `job-…`, UUID org ids) and
/// API key material. With a seed every sequence is deterministic (SplitMix64); without one it is seeded
/// from the system's random source.
public final class IDGenerator: Sendable {
    private let state: Mutex<UInt64>
    public let isSeeded: Bool

    public init(seed: UInt64? = nil) {
        if let seed {
            state = Mutex(seed)
            isSeeded = true
        } else {
            var system = SystemRandomNumberGenerator()
            state = Mutex(system.next())
            isSeeded = false
        }
    }

    /// Next 64 random bits (SplitMix64).
    public func next() -> UInt64 {
        state.withLock { state in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private static let lowerAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    private static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `count` characters drawn uniformly from `alphabet`.
    public func randomString(count: Int, alphabet: [UInt8]) -> String {
        randomString(count: count, alphabet: alphabet, secret: false)
    }

    private func randomString(count: Int, alphabet: [UInt8], secret: Bool) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        let n = UInt64(alphabet.count)
        let limit = UInt64.max - UInt64.max % n
        while bytes.count < count {
            let r = secret ? secretNext() : next()
            if r < limit { bytes.append(alphabet[Int(r % n)]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Random bits for secrets and salts: the seeded stream when seeded (deterministic tests), else the
    /// system's secure generator (ids are public, so secrets must not come from the same predictable stream).
    private func secretNext() -> UInt64 {
        if isSeeded { return next() }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    /// `count` random bytes for salts (see `secretNext`).
    public func randomBytes(count: Int) -> [UInt8] {
        bytes(count: count, secret: true)
    }

    private func bytes(count: Int, secret: Bool) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            var r = secret ? secretNext() : next()
            for _ in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: r)); r >>= 8 }
        }
        return Array(bytes.prefix(count))
    }

    private func suffixed(_ prefix: String, count: Int = 6) -> String {
        prefix + randomString(count: count, alphabet: Self.lowerAlphanumerics)
    }

    public func environmentID() -> String { suffixed("env-") }
    public func computePoolID() -> String { suffixed("lfcp-") }
    public func kafkaClusterID() -> String { suffixed("lkc-") }
    public func jobID() -> String { suffixed("job-", count: 8) }
    /// Confluent-style API key id: 16 upper-case alphanumerics.
    public func apiKeyID() -> String { randomString(count: 16, alphabet: Self.upperAlphanumerics) }
    /// Confluent-style API secret: 64 characters.
    public func apiSecret() -> String { randomString(count: 64, alphabet: Self.secretAlphabet, secret: true) }

    /// A version-4 UUID in lower-case text form.
    public func uuid() -> String {
        var bytes = bytes(count: 16, secret: false)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
