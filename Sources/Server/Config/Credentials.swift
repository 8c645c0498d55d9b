import Foundation

/// The admin API key and secret: from flags/environment, else loaded from `<data-dir>/admin-credentials`,
/// else generated (and saved there, mode 0600) on first start.
struct Credentials: Sendable, Equatable {
    var key: String
    var secret: String
    var generated = false

    static let fileName = "admin-credentials"

    static func resolve(config: ServerConfig) throws -> Credentials {
        if let key = config.apiKey, let secret = config.apiSecret { return Credentials(key: key, secret: secret) }
        let path = config.dataDir + "/" + fileName
        if !config.inMemory, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", maxSplits: 1)
            if parts.count == 2 { return Credentials(key: String(parts[0]), secret: String(parts[1])) }
        }
        var rng = AnyRandom(seed: config.seed.map { $0 ^ 0xA5A5_5A5A })
        let made = Credentials(key: random(16, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", using: &rng),
                               secret: random(64, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", using: &rng),
                               generated: true)
        if !config.inMemory {
            try FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data("\(made.key):\(made.secret)\n".utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        return made
    }

    private static func random(_ n: Int, from alphabet: String, using rng: inout AnyRandom) -> String {
        let chars = Array(alphabet)
        return String((0..<n).map { _ in chars[Int(rng.next() % UInt64(chars.count))] })
    }
}

/// System randomness, or a deterministic SplitMix64 stream under `--seed`.
struct AnyRandom: RandomNumberGenerator {
    private var state: UInt64?
    private var system = SystemRandomNumberGenerator()

    init(seed: UInt64?) { state = seed }

    mutating func next() -> UInt64 {
        guard var s = state else { return system.next() }
        s &+= 0x9E37_79B9_7F4A_7C15
        state = s
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
