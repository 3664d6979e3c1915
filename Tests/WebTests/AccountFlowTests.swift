@testable import Core
import Foundation
import GRDB
import Testing

@Suite(.serialized) struct AccountFlowTests {
    /// The text between `marker` and the next `<`.
    func text(after marker: String, in page: String) -> String? {
        guard let range = page.range(of: marker) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func coordinatorCreatesADirectorWhoLogsInChangesThePasswordAndSeesOnlyTheSchool() throws {
        let app = try TestApp()
        let schoolY = try app.schoolId(ofDirector: "director-ku-02")
        let coordinator = try app.signedIn("mun-ku")
        let list = try coordinator.get("/accounts")
        #expect(list.status == 200)
        #expect(list.text.contains("director-ku-02"))
        #expect(!list.text.contains("director-kirovsky"), "only the coordinator's municipality")
        #expect(list.text.contains("href=\"/accounts/new\""))

        let form = try coordinator.get("/accounts/new")
        #expect(form.status == 200)
        #expect(form.text.contains("<option value=\"\(schoolY)\""))
        #expect(!form.text.contains("<option value=\"admin\""), "a coordinator is not offered the admin role")

        // A mistake first: errors next to the fields, nothing created.
        let wrong = try coordinator.post("/accounts", form: [("_csrf", form.csrf ?? ""), ("role", "director"), ("login", ""),
                                                             ("fullName", "Новикова Анна Петровна"), ("schoolId", "")])
        #expect(wrong.status == 200)
        #expect(wrong.text.contains("class=\"error-summary\""))
        #expect(wrong.text.contains("href=\"#login\""))
        #expect(wrong.text.contains("Укажите школу директора"))
        #expect(wrong.text.contains("value=\"Новикова Анна Петровна\""))

        let created = try coordinator.post("/accounts", form: [("_csrf", form.csrf ?? ""), ("role", "director"), ("login", "novikova"),
                                                               ("fullName", "Новикова Анна Петровна"), ("schoolId", "\(schoolY)")])
        #expect(created.status == 200)
        #expect(created.header("Cache-Control") == "no-store")
        let password = try #require(text(after: "id=\"issued-password\" class=\"one-time-password\">", in: created.text))
        #expect(password.count >= 12)
        #expect(try app.count("SELECT COUNT(*) FROM user WHERE login = 'novikova' AND mustChangePassword = 1 AND schoolId = \(schoolY)") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE COALESCE(after, '') LIKE '%\(password)%'") == 0)

        // The new director logs in with the shown password and is held at the password page.
        let director = app.client()
        let login = try director.logIn("novikova", password: password)
        #expect(login.status == 303)
        let home = try director.get("/")
        #expect(home.status == 302)
        #expect(home.header("Location") == "/account/password")
        #expect(try director.get("/schools").header("Location") == "/account/password")
        let change = try director.get("/account/password")
        #expect(change.status == 200)
        #expect(change.text.contains("одноразовым паролем"))

        let short = try director.post("/account/password", form: [("_csrf", change.csrf ?? ""), ("currentPassword", password),
                                                                   ("newPassword", "short"), ("newPasswordRepeat", "short")])
        #expect(short.status == 200)
        #expect(short.text.contains("не короче 10 символов"))
        #expect(short.text.contains("href=\"#newPassword\""))

        let done = try director.post("/account/password", form: [("_csrf", change.csrf ?? ""), ("currentPassword", password),
                                                                  ("newPassword", "школа-семь-2024"), ("newPasswordRepeat", "школа-семь-2024")])
        #expect(done.status == 303)
        #expect(done.header("Location") == "/?notice=passwordChanged")
        let schools = try director.get("/schools")
        #expect(schools.status == 200)
        #expect(schools.text.contains("href=\"/schools/\(schoolY)\""))
        #expect(schoolLinks(schools.text) == [schoolY], "only the director's own school")
        #expect(try director.get("/schools/\(try app.schoolId(ofDirector: "director-ku"))").status == 403)

        // The one-time password worked once.
        #expect(try app.client().logIn("novikova", password: password).status == 200)
        #expect(try app.client().logIn("novikova", password: "школа-семь-2024").status == 303)
    }

    @Test func coordinatorCannotCreateAnAdminOrAnAccountInAnotherMunicipality() throws {
        let app = try TestApp()
        let coordinator = try app.signedIn("mun-ku")
        let token = try coordinator.get("/accounts/new").csrf ?? ""
        let municipalityB = try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")! }
        let schoolOfB = try app.database.read { try Int64.fetchOne($0, sql: "SELECT MIN(id) FROM school WHERE municipalityId = ?", arguments: [municipalityB])! }
        let users = try app.count("SELECT COUNT(*) FROM user")
        let audit = try app.count("SELECT COUNT(*) FROM auditEntry")

        let admin = try coordinator.post("/accounts", form: [("_csrf", token), ("role", "admin"), ("login", "evil-admin"),
                                                             ("fullName", "Злоумышленник")])
        #expect(admin.status == 403)
        let director = try coordinator.post("/accounts", form: [("_csrf", token), ("role", "director"), ("login", "dir-b"),
                                                                ("fullName", "Директор Б"), ("schoolId", "\(schoolOfB)")])
        #expect(director.status == 403)
        let curator = try coordinator.post("/accounts", form: [("_csrf", token), ("role", "curator"), ("login", "cur-b"),
                                                               ("fullName", "Куратор Б"), ("municipalityId", "\(municipalityB)"),
                                                               ("workplace", "Школа"), ("position", "учитель")])
        #expect(curator.status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM user") == users)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry") == audit)

        // Nor manage an account of municipality B.
        let directorB = try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE role = 'director' AND municipalityId = ?", arguments: [municipalityB])! }
        #expect(try coordinator.get("/accounts/\(directorB)").status == 403)
        #expect(try coordinator.post("/accounts/\(directorB)/deactivate", form: [("_csrf", token)]).status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM user WHERE id = \(directorB) AND isActive = 1") == 1)
    }

    @Test func deactivationEndsAnOpenSessionAtOnce() throws {
        let app = try TestApp()
        let director = try app.signedIn("director-ku")
        #expect(try director.get("/").status == 200)
        let directorId = try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'director-ku'")! }

        let coordinator = try app.signedIn("mun-ku")
        let card = try coordinator.get("/accounts/\(directorId)")
        #expect(card.status == 200)
        #expect(card.text.contains("href=\"/accounts/\(directorId)/deactivate\""))
        let confirm = try coordinator.get("/accounts/\(directorId)/deactivate")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("Отключить учётную запись?"))
        let done = try coordinator.post("/accounts/\(directorId)/deactivate", form: [("_csrf", confirm.csrf ?? "")])
        #expect(done.status == 303)
        #expect(done.header("Location") == "/accounts/\(directorId)?notice=deactivated")
        #expect(try coordinator.get("/accounts/\(directorId)").text.contains("Отключена"))

        let next = try director.get("/schools")
        #expect(next.status == 302)
        #expect(next.header("Location")?.hasPrefix("/login") == true)
        #expect(try app.client().logIn("director-ku").status == 200, "a deactivated account cannot log in")

        // A coordinator cannot deactivate themselves.
        let own = try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'mun-ku'")! }
        #expect(try coordinator.get("/accounts/\(own)/deactivate").status == 403)
        #expect(try coordinator.post("/accounts/\(own)/deactivate", form: [("_csrf", confirm.csrf ?? "")]).status == 403)
    }

