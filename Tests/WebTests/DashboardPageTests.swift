@testable import Core
import Foundation
import GRDB
import Testing

/// The dashboards over HTTP: figures link to exactly the lists behind them, the watchlist, exports, the roles' pages.
@Suite(.serialized) struct DashboardPageTests {
    /// The figure `id`: its link and its number.
    func figure(_ html: String, _ id: String) throws -> (href: String, value: String) {
        let pattern = "<a id=\"\(id)\" href=\"([^\"]+)\">[^<]*<strong>([^<]*)</strong>"
        let regex = try NSRegularExpression(pattern: pattern)
        let match = try #require(regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "no figure \(id)")
        let href = String(html[Range(match.range(at: 1), in: html)!]).replacingOccurrences(of: "&amp;", with: "&")
        return (href, String(html[Range(match.range(at: 2), in: html)!]))
    }

    func rows(_ html: String, table: String) -> Int {
        html.components(separatedBy: "<tr id=\"\(table)-").count - 1
    }

    @Test func lateFigureLeadsToExactlyTheLateReports() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let home = try client.get("/")
        #expect(home.status == 200)
        #expect(home.text.contains("сводка за"))
        // Nothing of the running year is late yet (its I полугодие is due ahead): the late reports are of the year before.
        let running = try app.count("SELECT MAX(schoolYear) FROM schoolStatus")
        #expect(try figure(home.text, "figure-report-late").value == "0")
        let previous = try client.get("/?year=\(running - 1)")
        let late = try figure(previous.text, "figure-report-late")
        #expect(late.href.hasPrefix("/municipalities/") && late.href.contains("status=late"))
        let overview = try client.get(late.href)
        #expect(overview.status == 200)
        let body = overview.text.components(separatedBy: "<tbody>").dropFirst().first ?? ""
        let lateRows = body.components(separatedBy: "<tr>").count - 1
        #expect(lateRows == Int(late.value), "the overview lists \(lateRows) late reports, the figure says \(late.value)")
        #expect(Int(late.value) ?? 0 > 0, "the demo has late reports")
        #expect(body.components(separatedBy: "tag--late").count - 1 == lateRows)

