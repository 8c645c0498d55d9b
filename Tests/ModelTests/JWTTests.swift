import Model
import Testing

@Suite struct JWTTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    @Test func hmacMatchesRFC4231() {
        // Test case 1 and 2 of RFC 4231.
        #expect(hex(HMACSHA256.authenticate(Array("Hi There".utf8), key: [UInt8](repeating: 0x0b, count: 20)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block size is hashed first.
        #expect(hex(HMACSHA256.authenticate(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                                            key: [UInt8](repeating: 0xaa, count: 131)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func base64URLRoundTrips() {
        for n in 0..<40 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + 11) % 256) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        #expect(Base64URL.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw")
        #expect(Base64URL.decode("a+b/") == nil)
        #expect(Base64URL.decode("abcde") == nil)
    }

    @Test func signedTokensVerifyAndTamperedOrExpiredOnesDoNot() throws {
        let key = Array("secret-key".utf8)
        let token = JWT.sign(claims: JSONObject([("sub", .string("KEY1")), ("exp", .int(2000))]), key: key)
        #expect(token.split(separator: ".").count == 3)
        #expect(try JWT.verify(token, key: key, nowSeconds: 1000)["sub"] == .string("KEY1"))
        #expect(throws: JWT.VerificationError.expired) { try JWT.verify(token, key: key, nowSeconds: 2000) }
        #expect(throws: JWT.VerificationError.badSignature) { try JWT.verify(token, key: Array("other".utf8), nowSeconds: 1000) }
        // A changed payload keeps the old signature: rejected.
        let parts = token.split(separator: ".").map(String.init)
        let forged = parts[0] + "." + Base64URL.encode(Array(#"{"sub":"ADMIN","exp":9999999999}"#.utf8)) + "." + parts[2]
        #expect(throws: JWT.VerificationError.badSignature) { try JWT.verify(forged, key: key, nowSeconds: 1000) }
        // alg none is refused.
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
        #expect(throws: JWT.VerificationError.unsupportedAlgorithm) { try JWT.verify(none, key: key, nowSeconds: 1000) }
        #expect(throws: JWT.VerificationError.malformed) { try JWT.verify("garbage", key: key, nowSeconds: 1000) }
        // No exp: malformed.
        let noExp = JWT.sign(claims: JSONObject([("sub", .string("K"))]), key: key)
        #expect(throws: JWT.VerificationError.malformed) { try JWT.verify(noExp, key: key, nowSeconds: 1000) }
    }
}
