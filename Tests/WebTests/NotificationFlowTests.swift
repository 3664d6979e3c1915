@testable import Core
import CoreTestSupport
import Foundation
import GRDB
import Testing

/// Notifications over HTTP: a curator's return reaches the director's header and inbox; opening marks read and leads
/// to the report; «Отметить все прочитанными»; someone else's notification is refused.
@Suite struct NotificationFlowTests {
    let year = 2031

    /// A submitted report of school X for `year` (curator-ku assigned), as the director would have sent it.
    func submittedReport(_ app: TestApp) throws -> Int64 {
        let schoolX = try app.schoolId(ofDirector: "director-ku")
        let municipalityA = try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
        try app.database.write { db in
            try db.execute(sql: """
                INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [schoolX, year, Date()])
        }
        try ReportFixtures.roadmap(app.database, schoolId: schoolX, year: year, measures: [.init("Педагогический совет", dueTo: "\(year)-10-30")])
        let period = try ReportFixtures.period(app.database, municipalityId: municipalityA, year: year, half: 1, isOpen: true)
        let id = try Reports(database: app.database).start(.console, schoolId: schoolX, periodId: period)
        try ReportFixtures.setStatus(app.database, reportId: id, .submitted)
        return id
    }

    func unreadBadge(_ page: TestClient.Response) -> String? {
        guard let range = page.text.range(of: "id=\"inbox-count\" aria-hidden=\"true\">") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func aReturnedReportReachesTheDirectorAndOpensTheReport() throws {
        let app = try TestApp(workingCycle: false)
        let report = try submittedReport(app)
        let director = try app.signedIn("director-ku")
        let before = try director.get("/")
        #expect(before.text.contains("id=\"inbox-link\""), "every signed-in page links to the inbox")
        #expect(unreadBadge(before) == nil)

        let curator = try app.signedIn("curator-ku")
        let page = try curator.get("/reports/\(report)")
        let returned = try curator.post("/reports/\(report)/return", form: [("_csrf", page.csrf ?? ""), ("comment", "Приложите протоколы педсоветов")])
        #expect(returned.status == 303)
        #expect(unreadBadge(try curator.get("/")) == nil, "the curator is not told of their own return")

        // The count shows on every page of the director, the schools list too.
        #expect(unreadBadge(try director.get("/")) == "1")
        #expect(unreadBadge(try director.get("/schools")) == "1")
        let other = try app.signedIn("director-ku-02")
        #expect(unreadBadge(try other.get("/")) == nil, "another school's director hears nothing")

        let inbox = try director.get("/notifications")
        #expect(inbox.status == 200)
        #expect(inbox.text.contains("возвращён на доработку"))
        #expect(inbox.text.contains("Приложите протоколы педсоветов"))
        #expect(inbox.text.contains("notification--unread") && inbox.text.contains("Новое"))
        let id = try #require(try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM notification") })
        #expect(inbox.text.contains("action=\"/notifications/\(id)/open\""))

        // Viewing the inbox marks nothing read; opening does, and leads to the report.
        #expect(try app.count("SELECT COUNT(*) FROM notification WHERE readAt IS NULL") == 1)
        let opened = try director.post("/notifications/\(id)/open", form: [("_csrf", inbox.csrf ?? "")])
        #expect(opened.status == 303)
        #expect(opened.header("Location") == "/reports/\(report)")
        #expect(try director.get("/reports/\(report)").status == 200)
        #expect(unreadBadge(try director.get("/")) == nil)
        let after = try director.get("/notifications")
        #expect(!after.text.contains("notification--unread") && after.text.contains("Непрочитанных нет"))
        #expect(after.text.contains("возвращён на доработку"), "a read notification stays in the inbox")
    }

    @Test func markAllReadAndOwnership() throws {
        let app = try TestApp(workingCycle: false)
        let (director, other) = try app.database.read { db in
            (try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE login = 'director-ku'")!,
             try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE login = 'director-ku-02'")!)
        }
        try app.database.write { db in
            for n in 1...3 {
                try NotificationDelivery.deliver(db, to: [director], kind: .periodDueSoon, title: "Напоминание \(n)",
                                                 entity: "reportPeriod", entityId: 999_000 + Int64(n), dedupeKey: "test:\(n)", at: Date())
            }
            try NotificationDelivery.deliver(db, to: [other], kind: .periodDueSoon, title: "Чужое", entity: "reportPeriod",
                                             entityId: 999_100, dedupeKey: "test:other", at: Date())
        }
        let client = try app.signedIn("director-ku")
        let inbox = try client.get("/notifications")
        #expect(unreadBadge(inbox) == "3")
        #expect(inbox.text.contains("Напоминание 3") && !inbox.text.contains("Чужое"))
        // Newest first.
        let third = try #require(inbox.text.range(of: "Напоминание 3")), first = try #require(inbox.text.range(of: "Напоминание 1"))
        #expect(third.lowerBound < first.lowerBound)

        // Someone else's notification: 403, and it stays unread.
        let foreign = try #require(try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM notification WHERE userId = ?", arguments: [other]) })
        #expect(try client.post("/notifications/\(foreign)/open", form: [("_csrf", inbox.csrf ?? "")]).status == 403)
        #expect(try client.post("/notifications/999999/open", form: [("_csrf", inbox.csrf ?? "")]).status == 404)
        // Without the CSRF token nothing changes.
        #expect(try client.post("/notifications/read-all", form: []).status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM notification WHERE readAt IS NULL") == 4)

        let done = try client.post("/notifications/read-all", form: [("_csrf", inbox.csrf ?? "")])
        #expect(done.status == 303 && done.header("Location") == "/notifications?notice=notificationsRead")
        let after = try client.get("/notifications?notice=notificationsRead")
        #expect(after.text.contains("Все уведомления отмечены прочитанными."))
        #expect(unreadBadge(after) == nil && !after.text.contains("Отметить все прочитанными"))
        #expect(try app.count("SELECT COUNT(*) FROM notification WHERE readAt IS NULL") == 1, "the other user's stays unread")
    }

    @Test func emptyInbox() throws {
        let app = try TestApp(workingCycle: false)
        let page = try app.signedIn("admin").get("/notifications")
        #expect(page.status == 200)
        #expect(page.text.contains("Уведомлений пока нет"))
        #expect(!page.text.contains("Отметить все прочитанными"))
    }
}
