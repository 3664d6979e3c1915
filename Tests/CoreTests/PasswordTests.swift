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

/// The one password rule (issue 13, item 7).
@Suite struct PasswordRuleTests {
    @Test(arguments: [
        ("1234567890", "Ряд символов"), ("0987654321", "Ряд символов"), ("qwertyuiop", "Ряд символов"),
        ("йцукенгшщз", "Ряд символов"), ("abcdefghij", "Ряд символов"), ("ЯЮЭЬЫЪЩШЧЦ", "Ряд символов"),
        ("aaaaaaaaaa", "повторяющихся"), ("abcabcabca", "повторяющихся"), ("1212121212", "повторяющихся"),
        ("1111122222", "повторяющихся"), ("password12", "распространённых"), ("Password123", "распространённых"),
        ("dragon2024!", "распространённых"), ("manchester", "распространённых"), ("short", "не короче 10"),
        ("director-ku", "совпадать с логином"), ("my-director-ku-pass", "содержать логин"),
    ])
    func refuses(_ password: String, _ reason: String) throws {
        let problem = try #require(PasswordRules.problem(password, login: "director-ku"), "\(password) was accepted")
        #expect(problem.contains(reason), "\(password): \(problem)")
    }

    @Test(arguments: ["opora-demo", "достаточно-длинный", "новый-пароль-42", "школа-семь-2024", "длинный-пароль-1",
                      "correct horse battery", "Сосна у реки 1987"])
    func accepts(_ password: String) {
        #expect(PasswordRules.problem(password, login: "director-ku") == nil, "\(password)")
    }

    @Test func theListShipsThousandsOfCommonPasswordsInLowerCase() {
        #expect(CommonPasswords.all.count > 10_000)
        #expect(CommonPasswords.all.allSatisfy { $0 == $0.lowercased() && !$0.isEmpty })
        #expect(CommonPasswords.all.isSuperset(of: ["123456", "password", "qwerty", "1qaz2wsx3edc"]))
    }

    @Test func accountCreationUsesTheRule() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        #expect(throws: DomainError.self) {
            try accounts.create(.console, NewAccount(login: "new-admin", fullName: "Новый", role: .admin, password: "password12"))
        }
        #expect(try accounts.create(.console, NewAccount(login: "new-admin", fullName: "Новый", role: .admin, password: "Сосна у реки 1987")).login == "new-admin")
    }
}
