import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct SessionTests {
    func user(_ database: AppDatabase, _ login: String) throws -> User {
        try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! }
    }

    @Test func sessionResolvesToItsUsersScope() throws {
        let database = try makeDemoDatabase()
        let sessions = Sessions(database: database)
        let director = try user(database, "director-ku")
        let opened = try sessions.open(for: director)
        let current = try #require(try sessions.current(token: opened.token))
        #expect(current.scope.role == .director)
        #expect(current.scope.schoolId == director.schoolId)
        #expect(current.csrfToken == opened.csrfToken)
        #expect(try sessions.current(token: opened.token + "x") == nil)
        #expect(try sessions.current(token: "") == nil)
        // Only the hash of the token is stored.
        let stored = try database.read { try String.fetchAll($0, sql: "SELECT tokenHash FROM session") }
        #expect(!stored.contains(opened.token))
    }

    @Test func eachLoginGetsANewSession() throws {
        let database = try makeDemoDatabase()
        let sessions = Sessions(database: database)
        let admin = try user(database, "admin")
        #expect(try sessions.open(for: admin).token != sessions.open(for: admin).token)
    }

    @Test func sessionsExpireWhenIdleAndAbsolutely() throws {
        let database = try makeDemoDatabase()
        let sessions = Sessions(database: database)
        let admin = try user(database, "admin")
        let idle = try sessions.open(for: admin)
        database.clock.advance(by: sessions.idleLifetime + 1)
        #expect(try sessions.current(token: idle.token) == nil)

        let busy = try sessions.open(for: admin)
        for _ in 0..<8 {
            database.clock.advance(by: sessions.idleLifetime - 60)
            if try sessions.current(token: busy.token) == nil { break }
        }
        #expect(try sessions.current(token: busy.token) == nil, "the absolute lifetime ends even a busy session")
    }

    @Test func logoutAndDeactivationRevoke() throws {
        let database = try makeDemoDatabase()
        let sessions = Sessions(database: database)
        let admin = try user(database, "admin")
        let a = try sessions.open(for: admin)
        try sessions.revoke(token: a.token)
        #expect(try sessions.current(token: a.token) == nil)

        let curator = try user(database, "curator-ku")
        let b = try sessions.open(for: curator)
        try database.write { db in
            try db.execute(sql: "UPDATE user SET isActive = 0 WHERE id = ?", arguments: [curator.id])
            try Sessions.revokeAll(db, userId: curator.id!, at: database.now)
        }
        #expect(try sessions.current(token: b.token) == nil)
    }
}