    @Test func resetShowsANewPasswordOnceAndEndsSessions() throws {
        let app = try TestApp()
        let curator = try app.signedIn("curator-ku")
        let curatorId = try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'curator-ku'")! }
        let admin = try app.signedIn("admin")
        let confirm = try admin.get("/accounts/\(curatorId)/reset-password")
        #expect(confirm.text.contains("Выдать новый одноразовый пароль?"))
        let reset = try admin.post("/accounts/\(curatorId)/reset-password", form: [("_csrf", confirm.csrf ?? "")])
        #expect(reset.status == 200)
        #expect(reset.header("Cache-Control") == "no-store")
        let password = try #require(text(after: "class=\"one-time-password\">", in: reset.text))
        #expect(try curator.get("/").header("Location")?.hasPrefix("/login") == true)
        #expect(try app.client().logIn("curator-ku").status == 200)
        let fresh = app.client()
        #expect(try fresh.logIn("curator-ku", password: password).status == 303)
        #expect(try fresh.get("/").header("Location") == "/account/password")
        // Logging out still works while the change is pending.
        let page = try fresh.get("/account/password")
        #expect(try fresh.post("/logout", form: [("_csrf", page.csrf ?? "")]).header("Location") == "/login")
    }

    @Test func everyoneChangesTheirOwnPasswordAndKeepsThisSession() throws {
        let app = try TestApp()
        let here = try app.signedIn("curator-ku-3")
        let elsewhere = try app.signedIn("curator-ku-3")
        let home = try here.get("/")
        #expect(home.text.contains("href=\"/account/password\""), "the header links to the password change")
        #expect(!home.text.contains("href=\"/accounts\""), "no accounts section for a curator")
        #expect(try here.get("/accounts").status == 403)
        let page = try here.get("/account/password")
        let loginAsPassword = try here.post("/account/password", form: [("_csrf", page.csrf ?? ""), ("currentPassword", "opora-demo"),
                                                                        ("newPassword", "curator-ku-3"), ("newPasswordRepeat", "curator-ku-3")])
        #expect(loginAsPassword.text.contains("Пароль не должен совпадать с логином"))
        let mismatch = try here.post("/account/password", form: [("_csrf", page.csrf ?? ""), ("currentPassword", "opora-demo"),
                                                                 ("newPassword", "длинный-пароль-1"), ("newPasswordRepeat", "длинный-пароль-2")])
        #expect(mismatch.text.contains("Пароли не совпадают"))
        let wrong = try here.post("/account/password", form: [("_csrf", page.csrf ?? ""), ("currentPassword", "not-it"),
                                                              ("newPassword", "длинный-пароль-1"), ("newPasswordRepeat", "длинный-пароль-1")])
        #expect(wrong.text.contains("Нынешний пароль введён неверно"))
        let done = try here.post("/account/password", form: [("_csrf", page.csrf ?? ""), ("currentPassword", "opora-demo"),
                                                             ("newPassword", "длинный-пароль-1"), ("newPasswordRepeat", "длинный-пароль-1")])
        #expect(done.status == 303)
        let after = try here.get("/?notice=passwordChanged")
        #expect(after.status == 200, "this browser stays signed in")
        #expect(after.text.contains("Пароль изменён."))
        #expect(try elsewhere.get("/").header("Location")?.hasPrefix("/login") == true, "other sessions end")
    }
}
