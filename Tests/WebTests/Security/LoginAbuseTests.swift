@testable import Core
import Foundation
import GRDB
import HTTPServer
import Testing
@testable import Web

/// Login floods, failed-login storage, lockout as a weapon and password rules, through the real server (issue 13).
@Suite(.serialized) struct LoginAbuseTests {
    /// Spraying one password over many logins from one address uses up that address's budget: 429 with Retry-After,
    /// while another address still signs in.
    @Test func anAddressThatSpraysIsRefusedWhileOthersSignIn() throws {
        let app = try TestApp(workingCycle: false)
        let sprayer = app.client(from: "127.0.0.2")
        let burst = LoginLimits().burst
        for i in 0..<burst {
            #expect(try sprayer.logIn("no-such-user-\(i)", password: "Spring2024!").status == 200, "attempt \(i + 1) of the burst")
        }
        let refused = try sprayer.logIn("another-user", password: "Spring2024!")
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") == "6")
        #expect(refused.text.contains("Слишком много неудачных попыток"))
        // Even the right password waits for the budget from that address; elsewhere it works at once.
        #expect(try sprayer.logIn("admin").status == 429)
        #expect(try app.client(from: "127.0.0.3").logIn("admin").status == 303)
        // The budget refills with time.
        app.database.clock.advance(by: 6)
        #expect(try sprayer.logIn("admin").status == 303)
    }

    /// Five failures for `admin` from one address do not lock `admin` out from another.
    @Test func theRightPasswordWorksFromAFreshAddressAfterFailuresElsewhere() throws {
        let app = try TestApp(workingCycle: false)
        let attacker = app.client(from: "127.0.0.4")
        for _ in 0..<5 { #expect(try attacker.logIn("admin", password: "guess-guess").status == 200) }
        #expect(try attacker.logIn("admin").status == 429, "the attacker's address waits")
        let admin = app.client(from: "127.0.0.5")
        #expect(try admin.logIn("admin").status == 303)
        #expect(try admin.get("/").status == 200)
    }

    /// 20 failed logins with 400 KB login names: a form error each, and the database does not grow.
    @Test func overlongLoginsAreAFormErrorAndTheDatabaseDoesNotGrow() throws {
        let app = try TestApp(workingCycle: false)
        let client = app.client(from: "127.0.0.6")
        let pages = { try app.database.read { try Int.fetchOne($0, sql: "PRAGMA page_count")! } }
        let before = try pages()
        let huge = String(repeating: "a", count: 400_000)
        for _ in 0..<20 {
            let response = try client.logIn(huge, password: "wrong-password")
            #expect(response.status == 200)
            #expect(response.text.contains("Логин не длиннее 100 символов"))
            #expect(response.body.count < 100_000, "the login is not echoed whole: \(response.body.count) bytes")
        }
        #expect(try pages() == before)
        #expect(try app.count("SELECT COUNT(*) FROM loginThrottle") == 0)
    }

    /// Failed logins are in the audit log, known and unknown ones, with the address.
    @Test func failedLoginsAreAudited() throws {
        let app = try TestApp(workingCycle: false)
        _ = try app.client(from: "127.0.0.7").logIn("admin", password: "guess-guess")
        _ = try app.client(from: "127.0.0.7").logIn("nobody-" + String(repeating: "x", count: 90), password: "guess-guess")
        let after = try app.database.read { try String.fetchAll($0, sql: "SELECT after FROM auditEntry WHERE action = 'loginFailed' ORDER BY id") }
        #expect(after.count == 2)
        #expect(after.allSatisfy { $0.contains(#""address":"127.0.0.7""#) })
        #expect(after.last?.contains("nobody-" + String(repeating: "x", count: 57) + "\"") == true, "cut to 64 characters")
        let page = try app.signedIn("admin").get("/audit")
        #expect(page.status == 200)
        #expect(page.text.contains("неудачный вход"))
    }

    /// Wrong current passwords on the change form spend the same budget.
    @Test func wrongCurrentPasswordsOnTheChangeFormAreThrottled() throws {
        let app = try TestApp(workingCycle: false)
        let client = app.client(from: "127.0.0.8")
        try client.logIn("curator-ku")
        let token = try #require(try client.get("/account/password").csrf)
        func change(_ current: String) throws -> TestClient.Response {
            try client.post("/account/password", form: [("_csrf", token), ("currentPassword", current),
                                                        ("newPassword", "Сосна у реки 1987"), ("newPasswordRepeat", "Сосна у реки 1987")])
        }
        for _ in 0..<LoginLimits().burst { #expect(try change("not-my-password").text.contains("Нынешний пароль введён неверно")) }
        let refused = try change("not-my-password")
        #expect(refused.status == 429)
        #expect(refused.header("Retry-After") != nil)
    }

    /// The change form refuses common and trivial passwords and says why.
    @Test func theChangeFormRefusesCommonAndTrivialPasswords() throws {
        let app = try TestApp(workingCycle: false)
        let client = try app.signedIn("curator-ku")
        let token = try #require(try client.get("/account/password").csrf)
        for (password, reason) in [("password12", "самых распространённых"), ("1234567890", "Ряд символов"),
                                   ("aaaaaaaaaa", "повторяющихся")] {
            let response = try client.post("/account/password", form: [("_csrf", token), ("currentPassword", "opora-demo"),
                                                                       ("newPassword", password), ("newPasswordRepeat", password)])
            #expect(response.text.contains(reason), "\(password)")
        }
        #expect(try app.client().logIn("curator-ku").status == 303, "the password did not change")
    }

    /// Behind a trusted proxy the budget follows `X-Forwarded-For`; without trust the header changes nothing.
    @Test func forwardedForCountsOnlyBehindATrustedProxy() throws {
        let trusting = try TestApp(workingCycle: false, trustProxy: true)
        let viaProxy = trusting.client()
        for _ in 0..<LoginLimits().burst {
            let page = try viaProxy.get("/login")
            _ = try viaProxy.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", "x"), ("password", "y")],
                                  headers: [("X-Forwarded-For", "198.51.100.1")])
        }
        let page = try viaProxy.get("/login")
        func attempt(from forwarded: String) throws -> Int {
            try viaProxy.post("/login", form: [("_csrf", page.csrf ?? ""), ("login", "x"), ("password", "y")],
                              headers: [("X-Forwarded-For", forwarded)]).status
        }
        #expect(try attempt(from: "198.51.100.1") == 429)
        #expect(try attempt(from: "198.51.100.2") == 200)
    }

    /// When no password check can start in time the answer is 503 with Retry-After, in Russian.
    @Test func busyIsA503WithRetryAfter() {
        let response = ErrorPages.render(.busy(retryAfter: 5), chrome: Chrome.make(title: "", session: nil, csrf: "", current: nil))
        #expect(response.status.code == 503)
        #expect(response.headers["Retry-After"] == "5")
        let throttled = ErrorPages.render(.throttled(retryAfter: 7), chrome: Chrome.make(title: "", session: nil, csrf: "", current: nil))
        #expect(throttled.status.code == 429)
        #expect(throttled.headers["Retry-After"] == "7")
    }
}
