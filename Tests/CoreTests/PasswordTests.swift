import Testing
@testable import Core

@Suite struct PasswordTests {
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
