/// JSON Web Tokens signed with HMAC-SHA256 (`alg: HS256`): the session and data-plane tokens this server
/// issues to the Confluent CLI. `verify` checks the header, the signature (constant time) and `exp`.
public enum JWT {
    public enum VerificationError: Error, Sendable, Equatable {
        case malformed
        case unsupportedAlgorithm
        case badSignature
        case expired
    }

    static let header = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// `header.claims.signature`.
    public static func sign(claims: JSONObject, key: [UInt8]) -> String {
        let payload = Base64URL.encode(JSONValue.object(claims).encoded())
        let input = header + "." + payload
        return input + "." + Base64URL.encode(HMACSHA256.authenticate(Array(input.utf8), key: key))
    }

    /// The claims of a token signed with `key` whose `exp` (seconds since the epoch) is after `nowSeconds`.
    public static func verify(_ token: String, key: [UInt8], nowSeconds: Int64) throws(VerificationError) -> JSONObject {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 8192 else { throw .malformed }
        guard let headerBytes = Base64URL.decode(parts[0]), let header = try? JSONParser.parse(headerBytes) else {
            throw .malformed
        }
        guard header["alg"]?.stringValue == "HS256" else { throw .unsupportedAlgorithm }
        guard let signature = Base64URL.decode(parts[2]) else { throw .malformed }
        let expected = HMACSHA256.authenticate(Array((parts[0] + "." + parts[1]).utf8), key: key)
        guard HMACSHA256.constantTimeEqual(signature, expected) else { throw .badSignature }
        guard let payload = Base64URL.decode(parts[1]), let claims = (try? JSONParser.parse(payload))?.objectValue else {
            throw .malformed
        }
        guard let exp = claims["exp"]?.intValue else { throw .malformed }
        guard exp > nowSeconds else { throw .expired }
        return claims
    }
}
