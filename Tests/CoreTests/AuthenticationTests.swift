import Foundation
import Testing
@testable import Core

@Suite struct AuthenticationTests {
    @Test func logsInWithTheRightPasswordOnly() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        let user = try auth.logIn(login: "  ADMIN ", password: DemoLoader.password)
        #expect(user.login == "admin")
        #expect(throws: DomainError.invalid([FieldError("password", "Неверный логин или пароль")])) {
            try auth.logIn(login: "admin", password: "wrong-password")
        }
        #expect(throws: DomainError.invalid([FieldError("password", "Неверный логин или пароль")])) {
            try auth.logIn(login: "nobody", password: "wrong-password")
        }
    }

    @Test func throttlesAfterFiveFailuresWithAGrowingDelay() throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        for _ in 0..<4 { #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x") } }
        // The fifth failure blocks the login, even for the right password.
        #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x") }
        #expect(throws: DomainError.throttled(retryAfter: 2)) { try auth.logIn(login: "region", password: DemoLoader.password) }
        database.clock.advance(by: 3)
        #expect(throws: DomainError.self) { try auth.logIn(login: "region", password: "x") }
        #expect(throws: DomainError.throttled(retryAfter: 4)) { try auth.logIn(login: "region", password: DemoLoader.password) }
        database.clock.advance(by: 5)
        #expect(try auth.logIn(login: "region", password: DemoLoader.password).login == "region")
        // Success resets the count.
        #expect(throws: DomainError.invalid([FieldError("password", "Неверный логин или пароль")])) {
            try auth.logIn(login: "region", password: "x")
        }
        // Other logins are not affected.
        #expect(try auth.logIn(login: "admin", password: DemoLoader.password).login == "admin")
    }

    @Test func delayGrowsAndIsCapped() {
        #expect(Authentication.delay(afterFailures: 4) == 0)
        #expect(Authentication.delay(afterFailures: 5) == 2)
        #expect(Authentication.delay(afterFailures: 6) == 4)
        #expect(Authentication.delay(afterFailures: 30) == 15 * 60)
    }

    @Test func parallelGuessesCannotPassTheLimit() async throws {
        let database = try makeDemoDatabase()
        let auth = Authentication(database: database, hasher: fastHasher)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    do { _ = try auth.logIn(login: "mun-ku", password: "guess"); return "in" }
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
            try Authentication(database: database, hasher: fastHasher).logIn(login: "curator-ku", password: DemoLoader.password)
        }
    }
}
