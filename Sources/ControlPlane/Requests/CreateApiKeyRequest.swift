/// `POST /iam/v2/api-keys`.
public struct CreateApiKeyRequest: Sendable, Equatable {
    public var owner: String?
    public var description: String?

    public init(owner: String? = nil, description: String? = nil) {
        self.owner = owner
        self.description = description
    }
}
