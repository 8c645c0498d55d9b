import Model
/// Salted, stretched hashing of API key secrets and constant-time comparison.
///
/// Construction: `h0 = SHA-256(salt ‖ secret)`, then `h(i+1) = SHA-256(h(i) ‖ salt)` for `rounds` rounds.
/// Secrets are 64 random characters, so a modest round count is enough; it keeps verification (done on
/// every request) cheap. The API layer may cache verified keys.
public enum SecretHasher {
    public static let saltLength = 16
    public static let rounds = 64

    public static func hash(secret: String, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(salt)
        hasher.update(secret.utf8)
        var digest = hasher.finalize()
        for _ in 0..<rounds {
            var next = SHA256()
            next.update(digest)
            next.update(salt)
            digest = next.finalize()
        }
        return digest
    }

    /// Compares in time independent of where the bytes differ (only the lengths short-circuit).
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// True when `secret` hashes with `salt` to `expectedHash`.
    public static func verify(secret: String, salt: [UInt8], expectedHash: [UInt8]) -> Bool {
        constantTimeEquals(hash(secret: secret, salt: salt), expectedHash)
    }
}
