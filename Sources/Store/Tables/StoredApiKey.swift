import Model

/// A stored API key with its salted hash (never the secret).
public struct StoredApiKey: Sendable {
    public var key: ApiKey
    public var salt: [UInt8]
    public var secretHash: [UInt8]
}
