@testable import Core
import Foundation
import GRDB
import Testing
import Web

/// The public page without login: only switched-on municipalities, nothing personal, no figure about fewer than
/// 10 pupils, cached with ETag and 304; and the coordinator's settings.
@Suite(.serialized) struct PublicPageTests {
    static func municipality(_ app: TestApp, _ login: String) throws -> Int64 {
        try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = ?", arguments: [login])! }
    }

    /// Switches municipality A's page on with 2021/2022–2023/2024 published, through the coordinator's forms.
    static func publishA(_ app: TestApp) throws -> Int64 {
        let a = try municipality(app, "mun-ku")
        let client = try app.signedIn("mun-ku")
        let settings = try client.get("/municipalities/\(a)/public-page")
        #expect(settings.status == 200)
        #expect(settings.text.contains("выключена"))
        let saved = try client.post("/municipalities/\(a)/public-page/summary", form: [("_csrf", settings.csrf!), ("from", "2021"), ("to", "2023")])
        #expect(saved.status == 303)
        let confirm = try client.get("/municipalities/\(a)/public-page/enable")
        #expect(confirm.text.contains("Вы уверены") || confirm.text.contains("Включить публичную страницу?"))
        let enabled = try client.post("/municipalities/\(a)/public-page/enable", form: [("_csrf", confirm.csrf!)])
        #expect(enabled.status == 303)
        return a
    }

    @Test func offByDefaultThenPublishedThenOffAgain() throws {
        let app = try TestApp(workingCycle: false)
        let a = try Self.municipality(app, "mun-ku")
        let anonymous = app.client()
        #expect(try anonymous.get("/public/municipalities/\(a)").status == 404)
        #expect(try anonymous.get("/public").text.contains("Пока ни один муниципалитет"))
        _ = try Self.publishA(app)
        let page = try anonymous.get("/public/municipalities/\(a)")
        #expect(page.status == 200)
        #expect(page.text.contains("Итоговая справка за 2021/2022–2023/2024 учебные годы"))
        #expect(page.header("Set-Cookie") == nil)
        let list = try anonymous.get("/public")
        #expect(list.text.contains("/public/municipalities/\(a)"))
        // The coordinator switches it off: 404 again, and the list no longer names it.
        let client = try app.signedIn("mun-ku")
        let confirm = try client.get("/municipalities/\(a)/public-page/disable")
        #expect(try client.post("/municipalities/\(a)/public-page/disable", form: [("_csrf", confirm.csrf!)]).status == 303)
        #expect(try anonymous.get("/public/municipalities/\(a)").status == 404)
        #expect(!(try anonymous.get("/public").text.contains("/public/municipalities/\(a)")))
    }

