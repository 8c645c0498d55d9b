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