        // «не начат» and the roadmap states filter the dashboard's own table to as many rows as they say.
        for id in ["figure-report-notStarted", "figure-roadmap-approved", "figure-roadmap-draft", "figure-measures-overdue",
                   "figure-documents-incomplete", "figure-flag-lowResults"] {
            let f = try figure(home.text, id)
            let page = try client.get(f.href)
            #expect(page.status == 200)
            // «98 (школ: 17)»: the table lists the schools.
            let number = id == "figure-measures-overdue" ? f.value.components(separatedBy: "школ: ").last?.dropLast() ?? "" : f.value[...]
            let count = Int(number) ?? -1
            #expect(rows(page.text, table: "schools") == count, "\(id): \(f.href)")
            #expect(page.text.contains("Показаны школы:"))
        }
    }

    @Test func overdueDecisionsAndStaffSharesComeFromTheRegistries() throws {
        let app = try TestApp()
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try app.count("SELECT MAX(schoolYear) FROM schoolStatus WHERE schoolYear <= \(SchoolYear.containing(app.database.now).start)")
        try app.database.write { db in
            // Only this test's rows count: the demo's registries are emptied first.
            try db.execute(sql: "DELETE FROM managementDecisionSchool; DELETE FROM managementDecision; DELETE FROM staffDevelopment")
            try db.execute(sql: """
                INSERT INTO managementDecision (municipalityId, schoolYear, text, addressee, dueOn, status, createdAt, updatedAt) VALUES
                    (?, ?, 'Провести семинар', 'all', '2024-01-01', 'open', '2023-09-01', '2023-09-01'),
                    (?, ?, 'Организовать курсы', 'all', '2024-02-01', 'inProgress', '2023-09-01', '2023-09-01'),
                    (?, ?, 'Утвердить план', 'all', '2024-01-01', 'done', '2023-09-01', '2023-09-01'),
                    (?, ?, 'Подготовить отчёт', 'all', '2099-01-01', 'open', '2023-09-01', '2023-09-01');
                INSERT INTO staffDevelopment (schoolId, schoolYear, managementTeam, managementTrained, teachers, teachersTrained, teachersWithDeficits, updatedAt)
                    VALUES (?, ?, 4, 3, 40, 10, 8, '2023-09-01');
                """, arguments: [municipality, year, municipality, year, municipality, year, municipality, year, school, year])
        }
        let home = try app.signedIn("mun-ku").get("/").text
        let decisions = try figure(home, "figure-decisions-overdue")
        #expect(decisions.value == "2")
        #expect(decisions.href == "/decisions?overdue=1")
        #expect(home.contains("Управленческие команды прошли курсы: <strong>3 из 4 (75,0 %)</strong>"))
        #expect(home.contains("Педагоги прошли курсы: <strong>10 из 40 (25,0 %)</strong>"))
        #expect(home.contains("Педагоги с дефицитами: <strong>8 из 40 (20,0 %)</strong>"))
        // The region sees the same count in the municipality's row, linking to its decisions.
        let region = try app.signedIn("region").get("/").text
        #expect(region.contains("href=\"/decisions?overdue=1&amp;municipality=\(municipality)\">2</a>"))
    }

    @Test func coordinatorPinsAndUnpinsASchool() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let school = try app.schoolId(ofDirector: "director-ku")
        let card = try client.get("/schools/\(school)")
        #expect(card.text.contains("action=\"/schools/\(school)/watch\""))
        let token = try #require(card.csrf)
        #expect(try client.post("/schools/\(school)/watch", form: [("back", "/")]).status == 403, "no CSRF token")
        let pin = try client.post("/schools/\(school)/watch", form: [("_csrf", token), ("back", "/?year=2023")])
        #expect(pin.status == 303)
        #expect(pin.header("Location") == "/?year=2023&notice=saved")
        let home = try client.get("/").text
        #expect(home.contains("<tr id=\"watchlist-\(school)\""))
        #expect(try client.get("/?watch=1").text.components(separatedBy: "<tr id=\"schools-").count - 1 == 1)
        #expect(try client.get("/schools/\(school)").text.contains("action=\"/schools/\(school)/unwatch\""))
        // An outside redirect target falls back to the school's card.
        let unpin = try client.post("/schools/\(school)/unwatch", form: [("_csrf", token), ("back", "//evil.example/")])
        #expect(unpin.header("Location") == "/schools/\(school)?notice=saved")
        #expect(!(try client.get("/").text.contains("<tr id=\"watchlist-\(school)\"")))
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE action LIKE 'watchlist.%'") == 2)
        // Curators and directors keep no watchlist.
        let curator = try app.signedIn("curator-ku")
        #expect(!(try curator.get("/schools/\(school)").text.contains("/watch\"")))
    }

    @Test func exportsHoldTheTableShown() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let home = try client.get("/?roadmap=approved").text
        let shown = rows(home, table: "schools")
        let csv = try client.get("/dashboard/municipalities/\(municipality)/export.csv?roadmap=approved")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        let lines = csv.text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }
        #expect(lines.first?.contains("Дорожная карта") == true)
        #expect(lines.count == shown + 1)
        #expect(lines.dropFirst().allSatisfy { $0.contains("утверждена") })
        let xlsx = try client.get("/dashboard/municipalities/\(municipality)/export.xlsx?roadmap=approved")
        #expect(xlsx.status == 200)
        #expect(Array(xlsx.body.prefix(2)) == Array("PK".utf8))
        let region = try app.signedIn("region")
        let comparison = try region.get("/dashboard/export.csv")
        #expect(comparison.status == 200)
        let municipalities = try app.count("SELECT COUNT(*) FROM municipality WHERE archivedAt IS NULL")
        #expect(comparison.text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }.count == municipalities + 2, "header, rows, total")
    }

    @Test func eachRoleGetsItsDashboard() throws {
        let app = try TestApp()
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let region = try app.signedIn("region").get("/").text
        #expect(region.contains("<table id=\"municipalities\""))
        #expect(region.contains("href=\"/dashboard/municipalities/\(municipality)?year="))
        let page = try app.signedIn("region").get("/dashboard/municipalities/\(municipality)")
        #expect(page.status == 200)
        #expect(page.text.contains("Сравнение муниципалитетов"))
        #expect(page.text.contains("id=\"figure-report-late\""))
        #expect(try app.signedIn("mun-kirovsky").get("/dashboard/municipalities/\(municipality)").status == 403)
        let curator = try app.signedIn("curator-ku").get("/").text
        #expect(curator.contains("Ждёт вашей проверки"))
        #expect(curator.contains("<table id=\"schools\""))
        let director = try app.signedIn("director-ku").get("/").text
        #expect(director.contains("Что предстоит"))
        #expect(director.contains("Возвращено на доработку"))
        #expect(director.contains("id=\"director-period\""))
        // The year selector: an earlier year shows its own figures.
        let older = try app.signedIn("mun-ku").get("/?year=2022")
        #expect(older.status == 200)
        #expect(older.text.contains("сводка за 2022/2023 учебный год"))
    }
}
