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
