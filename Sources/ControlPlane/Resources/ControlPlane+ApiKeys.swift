import Model
import Store

extension ControlPlane {
    /// `POST /iam/v2/api-keys`: the returned key carries its secret; it is never readable again.
    public func createApiKey(_ request: CreateApiKeyRequest = CreateApiKeyRequest()) throws(APIError) -> ApiKey {
        let description = request.description ?? ""
        guard description.utf8.count <= 1024 else {
            throw APIError.badRequest("spec.description is longer than 1024 bytes.", pointer: "/spec/description")
        }
        let owner = (request.owner?.isEmpty ?? true) ? "u-admin" : request.owner!
        let secret = ids.apiSecret()
        let salt = ids.randomBytes(count: SecretHasher.saltLength)
        let hash = SecretHasher.hash(secret: secret, salt: salt)
        return try mutate { tx, _ in
            var id = ids.apiKeyID()
            while try tx.storedApiKey(id: id) != nil { id = ids.apiKeyID() }
            var key = ApiKey(id: id, owner: owner, description: description, createdAt: now())
            try tx.insertApiKey(key, salt: salt, secretHash: hash)
            key.secret = secret
            return key
        }
    }

    /// Registers a key with a known secret (the server's admin key from flags or its credentials file);
    /// replaces the stored secret when it differs.
    public func ensureApiKey(id: String, secret: String, owner: String = "u-admin",
                             description: String = "admin key") throws(APIError) {
        guard !id.isEmpty, !secret.isEmpty else {
            throw APIError.badRequest("API key and secret must not be empty.")
        }
        let salt = ids.randomBytes(count: SecretHasher.saltLength)
        let hash = SecretHasher.hash(secret: secret, salt: salt)
        try mutate { tx, _ in
            if let stored = try tx.storedApiKey(id: id) {
                if !SecretHasher.verify(secret: secret, salt: stored.salt, expectedHash: stored.secretHash) {
                    try tx.updateApiKeySecret(id: id, salt: salt, secretHash: hash)
                }
            } else {
                try tx.insertApiKey(ApiKey(id: id, owner: owner, description: description, createdAt: now()),
                                    salt: salt, secretHash: hash)
            }
        }
        verifiedSecrets.invalidate()
    }

    /// `GET /iam/v2/api-keys` (never with secrets).
    public func apiKeys(page: PageRequest = PageRequest()) throws(APIError) -> Page<ApiKey> {
        try query { try $0.apiKeys(page: page) }
    }

    /// `GET /iam/v2/api-keys/{id}`.
    public func apiKey(id: String) throws(APIError) -> ApiKey {
        try query { tx in
            guard let stored = try tx.storedApiKey(id: id) else { throw APIError.notFound("API key '\(id)' was not found.") }
            return stored.key
        }
    }

    /// `DELETE /iam/v2/api-keys/{id}`: the key stops working immediately.
    public func deleteApiKey(id: String) throws(APIError) {
        try mutate { tx, _ in
            guard try tx.deleteApiKey(id: id) else { throw APIError.notFound("API key '\(id)' was not found.") }
        }
        verifiedSecrets.invalidate()
    }

    /// Checks HTTP Basic credentials: the principal for a valid key and secret, nil otherwise. Secrets are
    /// compared in constant time; verified ones are remembered in memory so later requests skip hashing.
    public func verifyApiKey(id: String, secret: String) -> Principal? {
        let secretBytes = Array(secret.utf8)
        let epoch = verifiedSecrets.currentEpoch
        if let known = verifiedSecrets.lookup(id, epoch: epoch) {
            guard SecretHasher.constantTimeEquals(known.secret, secretBytes) else { return nil }
            return Principal(apiKeyID: id, owner: known.owner)
        }
        guard let stored = try? query({ tx in try tx.storedApiKey(id: id) }),
              SecretHasher.verify(secret: secret, salt: stored.salt, expectedHash: stored.secretHash) else {
            return nil
        }
        verifiedSecrets.store(id, VerifiedSecretCache.Entry(secret: secretBytes, owner: stored.key.owner), epoch: epoch)
        return Principal(apiKeyID: id, owner: stored.key.owner)
    }
}
