@testable import Core
import Foundation
import GRDB
import Testing
import Web

/// Mail settings on the account pages and the signed unsubscribe link of letters.
@Suite(.serialized) struct MailSettingsTests {
    func mail(_ f: MailFixture, _ id: Int64) throws -> (email: String?, preference: String) {
        try f.database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT email, mailPreference FROM user WHERE id = ?", arguments: [id])!
            return (row["email"], row["mailPreference"])
        }
    }

    @Test func theOwnerChangesAddressAndPreferenceAndABadAddressChangesNothing() throws {
        let f = try MailFixture()
        let id = try f.wantsMail("director-ku")
        let client = try f.app.signedIn("director-ku")
        let page = try client.get("/account")
        #expect(page.text.contains("name=\"mailPreference\" value=\"immediate\""))
        #expect(page.text.contains("action=\"/account/mail\""))
        let csrf = page.csrf ?? ""

        let bad = try client.post("/account/mail", form: [("_csrf", csrf), ("email", "не адрес"), ("mailPreference", "immediate")])
        #expect(bad.status == 200)
        #expect(bad.text.contains("Адрес почты указан неверно"))
        #expect(try mail(f, id) == ("director-ku@opora.example", "digest"))

        let good = try client.post("/account/mail", form: [("_csrf", csrf), ("email", " new@school.example "), ("mailPreference", "immediate")])
        #expect(good.status == 303)
        #expect(good.header("Location")?.hasPrefix("/account?") == true)
        #expect(try mail(f, id) == ("new@school.example", "immediate"))
        #expect(try f.app.count("SELECT COUNT(*) FROM auditEntry WHERE action = 'updateMail' AND entityId = \(id)") == 1)

        let other = try f.userId("director-ku-02")
        let refused = try client.post("/accounts/\(other)/mail", form: [("_csrf", csrf), ("email", "x@school.example"), ("mailPreference", "none")])
        #expect(refused.status == 403)

        // The municipality's coordinator changes it on the account's page.
        let coordinator = try f.app.signedIn("mun-ku")
        let card = try coordinator.get("/accounts/\(id)")
        #expect(card.text.contains("action=\"/accounts/\(id)/mail\""))
        let changed = try coordinator.post("/accounts/\(id)/mail", form: [("_csrf", card.csrf ?? ""), ("email", ""), ("mailPreference", "none")])
        #expect(changed.status == 303)
        #expect(try mail(f, id) == (nil, "none"))
    }

    @Test func theUnsubscribeLinkWorksWithoutLoginAndATamperedOneIsRefused() throws {
        let f = try MailFixture()
        let id = try f.wantsMail("director-ku")
        let signature = try MailUnsubscribe(database: f.database).signature(userId: id)
        let anonymous = f.app.client()

        let tampered = String(signature.dropLast()) + (signature.hasSuffix("0") ? "1" : "0")
        #expect(try anonymous.get("/unsubscribe/\(id)/\(tampered)").status == 403)
        #expect(try anonymous.post("/unsubscribe/\(id)/\(tampered)", form: [("List-Unsubscribe", "One-Click")]).status == 403)
        let otherId = try f.userId("director-ku-02")
        #expect(try anonymous.post("/unsubscribe/\(otherId)/\(signature)", form: [("List-Unsubscribe", "One-Click")]).status == 403,
                "a link signs one account only")
        #expect(try mail(f, id).preference == "digest")

        let confirm = try anonymous.get("/unsubscribe/\(id)/\(signature)")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("Отписаться от писем Опоры?"))
        #expect(try mail(f, id).preference == "digest", "a GET changes nothing (link checkers open links)")

        // RFC 8058 one-click: a POST with no session and no CSRF token.
        let done = try anonymous.post("/unsubscribe/\(id)/\(signature)", form: [("List-Unsubscribe", "One-Click")])
        #expect(done.status == 200)
        #expect(done.text.contains("Письма отключены"))
        #expect(try mail(f, id).preference == "none")
    }
}
