import Testing
@testable import Core

@Suite struct PasswordTests {
    @Test func sessionTokensAreHashedAsLowercaseHexSHA256() {
        // FIPS 180-2 test vectors: stored session hashes must not change with the encoder.
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func productionHashUsesAtLeast600000RoundsAndASalt() {
        #expect(PasswordHasher().rounds >= 600_000)
        let a = fastHasher.hash("секретный пароль"), b = fastHasher.hash("секретный пароль")
        #expect(a != b, "each hash has its own salt")
        #expect(a.hasPrefix("pbkdf2-sha256$1000$"))
    }

    @Test func verifiesOnlyTheRightPassword() {
        let stored = fastHasher.hash("правильный-пароль")
        #expect(fastHasher.verify("правильный-пароль", against: stored))
        #expect(!fastHasher.verify("правильный-парол", against: stored))
        #expect(!fastHasher.verify("", against: stored))
        #expect(!fastHasher.verify("правильный-пароль", against: "garbage"))
        #expect(!fastHasher.verify("правильный-пароль", against: "pbkdf2-sha256$0$$"))
        // Verification reads the rounds from the hash, whatever the hasher's own setting.
        #expect(PasswordHasher(rounds: 5).verify("правильный-пароль", against: stored))
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
    }
}
