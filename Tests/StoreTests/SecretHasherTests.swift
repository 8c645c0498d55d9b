@testable import Store
import Testing

@Suite struct SecretHasherTests {
    @Test func secretHasherSaltsAndComparesConstantTime() {
        let a = SecretHasher.hash(secret: "s3cret", salt: [1, 2, 3])
        let b = SecretHasher.hash(secret: "s3cret", salt: [1, 2, 4])
        #expect(a != b)
        #expect(SecretHasher.verify(secret: "s3cret", salt: [1, 2, 3], expectedHash: a))
        #expect(!SecretHasher.verify(secret: "s3creT", salt: [1, 2, 3], expectedHash: a))
        #expect(!SecretHasher.constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(SecretHasher.constantTimeEquals([], []))
    }
}
