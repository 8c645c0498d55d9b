import Model
import Store

/// Login for the real Confluent CLI: `/api/sessions` takes an API key as the email and its secret as the
/// password and answers JWTs this server signs with HMAC-SHA256 (`JWT`); Bearer tokens are verified
/// (signature, expiry, kind, and that the key still exists) before they count as that key.
extension ControlPlane {
    public enum TokenKind: String, Sendable {
        case session, refresh, dataplane
    }

    static let sessionSeconds: Int64 = 12 * 3600
    static let refreshSeconds: Int64 = 30 * 86400
    static let dataPlaneSeconds: Int64 = 3600
    static let tokenKeyMeta = "auth.token_key"

    /// 32 bytes from the system's secure generator (even under --seed: the key must not be guessable), as hex.
    static func newTokenKeyHex() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let b = UInt8.random(in: 0...255, using: &rng)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined()
    }

    static func loadTokenKey(store: Store) throws(APIError) -> [UInt8] {
        try mapErrors {
            if let hex = try store.read({ tx in try tx.meta(tokenKeyMeta) }), let key = Self.unhex(hex), key.count == 32 {
                return key
            }
            return try store.write { tx -> [UInt8] in
                if let hex = try tx.meta(tokenKeyMeta), let key = Self.unhex(hex), key.count == 32 { return key }
                let hex = newTokenKeyHex()
                try tx.setMeta(tokenKeyMeta, hex)
                return Self.unhex(hex)!
            }
        }
    }

    static func unhex(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: u.count, by: 2) {
            guard let b = UInt8(String(decoding: u[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        return out
    }

    /// `POST /api/sessions` with `{"email": key, "password": secret}`; 401 for unknown credentials.
    public func createSession(apiKey: String, secret: String) throws(APIError) -> AuthSession {
        guard let principal = verifyApiKey(id: apiKey, secret: secret) else {
            throw APIError.unauthenticated("Incorrect email or password (use an API key as the email and its secret as the password).")
        }
        return try session(for: principal)
    }

    /// `POST /api/sessions` with `{"refreshToken": …}`.
    public func refreshSession(refreshToken: String) throws(APIError) -> AuthSession {
        guard let principal = verifyToken(refreshToken, kinds: [.refresh]) else {
            throw APIError.unauthenticated("The refresh token is invalid or expired; log in again.")
        }
        return try session(for: principal)
    }

    func session(for principal: Principal) throws(APIError) -> AuthSession {
        AuthSession(token: issueToken(principal, kind: .session, seconds: Self.sessionSeconds),
                    refreshToken: issueToken(principal, kind: .refresh, seconds: Self.refreshSeconds),
                    principal: principal, me: try identity(of: principal))
    }

    /// `POST …/api/access_tokens`: a data-plane token for the Flink gateway (sql/v1).
    public func dataPlaneToken(for principal: Principal) -> String {
        issueToken(principal, kind: .dataplane, seconds: Self.dataPlaneSeconds)
    }

    /// `GET /api/me`.
    public func identity(of principal: Principal) throws(APIError) -> AuthIdentity {
        let orgs = try organizations()
        guard let org = orgs.first(where: { $0.id == defaults.organizationID }) ?? orgs.first else {
            throw APIError.internalError("No organization exists.")
        }
        let envs = try query { tx in try tx.environments(page: PageRequest(pageSize: PageRequest.maxSize)).items }
        let user = principal.owner.hasPrefix("u-") || principal.owner.hasPrefix("sa-") ? principal.owner : "u-" + principal.owner
        return AuthIdentity(apiKeyID: principal.apiKeyID, userResourceID: user, organization: org, environments: envs)
    }

    func issueToken(_ principal: Principal, kind: TokenKind, seconds: Int64) -> String {
        let now = clock.nowMillis() / 1000
        let claims = JSONObject([
            ("iss", .string("flinkcloud")), ("sub", .string(principal.apiKeyID)), ("owner", .string(principal.owner)),
            ("kind", .string(kind.rawValue)), ("iat", .int(now)), ("exp", .int(now + seconds)),
            ("jti", .string(Base64URL.encode(ids.randomBytes(count: 9)))),
        ])
        return JWT.sign(claims: claims, key: tokenKey)
    }

    /// The principal of a valid token of one of `kinds` whose API key still exists; nil otherwise.
    public func verifyToken(_ token: String, kinds: Set<TokenKind> = [.session, .dataplane]) -> Principal? {
        guard let claims = try? JWT.verify(token, key: tokenKey, nowSeconds: clock.nowMillis() / 1000),
              let kind = claims["kind"]?.stringValue.flatMap(TokenKind.init(rawValue:)), kinds.contains(kind),
              let key = claims["sub"]?.stringValue, let owner = claims["owner"]?.stringValue else { return nil }
        let known = verifiedSecrets.lookup(key, epoch: verifiedSecrets.currentEpoch) != nil
        if !known {
            guard let stored = try? query({ tx in try tx.storedApiKey(id: key) }), stored.key.owner == owner else { return nil }
        }
        return Principal(apiKeyID: key, owner: owner)
    }
}
