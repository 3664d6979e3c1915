@testable import Core
import Foundation
import GRDB
import Testing

/// «Новый учебный год» over HTTP: 2015/2016 rolled into 2016/2017, years the demo leaves empty.
@Suite struct RolloverFlowTests {
    let target = 2016

    /// Two schools of municipality A confirmed as ШНОР for the target year, one of them with last year's curator.
    func prepare(_ app: TestApp) throws -> (municipality: Int64, schools: [Int64]) {
        try app.database.write { db in
            let m = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")!
            let schools = try Int64.fetchAll(db, sql: "SELECT id FROM school WHERE municipalityId = ? AND archivedAt IS NULL ORDER BY id LIMIT 2",
                                             arguments: [m])
            for s in schools {
                try db.execute(sql: "INSERT INTO schoolStatus (schoolId, schoolYear, flag) VALUES (?, ?, 'lowResults')", arguments: [s, target])
            }
            try db.execute(sql: """
                INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [schools[0], target - 1, Date()])
            return (m, schools)
        }
    }

    @Test func coordinatorReviewsAppliesAndRepeats() throws {
        let app = try TestApp(workingCycle: false)
        let (m, schools) = try prepare(app)
        let path = "/municipalities/\(m)/new-year"
        let coordinator = try app.signedIn("mun-ku")
        let page = try coordinator.get(path + "?year=\(target)")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"count-roadmaps\">2<") && page.text.contains("id=\"count-periods\">2<")
                && page.text.contains("id=\"count-assignments\">1<") && page.text.contains("id=\"count-statuses\">0<"))
        #expect(page.text.contains("name=\"_csrf\"") && page.text.contains("rollover-confirmed"))

        // Without the token nothing happens.
        let before = try app.count("SELECT COUNT(*) FROM roadmap") + app.count("SELECT COUNT(*) FROM reportPeriod")
        let forged = try coordinator.post(path, form: [("year", "\(target)"), ("section", "periods")])
        #expect(forged.status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM roadmap") + app.count("SELECT COUNT(*) FROM reportPeriod") == before)

        let form = [("_csrf", page.csrf ?? ""), ("year", "\(target)")] + RolloverSection.allCases.map { ("section", $0.rawValue) }
            + schools.map { ("school", "\($0)") }
        let done = try coordinator.post(path, form: form)
        #expect(done.status == 200)
        #expect(done.text.contains("Учебный год \(target)/\(target + 1) подготовлен"))
        for s in schools { #expect(done.text.contains("href=\"/schools/\(s)/roadmap/\(target)\"")) }
        #expect(try app.count("SELECT COUNT(*) FROM roadmap WHERE schoolYear = \(target)") == 2)
        #expect(try app.count("SELECT COUNT(*) FROM reportPeriod WHERE schoolYear = \(target) AND municipalityId = \(m)") == 2)
        #expect(try app.count("SELECT COUNT(*) FROM curatorAssignment WHERE schoolYear = \(target)") == 1)

        let again = try coordinator.post(path, form: form)
        #expect(again.status == 200 && again.text.contains("Ничего нового не создано"))
        #expect(try app.count("SELECT COUNT(*) FROM roadmap WHERE schoolYear = \(target)") == 2)
        #expect(try coordinator.get(path + "?year=\(target)").text.contains("rollover-nothing"))
    }

    @Test func untickedSchoolsGetNothing() throws {
        let app = try TestApp(workingCycle: false)
        let (m, schools) = try prepare(app)
        let coordinator = try app.signedIn("mun-ku")
        let page = try coordinator.get("/municipalities/\(m)/new-year?year=\(target)")
        let done = try coordinator.post("/municipalities/\(m)/new-year",
                                        form: [("_csrf", page.csrf ?? ""), ("year", "\(target)"), ("section", "roadmaps"), ("school", "\(schools[1])")])
        #expect(done.status == 200)
        #expect(try app.count("SELECT COUNT(*) FROM roadmap WHERE schoolYear = \(target) AND schoolId = \(schools[1])") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM roadmap WHERE schoolYear = \(target) AND schoolId = \(schools[0])") == 0)
        #expect(try app.count("SELECT COUNT(*) FROM reportPeriod WHERE schoolYear = \(target)") == 0)
        let none = try coordinator.post("/municipalities/\(m)/new-year", form: [("_csrf", page.csrf ?? ""), ("year", "\(target)")])
        #expect(none.status == 422 && none.text.contains("Отметьте хотя бы один раздел"))
    }

    @Test func othersAreRefusedAndTheDashboardLinksThePage() throws {
        let app = try TestApp(workingCycle: false)
        let (m, _) = try prepare(app)
        for login in ["director-ku", "curator-ku", "mun-kirovsky"] {
            let client = try app.signedIn(login)
            #expect(try client.get("/municipalities/\(m)/new-year").status == 403, "\(login)")
            let token = try client.get("/").csrf ?? ""
            #expect(try client.post("/municipalities/\(m)/new-year", form: [("_csrf", token), ("year", "\(target)"), ("section", "periods")]).status == 403)
        }
        #expect(try app.count("SELECT COUNT(*) FROM reportPeriod WHERE schoolYear = \(target)") == 0)
        #expect(try app.signedIn("mun-ku").get("/municipalities/999999/new-year").status == 404)
        let region = try app.signedIn("region").get("/municipalities/\(m)/new-year?year=\(target)")
        #expect(region.status == 200 && !region.text.contains("Создать учебный год"))
        let coordinator = try app.signedIn("mun-ku")
        let home = try coordinator.get("/")
        #expect(home.text.contains("id=\"new-year-link\"") && home.text.contains("href=\"/municipalities/\(m)/new-year\""))

        // Once the next year is fully set up, the dashboard stops offering it.
        let first = try coordinator.get("/municipalities/\(m)/new-year")
        let next = try #require(Self.values("year", in: first.text).first.flatMap { Int($0) })
        try app.database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO schoolStatus (schoolId, schoolYear, flag) SELECT schoolId, ?, 'lowResults' FROM schoolStatus WHERE schoolYear = ? AND flag = 'lowResults'",
                           arguments: [next, target])
        }
        let page = try coordinator.get("/municipalities/\(m)/new-year")
        let form = [("_csrf", page.csrf ?? ""), ("year", "\(next)")] + RolloverSection.allCases.map { ("section", $0.rawValue) }
            + Self.values("school", in: page.text).map { ("school", $0) }
        #expect(try coordinator.post("/municipalities/\(m)/new-year", form: form).status == 200)
        #expect(try !coordinator.get("/").text.contains("id=\"new-year-link\""))
    }

    /// The values of the form's inputs named `name`.
    static func values(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }
}
