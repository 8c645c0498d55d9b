/// An API key (`iam/v2` ApiKey). The secret is stored salted and hashed; it is only present (in `secret`)
/// in the value returned by create.
public struct ApiKey: Sendable, Equatable {
    public var id: String
    /// Who the key belongs to, e.g. `u-admin` or a service account id.
    public var owner: String
    public var description: String
    public var createdAt: Int64
    public var resourceVersion: Int64
    /// Plain secret, only on the create response.
    public var secret: String?

    public init(id: String, owner: String, description: String, createdAt: Int64, resourceVersion: Int64 = 1,
                secret: String? = nil) {
        self.id = id
        self.owner = owner
        self.description = description
        self.createdAt = createdAt
        self.resourceVersion = resourceVersion
        self.secret = secret
    }
}

/// The authenticated caller of a request: the API key that signed it.
public struct Principal: Sendable, Equatable {
    public var apiKeyID: String
    public var owner: String

    public init(apiKeyID: String, owner: String) {
        self.apiKeyID = apiKeyID
        self.owner = owner
    }

    /// Used when auth is off or for internal actions.
    public static let system = Principal(apiKeyID: "system", owner: "system")
}
