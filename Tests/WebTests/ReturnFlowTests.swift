@testable import Core
import CoreTestSupport
import Foundation
import GRDB
import Testing

/// A return of anything (roadmap, report, document) reaches the school's director: a notification, the home page's
/// «Возвращено на доработку» with the reviewer's comment, and the comment at the top of the returned page.
@Suite struct ReturnFlowTests {
    let year = 2032

    func assign(_ app: TestApp, school: Int64) throws {
        try app.database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [school, year, Date()])
        }
    }

    @Test func aReturnedRoadmapReachesItsDirector() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        try assign(app, school: school)
        let (roadmap, _) = try ReportFixtures.roadmap(app.database, schoolId: school, year: year, status: "submitted",
                                                      measures: [.init("Методический семинар по итогам ВПР", dueTo: nil)])
        let comment = "Уточните ответственного и ожидаемый результат семинара"
        let curator = try app.signedIn("curator-ku")
        let page = try curator.get("/schools/\(school)/roadmap/\(year)")
        #expect(try curator.post("/roadmaps/\(roadmap)/return", form: [("_csrf", page.csrf ?? ""), ("reason", comment)]).status == 303)

        // The notification, with the comment, leading to the roadmap.
        let director = try app.signedIn("director-ku")
        let inbox = try director.get("/notifications")
        #expect(inbox.text.contains("Дорожная карта \(year)/\(year + 1) возвращена на доработку"))
        #expect(inbox.text.contains(comment))
        let notification = try app.count("SELECT id FROM notification WHERE kind = 'roadmapReturned'")
        let opened = try director.post("/notifications/\(notification)/open", form: [("_csrf", inbox.csrf ?? "")])
        #expect(opened.header("Location") == "/schools/\(school)/roadmap/\(year)")
        #expect(try app.count("SELECT COUNT(*) FROM notification WHERE kind = 'roadmapReturned' AND userId <> (SELECT id FROM user WHERE login = 'director-ku')")
                == 0, "only the school's directors hear of it")

        // The home page lists it with the comment instead of «Ничего не возвращено».
        let home = try director.get("/").text
        #expect(!home.contains("Ничего не возвращено"))
        let returned = try #require(home.range(of: "id=\"director-returned\"").map { String(home[$0.lowerBound...].prefix(1500)) })
        #expect(returned.contains("href=\"/schools/\(school)/roadmap/\(year)\"") && returned.contains(comment))

        // The roadmap page says so at the top, above the status and the measures, not only in the history.
        let roadmapPage = try director.get("/schools/\(school)/roadmap/\(year)").text
        let banner = try #require(roadmapPage.range(of: "id=\"returned-banner\""))
        let status = try #require(roadmapPage.range(of: "id=\"roadmap-status\""))
        #expect(banner.lowerBound < status.lowerBound)
        #expect(roadmapPage[banner.lowerBound...].prefix(600).contains(comment))

        // Resubmitted, it is no longer «возвращено».
        #expect(try director.post("/roadmaps/\(roadmap)/submit", form: [("_csrf", inbox.csrf ?? "")]).status == 303)
        #expect(!(try director.get("/schools/\(school)/roadmap/\(year)").text.contains("id=\"returned-banner\"")))
        #expect(try director.get("/").text.contains("Ничего не возвращено"))
    }

    @Test func aReturnedReportShowsItsCommentOnTheHomePageAndAtTheTop() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        try assign(app, school: school)
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        try ReportFixtures.roadmap(app.database, schoolId: school, year: year, measures: [.init("Педагогический совет", dueTo: nil)])
        let period = try ReportFixtures.period(app.database, municipalityId: Int64(municipality), year: year, half: 1, isOpen: true)
        let report = try Reports(database: app.database).start(.console, schoolId: school, periodId: period)
        try ReportFixtures.setStatus(app.database, reportId: report, .submitted)
        let comment = "Приложите протоколы педсоветов"
        let curator = try app.signedIn("curator-ku")
        let page = try curator.get("/reports/\(report)")
        #expect(try curator.post("/reports/\(report)/return", form: [("_csrf", page.csrf ?? ""), ("comment", comment)]).status == 303)

        let director = try app.signedIn("director-ku")
        let home = try director.get("/").text
        let returned = try #require(home.range(of: "id=\"director-returned\"").map { String(home[$0.lowerBound...].prefix(1500)) })
        #expect(returned.contains("href=\"/reports/\(report)\"") && returned.contains(comment))
        let reportPage = try director.get("/reports/\(report)").text
        let banner = try #require(reportPage.range(of: "id=\"returned-banner\""))
        #expect(reportPage[banner.lowerBound...].prefix(600).contains(comment))
        #expect(banner.lowerBound < (reportPage.range(of: "id=\"report-items\"")?.lowerBound ?? reportPage.startIndex))
    }
}