    @Test func thePublishedSummaryCanBeWithdrawnAfterConfirmation() throws {
        let app = try TestApp(workingCycle: false)
        let a = try Self.publishA(app)
        let anonymous = app.client()
        #expect(try anonymous.get("/public/municipalities/\(a)").text.contains("Итоговая справка за 2021/2022–2023/2024 учебные годы"))
        let client = try app.signedIn("mun-ku")
        let settings = try client.get("/municipalities/\(a)/public-page")
        #expect(settings.text.contains("/municipalities/\(a)/public-page/withdraw-summary"))
        let confirm = try client.get("/municipalities/\(a)/public-page/withdraw-summary")
        #expect(confirm.status == 200 && confirm.text.contains("Снять итоговую справку с публикации?"))
        // Nothing changes until the confirmation is posted.
        #expect(try PublicPages(database: app.database).settings(.console, municipalityId: a).rangeTitle != nil)
        #expect(try client.post("/municipalities/\(a)/public-page/withdraw-summary", form: [("_csrf", confirm.csrf!)]).status == 303)
        let page = try anonymous.get("/public/municipalities/\(a)")
        #expect(page.status == 200)
        #expect(page.text.contains("Итоговая справка пока не опубликована"))
        #expect(!(try client.get("/municipalities/\(a)/public-page").text.contains("withdraw-summary")))
        let audited = try app.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE action = 'publicPage.withdrawSummary' AND entityId = ?", arguments: [a])
        }
        #expect(audited == 1)
    }

    @Test func nonPublicAndUnknownMunicipalitiesAreNotFoundNotForbidden() throws {
        let app = try TestApp(workingCycle: false)
        _ = try Self.publishA(app)
        let b = try Self.municipality(app, "mun-kirovsky")
        for client in [app.client(), try app.signedIn("mun-kirovsky"), try app.signedIn("admin")] {
            #expect(try client.get("/public/municipalities/\(b)").status == 404)
            #expect(try client.get("/public/municipalities/999999").status == 404)
        }
    }

    @Test func leaksNoNamesNoUnpublishedPracticesNothingOfOtherMunicipalities() throws {
        let app = try TestApp(workingCycle: true)
        let a = try Self.publishA(app)
        let b = try Self.municipality(app, "mun-kirovsky")
        // A published practice of B and one of A without the authors' consent.
        try app.database.write { db in
            let schoolOfB = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM school WHERE municipalityId = ?", arguments: [b])!
            try db.execute(sql: """
                INSERT INTO practice (schoolId, title, category, authors, authorsConsent, description, status, createdAt, updatedAt, publishedAt)
                VALUES (?, 'Практика соседнего района', 'other', 'Соседова А. А.', 1, 'Описание', 'published', '2024-01-01', '2024-01-01', '2024-01-01')
                """, arguments: [schoolOfB])
        }
        let html = try app.client().get("/public/municipalities/\(a)").text
        let (names, consenting, hidden, authorsHidden) = try app.database.read { db in
            (try String.fetchAll(db, sql: "SELECT fullName FROM user"),
             try String.fetchAll(db, sql: """
                SELECT p.authors FROM practice p JOIN school s ON s.id = p.schoolId
                WHERE p.status = 'published' AND p.authorsConsent = 1 AND s.municipalityId = ?
                """, arguments: [a]).joined(separator: " "),
             try String.fetchAll(db, sql: """
                SELECT p.title FROM practice p JOIN school s ON s.id = p.schoolId WHERE p.status <> 'published' OR s.municipalityId <> ?
                """, arguments: [a]),
             try String.fetchAll(db, sql: "SELECT authors FROM practice WHERE authorsConsent = 0 AND authors <> ''"))
        }
        #expect(names.count > 10)
        for name in names where !consenting.contains(name) {
            #expect(!html.contains(name), "the public page names \(name)")
        }
        #expect(!hidden.isEmpty && !authorsHidden.isEmpty)
        for title in hidden { #expect(!html.contains(title), "the public page shows the practice «\(title)»") }
        for authors in authorsHidden { #expect(!html.contains(authors), "the public page names the authors «\(authors)»") }
        // The published practice of A with consent is there, with its authors.
        #expect(html.contains("Формирующее оценивание на уроках математики в 5–6 классах"))
        #expect(html.contains("Е. А. Морозова"))
        // Management decisions as counts only; no personal columns.
        #expect(!html.contains("id=\"summary-decisions\""))
        #expect(!html.contains("Ответственные") && !html.contains("Организаторы"))
    }

    @Test func aGroupOfNinePupilsIsShownAsLessThanTen() throws {
        let app = try TestApp(workingCycle: false)
        let a = try Self.publishA(app)
        try app.database.write { db in
            let school = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM school WHERE municipalityId = ?", arguments: [a])!
            try db.execute(sql: """
                INSERT INTO pupilsAtRisk (schoolId, schoolYear, grade, subject, pupils, atRisk, withSpecialNeeds, plan, updatedAt)
                VALUES (?, 2023, 11, 'Астрономия', 9, 4, 1, '', '2024-01-01'), (?, 2023, 11, 'Информатика', 40, 5, 0, '', '2024-01-01')
                """, arguments: [school, school])
        }
        let html = try app.client().get("/public/municipalities/\(a)").text
        let rows = SummaryPageTests.htmlRows(html, id: "public-pupils-table") ?? []
        let astronomy = try #require(rows.first { $0.first == "11 класс, астрономия" })
        #expect(astronomy == ["11 класс, астрономия", "1", "<10", "<10", "<10", "<10"])
        let informatics = try #require(rows.first { $0.first == "11 класс, информатика" })
        #expect(informatics == ["11 класс, информатика", "1", "40", "<10", "0", "<10"])
        // No figure of 1–9 pupils anywhere in the table.
        for row in rows { for cell in row.dropFirst(2) { #expect(!(1...9).contains(Int(cell) ?? 0), "\(row)") } }
        // The summary's result table: every participant count of fewer than 10 is «<10».
        for row in SummaryPageTests.htmlRows(html, id: "summary-dynamics") ?? [] {
            for i in [2, 5] where i < row.count { #expect(!(1...9).contains(Int(row[i]) ?? 0), "\(row)") }
        }
    }

    @Test func summaryParticipantsOfASmallSchoolAreSuppressed() throws {
        let app = try TestApp(workingCycle: false)
        let a = try Self.publishA(app)
        // One school of A with 9 participants of its most common procedure in the year after its last results
        // (the only results of that year).
        let year = try app.database.write { db -> Int in
            let school = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM school WHERE municipalityId = ?", arguments: [a])!
            let last = try Int.fetchOne(db, sql: """
                SELECT MAX(r.schoolYear) FROM result r JOIN school s ON s.id = r.schoolId WHERE s.municipalityId = ?
                """, arguments: [a])!
            let procedure = try Int64.fetchOne(db, sql: """
                SELECT r.procedureId FROM result r JOIN school s ON s.id = r.schoolId WHERE s.municipalityId = ? AND r.schoolYear = ?
                GROUP BY r.procedureId ORDER BY COUNT(*) DESC LIMIT 1
                """, arguments: [a, last])!
            try db.execute(sql: """
                INSERT INTO result (schoolId, procedureId, schoolYear, participants, mark2, mark3, mark4, mark5, belowMinimum, updatedAt)
                VALUES (?, ?, ?, 9, 3, 6, 0, 0, 3, '2025-01-01')
                """, arguments: [school, procedure, last + 1])
            return last + 1
        }
        try PublicPages(database: app.database).publishSummary(.console, municipalityId: a, from: SchoolYear(year - 1), to: SchoolYear(year))
        let html = try app.client().get("/public/municipalities/\(a)").text
        let rows = (SummaryPageTests.htmlRows(html, id: "summary-dynamics") ?? []).filter { $0.first == SchoolYear(year).title }
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.contains("<10"), "\(row)") }
    }

    @Test func cachedWithETagAndNotModified() throws {
        let app = try TestApp(workingCycle: false)
        let a = try Self.publishA(app)
        let client = app.client()
        let first = try client.get("/public/municipalities/\(a)")
        let etag = try #require(first.header("ETag"))
        #expect(first.header("Cache-Control") == "public, no-cache")
        let again = try client.get("/public/municipalities/\(a)", headers: [("If-None-Match", etag)])
        #expect(again.status == 304 && again.body.isEmpty)
        #expect(try client.get("/public/municipalities/\(a)").body == first.body)
        // A change of the data (a new published practice) makes a new page with a new ETag.
        try app.database.write { db in
            let school = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM school WHERE municipalityId = ?", arguments: [a])!
            try db.execute(sql: """
                INSERT INTO practice (schoolId, title, category, description, status, createdAt, updatedAt, publishedAt)
                VALUES (?, 'Новая опубликованная практика', 'other', 'Описание', 'published', '2024-01-01', '2024-01-01', '2024-01-02')
                """, arguments: [school])
        }
        let changed = try client.get("/public/municipalities/\(a)", headers: [("If-None-Match", etag)])
        #expect(changed.status == 200)
        #expect(changed.header("ETag") != etag)
        #expect(changed.text.contains("Новая опубликованная практика"))
    }

    @Test func onlyPublicRoutesAreAnonymous() {
        let anonymous = Set(OporaApp.routeTable.filter { $0.access == .anonymous }.map(\.key))
        #expect(anonymous.subtracting(AccessMatrix.anonymousRoutes).isEmpty, "anonymous routes beyond the public ones: \(anonymous.subtracting(AccessMatrix.anonymousRoutes))")
        #expect(anonymous.contains("GET /public/municipalities/{id}"))
    }

    @Test func municipalityAndSummaryPagesLinkToEachOtherAndToThePublicPage() throws {
        let app = try TestApp(workingCycle: false)
        let a = try Self.publishA(app)
        let client = try app.signedIn("mun-ku")
        let municipality = try client.get("/municipalities/\(a)").text
        #expect(municipality.contains("href=\"/municipalities/\(a)/summary\""))
        #expect(municipality.contains("href=\"/public/municipalities/\(a)\""))
        #expect(municipality.contains("href=\"/municipalities/\(a)/public-page\""))
        let summary = try client.get("/municipalities/\(a)/summary?from=2021&to=2022").text
        #expect(summary.contains("href=\"/municipalities/\(a)\""))
        #expect(summary.contains("href=\"/public/municipalities/\(a)\""))
        // A director sees neither the summary link nor the settings.
        let director = try app.signedIn("director-ku").get("/municipalities/\(a)")
        if director.status == 200 { #expect(!director.text.contains("/public-page")) }
    }

    @Test func theEventPageListsThePracticesPresentedAtIt() throws {
        let app = try TestApp(workingCycle: false)
        let event = try app.database.read {
            try Int64.fetchOne($0, sql: "SELECT eventId FROM practice WHERE title = 'Кураторская методика: сопровождение школы с низкими результатами'")
        }
        let id = try #require(event)
        let html = try app.signedIn("mun-ku").get("/events/\(id)").text
        #expect(html.contains("Практики, представленные на мероприятии"))
        #expect(html.contains("Кураторская методика: сопровождение школы с низкими результатами"))
    }
}
