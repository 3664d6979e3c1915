import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct AuthenticationTests {
    @Test func logsInWithTheRightPasswordOnly() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        let user = try auth.logIn(login: "  ADMIN ", password: DemoLoader.password, from: "10.0.0.1")
        #expect(user.login == "admin")
        #expect(throws: DomainError.invalid([FieldError("password", "Неверный логин или пароль")])) {
            try auth.logIn(login: "admin", password: "wrong-password", from: "10.0.0.1")
        }
        #expect(throws: DomainError.invalid([FieldError("password", "Неверный логин или пароль")])) {
            try auth.logIn(login: "nobody", password: "wrong-password", from: "10.0.0.1")
        }
    }

    @Test func throttlesAfterFiveFailuresWithAGrowingDelay() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        for _ in 0..<4 { #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x", from: "10.0.0.1") } }
        // The fifth failure blocks the login, even for the right password.
        #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x", from: "10.0.0.1") }
        #expect(throws: DomainError.throttled(retryAfter: 2)) { try auth.logIn(login: "region", password: DemoLoader.password, from: "10.0.0.1") }
        database.clock.advance(by: 3)
        #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x", from: "10.0.0.1") }
        #expect(throws: DomainError.throttled(retryAfter: 4)) { try auth.logIn(login: "region", password: DemoLoader.password, from: "10.0.0.1") }
        database.clock.advance(by: 5)
        #expect(try auth.logIn(login: "region", password: DemoLoader.password, from: "10.0.0.1").login == "region")
        // Success resets the count.
        #expect(throws: DomainError.invalid([FieldError("password", "Неверный логин или пароль")])) {
            try auth.logIn(login: "region", password: "x", from: "10.0.0.1")
        }
        // Other logins are not affected.
        #expect(try auth.logIn(login: "admin", password: DemoLoader.password, from: "10.0.0.1").login == "admin")
    }

    @Test func delayGrowsAndIsCapped() {
        #expect(Authentication.delay(afterFailures: 4) == 0)
        #expect(Authentication.delay(afterFailures: 5) == 2)
        #expect(Authentication.delay(afterFailures: 6) == 4)
        #expect(Authentication.delay(afterFailures: 30) == 15 * 60)
    }

    @Test func parallelGuessesCannotPassTheLimit() async throws {
        let database = try makeDemoDatabase()
        // Room in the address budget and the gate: this is about the per-login count in the database.
        var limits = LoginLimits()
        limits.burst = 1_000; limits.concurrentChecks = 8; limits.waitingChecks = 64; limits.checkWait = 30
        let auth = Authentication(database: database, hasher: fastHasher, loginGuard: LoginGuard(limits))
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    do { _ = try auth.logIn(login: "mun-ku", password: "guess", from: "10.0.0.1"); return "in" }
                    catch DomainError.throttled { return "throttled" }
                    catch { return "wrong" }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == "wrong" }.count == Authentication.freeAttempts)
        #expect(outcomes.filter { $0 == "throttled" }.count == 40 - Authentication.freeAttempts)
    }

    @Test func deactivatedUsersCannotLogIn() throws {
        let database = try makeDemoDatabase()
        try database.write { try $0.execute(sql: "UPDATE user SET isActive = 0 WHERE login = 'curator-ku'") }
        #expect(throws: DomainError.self) {
            try Authentication(database: database, hasher: fastHasher).logIn(login: "curator-ku", password: DemoLoader.password, from: "10.0.0.1")
        }
    }
    // Issue 13, items 3 and 4.

    @Test func overlongLoginsAreRefusedBeforeAnythingIsStored() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        let before = try database.read { try Int.fetchOne($0, sql: "SELECT (SELECT COUNT(*) FROM loginThrottle) + (SELECT COUNT(*) FROM auditEntry)")! }
        #expect(throws: DomainError.invalid([FieldError("login", "Логин не длиннее 100 символов")])) {
            try auth.logIn(login: String(repeating: "a", count: 400_000), password: "x", from: "10.0.0.1")
        }
        let after = try database.read { try Int.fetchOne($0, sql: "SELECT (SELECT COUNT(*) FROM loginThrottle) + (SELECT COUNT(*) FROM auditEntry)")! }
        #expect(after == before)
    }

    @Test func throttleRowsHoldNoLoginTextAndArePurgedAfterTheirWindow() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        let login = "nobody-by-this-name"
        #expect(throws: DomainError.self) { try auth.logIn(login: login, password: "x", from: "10.0.0.1") }
        #expect(throws: DomainError.self) { try auth.logIn(login: "admin", password: "x", from: "10.0.0.1") }
        let rows = try database.read { try Row.fetchAll($0, sql: "SELECT * FROM loginThrottle") }
        #expect(rows.count == 2)
        for row in rows {
            #expect(!row.description.contains("nobody") && !row.description.contains("admin"), "\(row)")
            #expect((row["key"] as String).count == 64, "a fixed-size keyed hash")
        }
        database.clock.advance(by: LoginThrottle.window + 1)
        #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x", from: "10.0.0.1") }
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM loginThrottle") } == 1, "the old rows are gone")
    }

    @Test func theDelayIsPerLoginAndAddressSoTheRightPasswordStillWorksFromElsewhere() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        for _ in 0..<5 { #expect(throws: DomainError.self) { try auth.logIn(login: "admin", password: "x", from: "10.0.0.66") } }
        #expect(throws: DomainError.throttled(retryAfter: 2)) { try auth.logIn(login: "admin", password: DemoLoader.password, from: "10.0.0.66") }
        #expect(try auth.logIn(login: "admin", password: DemoLoader.password, from: "10.0.0.7").login == "admin")
    }

    @Test func failedLoginsAreAuditedWithTheLoginCutShortAndTheAddress() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        let long = String(repeating: "я", count: 90)
        #expect(throws: DomainError.self) { try auth.logIn(login: "admin", password: "x", from: "10.0.0.1") }
        #expect(throws: DomainError.self) { try auth.logIn(login: long, password: "x", from: "2001:db8::5") }
        let entries = try database.read { try AuditEntry.filter(Column("action") == "loginFailed").order(Column("id")).fetchAll($0) }
        #expect(entries.count == 2)
        let adminId = try database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'admin'") }
        #expect(entries.first?.entityId == adminId && entries.first?.actorId == nil)
        #expect(entries.first?.after == #"{"address":"10.0.0.1","login":"admin"}"#)
        #expect(entries.last?.entityId == nil)
        #expect(entries.last?.after == #"{"address":"2001:db8::5","login":""# + String(repeating: "я", count: 64) + #""}"#)
    }
}
