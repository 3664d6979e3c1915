import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct AccountManagementTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try user(database, login))
    }
    func user(_ database: AppDatabase, _ login: String) throws -> User {
        try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! }
    }
    func id(_ database: AppDatabase, _ sql: String) throws -> Int64 {
        try database.read { try Int64.fetchOne($0, sql: sql)! }
    }
    func count(_ database: AppDatabase, _ sql: String) throws -> Int {
        try database.read { try Int.fetchOne($0, sql: sql)! }
    }

    @Test func whoMayCreateWhichRoleWhere() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        let munA = try scope(database, "mun-ku"), munB = try scope(database, "mun-kirovsky")
        let schoolX = try #require(try scope(database, "director-ku").schoolId)
        let municipalityA = try #require(munA.municipalityId), municipalityB = try #require(munB.municipalityId)
        func director(_ login: String) -> NewAccount {
            NewAccount(login: login, fullName: "Иванова Ирина Ивановна", role: .director, schoolId: schoolX, password: "")
        }
        let users = try count(database, "SELECT COUNT(*) FROM user")

        // Municipal coordinators: curators and directors of their own municipality only.
        let created = try accounts.createWithOneTimePassword(munA, director("dir-new"))
        #expect(created.user.municipalityId == municipalityA && created.user.schoolId == schoolX)
        var curator = NewAccount(login: "cur-new", fullName: "Петров Пётр", role: .curator, password: "")
        curator.workplace = "МАОУ «СОШ № 3»"; curator.position = "заместитель директора"
        let cur = try accounts.createWithOneTimePassword(munA, curator)
        #expect(cur.user.municipalityId == municipalityA, "a coordinator's curator belongs to their municipality")
        #expect(try database.read { try String.fetchOne($0, sql: "SELECT position FROM curatorProfile WHERE userId = ?", arguments: [cur.user.id]) } == "заместитель директора")

        #expect(throws: DomainError.forbidden) { try accounts.createWithOneTimePassword(munB, director("dir-b")) }
        var curatorInA = curator; curatorInA.login = "cur-b"; curatorInA.municipalityId = municipalityA
        #expect(throws: DomainError.forbidden) { try accounts.createWithOneTimePassword(munB, curatorInA) }
        for role in [Role.admin, .regional, .municipal] {
            let account = NewAccount(login: "x-\(role)", fullName: "Кто-то", role: role, municipalityId: municipalityA, password: "")
            #expect(throws: DomainError.forbidden) { try accounts.createWithOneTimePassword(munA, account) }
        }
        for login in ["region", "curator-ku", "director-ku"] {
            #expect(throws: DomainError.forbidden) { try accounts.createWithOneTimePassword(scope(database, login), director("d-\(login)")) }
        }
        #expect(try count(database, "SELECT COUNT(*) FROM user") == users + 2)

        // Admins: any role; each with its required place.
        let admin = try scope(database, "admin")
        _ = try accounts.createWithOneTimePassword(admin, NewAccount(login: "adm2", fullName: "Второй администратор", role: .admin, password: ""))
        _ = try accounts.createWithOneTimePassword(admin, NewAccount(login: "mun-b-2", fullName: "Координатор Б", role: .municipal,
                                                                     municipalityId: municipalityB, password: ""))
        #expect {
            try accounts.createWithOneTimePassword(admin, NewAccount(login: "mun-none", fullName: "Без места", role: .municipal, password: ""))
        } throws: { ($0 as? DomainError) == .invalid([FieldError("municipalityId", "Укажите муниципалитет")]) }
        var noPosition = curator; noPosition.login = "cur-np"; noPosition.position = " "; noPosition.municipalityId = municipalityA
        #expect {
            try accounts.createWithOneTimePassword(admin, noPosition)
        } throws: { ($0 as? DomainError) == .invalid([FieldError("position", "Укажите должность куратора")]) }
        #expect(try count(database, "SELECT COUNT(*) FROM user WHERE login IN ('mun-none', 'cur-np')") == 0)
    }

    @Test func oneTimePasswordWorksOnceAndForcesAChange() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        let authentication = Authentication(database: database, hasher: fastHasher)
        let schoolY = try #require(try scope(database, "director-ku-02").schoolId)
        let issued = try accounts.createWithOneTimePassword(try scope(database, "mun-ku"),
            NewAccount(login: "dir-otp", fullName: "Смирнова Ольга", role: .director, schoolId: schoolY, password: ""))

        #expect(issued.password.count >= 12)
        #expect(issued.password.allSatisfy { OneTimePassword.alphabet.contains($0) || $0 == "-" })
        #expect(!issued.password.contains(where: { "0O1lI".contains($0) }))
        // Never stored in clear, never in the audit log.
        let stored = try database.read { db in
            try String.fetchAll(db, sql: "SELECT COALESCE(before, '') || COALESCE(after, '') FROM auditEntry")
                + String.fetchAll(db, sql: "SELECT passwordHash FROM user")
        }
        #expect(!stored.contains { $0.contains(issued.password) })
        #expect(!stored.contains { $0.contains("pbkdf2") && $0.contains("\"") }, "no hash in the audit log")

        let first = try authentication.logIn(login: "dir-otp", password: issued.password, from: "10.0.0.1")
        #expect(first.mustChangePassword)
        let session = try Sessions(database: database).open(for: first)
        #expect(try Sessions(database: database).current(token: session.token)?.mustChangePassword == true)

        try accounts.changeOwnPassword(Scope(first), current: issued.password, new: "мой-новый-пароль", repeated: "мой-новый-пароль", from: "10.0.0.1")
        #expect(try user(database, "dir-otp").mustChangePassword == false)
        #expect(throws: DomainError.self) { try authentication.logIn(login: "dir-otp", password: issued.password, from: "10.0.0.1") }
        #expect(try authentication.logIn(login: "dir-otp", password: "мой-новый-пароль", from: "10.0.0.1").id == first.id)
        #expect(OneTimePassword.generate() != OneTimePassword.generate())
    }

    @Test func deactivationRevokesSessionsAtOnce() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        let sessions = Sessions(database: database)
        let director = try user(database, "director-ku")
        let a = try sessions.open(for: director), b = try sessions.open(for: director)
        let munA = try scope(database, "mun-ku")

        #expect(throws: DomainError.forbidden) { try accounts.deactivate(try scope(database, "mun-kirovsky"), id: director.id!) }
        #expect(throws: DomainError.forbidden) { try accounts.deactivate(try scope(database, "region"), id: director.id!) }
        #expect(throws: DomainError.forbidden) { try accounts.deactivate(munA, id: munA.userId!) }
        #expect(throws: DomainError.forbidden) { try accounts.deactivate(try scope(database, "admin"), id: try user(database, "admin").id!) }
        #expect(try sessions.current(token: a.token) != nil)

        try accounts.deactivate(munA, id: director.id!)
        #expect(try sessions.current(token: a.token) == nil)
        #expect(try sessions.current(token: b.token) == nil)
        #expect(try count(database, "SELECT COUNT(*) FROM session WHERE userId = \(director.id!) AND revokedAt IS NULL") == 0)
        #expect(throws: DomainError.self) { try Authentication(database: database, hasher: fastHasher).logIn(login: "director-ku", password: "opora-demo", from: "10.0.0.1") }
        let audit = try database.read { try AuditLog.entries($0, entity: "user", id: director.id!) }
        #expect(audit.last?.action == "deactivate")
        #expect(audit.last?.after?.contains("\"isActive\":false") == true)
        #expect(audit.last?.actorId == munA.userId)

        try accounts.reactivate(munA, id: director.id!)
        #expect(try Authentication(database: database, hasher: fastHasher).logIn(login: "director-ku", password: "opora-demo", from: "10.0.0.1").id == director.id)
        #expect(try sessions.current(token: a.token) == nil, "old sessions stay ended after reactivation")
    }

    @Test func resetIssuesANewPasswordAndEndsSessions() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        let sessions = Sessions(database: database)
        let curator = try user(database, "curator-ku")
        let open = try sessions.open(for: curator)
        #expect(throws: DomainError.forbidden) { try accounts.resetPassword(try scope(database, "mun-kirovsky"), id: curator.id!) }
        let issued = try accounts.resetPassword(try scope(database, "mun-ku"), id: curator.id!)
        #expect(try sessions.current(token: open.token) == nil)
        let authentication = Authentication(database: database, hasher: fastHasher)
        #expect(throws: DomainError.self) { try authentication.logIn(login: "curator-ku", password: "opora-demo", from: "10.0.0.1") }
        #expect(try authentication.logIn(login: "curator-ku", password: issued.password, from: "10.0.0.1").mustChangePassword)
        let audit = try database.read { try AuditLog.entries($0, entity: "user", id: curator.id!) }
        #expect(audit.contains { $0.action == "resetPassword" && $0.before == nil && $0.after == nil })
    }

    @Test func passwordChangeRules() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        let sessions = Sessions(database: database)
        let director = try user(database, "director-ku")
        let me = Scope(director)
        func fields(_ current: String, _ new: String, _ repeated: String) -> [String] {
            do {
                try accounts.changeOwnPassword(me, current: current, new: new, repeated: repeated, from: "10.0.0.1")
                return []
            } catch DomainError.invalid(let errors) {
                return errors.map(\.field)
            } catch { return ["unexpected \(error)"] }
        }
        #expect(fields("wrong-password", "достаточно-длинный", "достаточно-длинный") == ["currentPassword"])
        #expect(fields("opora-demo", "short", "short") == ["newPassword"])
        #expect(fields("opora-demo", "DIRECTOR-KU", "DIRECTOR-KU") == ["newPassword"], "not the login, whatever the case")
        #expect(fields("opora-demo", "достаточно-длинный", "достаточно-длинный!") == ["newPasswordRepeat"])
        #expect(fields("", "", "") == ["currentPassword", "newPassword"])
        #expect(try user(database, "director-ku").passwordHash == director.passwordHash, "nothing changed so far")

        let other = try sessions.open(for: director)
        #expect(fields("opora-demo", "достаточно-длинный", "достаточно-длинный") == [])
        #expect(try sessions.current(token: other.token) == nil, "other sessions end with the change")
        #expect(try Authentication(database: database, hasher: fastHasher).logIn(login: "director-ku", password: "достаточно-длинный", from: "10.0.0.1").id == director.id)
        let audit = try database.read { try AuditLog.entries($0, entity: "user", id: director.id!) }
        #expect(audit.contains { $0.action == "changePassword" && $0.before == nil && $0.after == nil })
    }

    @Test func listsFollowVisibleUsersAndFilters() throws {
        let database = try makeDemoDatabase()
        let accounts = Accounts(database: database, hasher: fastHasher)
        let munA = try scope(database, "mun-ku")
        let all = try count(database, "SELECT COUNT(*) FROM user")
        #expect(try accounts.list(scope(database, "admin")).count == all)
        #expect(try accounts.list(scope(database, "region")).count == all)
        let own = try accounts.list(munA)
        #expect(own.count == (try count(database, "SELECT COUNT(*) FROM user WHERE municipalityId = \(munA.municipalityId!)")))
        #expect(!own.contains { $0.login == "director-kirovsky" || $0.login == "admin" })
        #expect(throws: DomainError.forbidden) { try accounts.list(scope(database, "curator-ku")) }
        #expect(throws: DomainError.forbidden) { try accounts.list(scope(database, "director-ku")) }

        var filter = AccountListFilter()
        filter.role = .director
        #expect(try accounts.list(munA, filter: filter).allSatisfy { $0.role == .director })
        filter = AccountListFilter()
        filter.search = "DIRECTOR-KU-02"
        #expect(try accounts.list(munA, filter: filter).map(\.login) == ["director-ku-02"])
        try accounts.deactivate(munA, id: try user(database, "director-ku-02").id!)
        filter = AccountListFilter()
        filter.state = .deactivated
        #expect(try accounts.list(munA, filter: filter).map(\.login) == ["director-ku-02"])
        filter.state = .active
        #expect(!(try accounts.list(munA, filter: filter).contains { $0.login == "director-ku-02" }))

        #expect(throws: DomainError.forbidden) { try accounts.details(munA, id: try user(database, "admin").id!) }
        #expect(throws: DomainError.notFound) { try accounts.details(munA, id: 999_999) }
        #expect(try accounts.details(munA, id: try user(database, "director-ku").id!).canManage)
        #expect(try accounts.details(scope(database, "region"), id: try user(database, "director-ku").id!).canManage == false)
        #expect(try accounts.details(munA, id: munA.userId!).canManage == false)
    }
}
