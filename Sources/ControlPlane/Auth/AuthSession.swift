import Model

/// What `POST /api/sessions` answers: a session JWT, a refresh token, and who logged in.
public struct AuthSession: Sendable {
    public var token: String
    public var refreshToken: String
    public var principal: Principal
    public var me: AuthIdentity
}

/// `GET /api/me`: the user (the API key's owner), the organization and the environments ("accounts").
public struct AuthIdentity: Sendable {
    public var apiKeyID: String
    public var userResourceID: String
    public var organization: Organization
    public var environments: [Environment]
}
