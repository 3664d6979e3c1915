@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing

/// The watchlist rules over HTTP (issue 14): the settings form (errors next to the fields, audit, scope), the
/// dashboard's flagged schools and their dismissal, the school list's «нет активности N дней».
@Suite(.serialized) struct WatchRuleFlowTests {
    /// Puts school X on this running year's ШНОР list, whatever year the demo reaches.
    func runningYearFixture(_ app: TestApp) throws -> (school: Int64, municipality: Int64) {
        let school = try app.schoolId(ofDirector: "director-ku")
        let y = SchoolYear.containing(app.database.now).start
        let municipality = try app.database.write { db -> Int64 in
            try db.execute(sql: "INSERT OR IGNORE INTO schoolStatus (schoolId, schoolYear, flag) VALUES (?, ?, 'lowResults')", arguments: [school, y])
            return try Int64.fetchOne(db, sql: "SELECT municipalityId FROM school WHERE id = ?", arguments: [school])!
        }
        return (school, municipality)
    }

    func form(_ token: String, _ fields: [(String, String)]) -> [(String, String)] { [("_csrf", token)] + fields }

    @Test func theSettingsFormShowsErrorsNextToTheFieldsAndChangesNothing() throws {
        let app = try TestApp()
        let (_, m) = try runningYearFixture(app)
        let client = try app.signedIn("mun-ku")
        let page = try client.get("/watch-rules/municipalities/\(m)")
        #expect(page.status == 200 && page.text.contains("Правила наблюдения") && page.text.contains("name=\"rule\""))
        let token = try #require(page.csrf)
        let response = try client.post("/watch-rules/municipalities/\(m)", form: form(token, [
            ("rule", "overdueMeasures"), ("overdueMeasures-value", "много"),
            ("rule", "roadmapNotApproved"), ("roadmapNotApproved-value", "31.02.2026"),
            ("rule", "silent"), ("silent-value", "30")]))
        #expect(response.status == 422)
        #expect(response.text.contains("id=\"overdueMeasures-value-error\">Укажите целое число от 1 до 500"))
        #expect(response.text.contains("id=\"roadmapNotApproved-value-error\">Укажите дату в виде ДД.ММ.ГГГГ"))
        #expect(response.text.contains("value=\"много\""), "what was typed stays in the field")
        #expect(!response.text.contains("id=\"silent-value-error\""))
        #expect(try app.count("SELECT COUNT(*) FROM watchRule") == 0)
    }

    @Test func aCoordinatorSwitchesARuleOnSeesTheFlagAndDismissesIt() throws {
        let app = try TestApp()
        let (school, m) = try runningYearFixture(app)
        let client = try app.signedIn("mun-ku")
        let home = try client.get("/")
        #expect(home.text.contains("Правила наблюдения не включены."))
        #expect(home.text.contains("href=\"/watch-rules/municipalities/\(m)\""), "the dashboard links the settings")
        let token = try #require(home.csrf)
        let saved = try client.post("/watch-rules/municipalities/\(m)", form: form(token, [("rule", "silent"), ("silent-value", "0")]))
        #expect(saved.status == 303)
        let audit = try app.database.read { db in
            try Row.fetchOne(db, sql: "SELECT actorId, entityId FROM auditEntry WHERE entity = 'watchRules.municipality' ORDER BY id DESC LIMIT 1")
        }
        let actor = try app.count("SELECT id FROM user WHERE login = 'mun-ku'")
        #expect((audit?[0] as Int64?) == Int64(actor) && (audit?[1] as Int64?) == m)

        let flagged = try client.get("/")
        let rowId = "flag-\(school)-silent"
        #expect(flagged.text.contains("<tr id=\"\(rowId)\">"))
        #expect(flagged.text.contains("нет активности"))
        let dismissHref = "/schools/\(school)/watch-flags/silent/dismiss"
        let dismissPage = try client.get(dismissHref)
        #expect(dismissPage.status == 200 && dismissPage.text.contains("id=\"flag-figure\">нет активности"))
        let empty = try client.post(dismissHref, form: form(token, [("note", "  "), ("back", "/")]))
        #expect(empty.status == 422 && empty.text.contains("id=\"note-error\">Напишите, почему флаг снимается"))
        #expect(try app.count("SELECT COUNT(*) FROM watchFlagDismissal") == 0)
        let done = try client.post(dismissHref, form: form(token, [("note", "Школа на карантине"), ("back", "/")]))
        #expect(done.status == 303)
        let after = try client.get("/")
        #expect(!after.text.contains("<tr id=\"\(rowId)\">"))
        #expect(after.text.contains("<li id=\"\(rowId)\">") && after.text.contains("Школа на карантине"))
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE action = 'watchFlag.dismiss' AND entityId = \(school)") == 1)
    }

    @Test func aMunicipalCoordinatorEditsOnlyTheirOwnMunicipalitysRules() throws {
        let app = try TestApp()
        let (_, m) = try runningYearFixture(app)
        let client = try app.signedIn("mun-kirovsky")
        let token = try #require(try client.get("/").csrf)
        #expect(try client.post("/watch-rules", form: form(token, [("rule", "silent"), ("silent-value", "3")])).status == 403)
        #expect(try client.post("/watch-rules/municipalities/\(m)", form: form(token, [("rule", "silent"), ("silent-value", "3")])).status == 403)
        #expect(try client.get("/watch-rules/municipalities/\(m)").status == 403)
        #expect(try client.post("/watch-rules/municipalities/\(m)/reset", form: form(token, [])).status == 403)
        let defaults = try client.get("/watch-rules")
        #expect(defaults.status == 200 && !defaults.text.contains("<form id=\"watch-rules\""), "the region's defaults are read-only to them")
        #expect(try app.count("SELECT COUNT(*) FROM watchRule") == 0)
        // The regional coordinator sets the defaults; the municipality follows them until it sets its own.
        let region = try app.signedIn("region")
        let regionToken = try #require(try region.get("/").csrf)
        #expect(try region.post("/watch-rules", form: form(regionToken, [("rule", "identifiedTwice")])).status == 303)
        let own = try app.signedIn("mun-ku")
        let page = try own.get("/watch-rules/municipalities/\(m)")
        #expect(page.text.contains("следует правилам региона") && page.text.contains("id=\"rule-identifiedTwice\" name=\"rule\" value=\"identifiedTwice\" checked"))
    }

    @Test func theSchoolListShowsLastActivityAndFiltersSilentSchools() throws {
        let app = try TestApp()
        let (school, _) = try runningYearFixture(app)
        // The director signs in: their school was active today.
        _ = try app.signedIn("director-ku")
        let client = try app.signedIn("mun-ku")
        let list = try client.get("/schools")
        #expect(list.status == 200 && list.text.contains("<th scope=\"col\">Последняя активность</th>") && list.text.contains("id=\"silent\""))
        let total = list.text.components(separatedBy: "class=\"school-activity\"").count - 1
        #expect(total > 1)
        let silent = try client.get("/schools?silent=1")
        #expect(silent.status == 200)
        #expect(!silent.text.contains("href=\"/schools/\(school)\""), "school X was active today")
        let silentRows = silent.text.components(separatedBy: "class=\"school-activity\"").count - 1
        #expect(silentRows < total)
        let today = DayText.russian(Moscow.day(app.database.now))
        #expect(!silent.text.contains("class=\"school-activity\">\(today)<"), "no school active today is listed")
        #expect(list.text.contains("class=\"school-activity\">\(today)<"))
        // The export follows the filter and carries the column.
        let csv = try client.get("/schools/export.csv?silent=1")
        #expect(csv.status == 200 && csv.text.contains("Последняя активность"))
        let records = try CSVReader.read(Data(csv.body)).records.map(\.fields)
        #expect(records.count == silentRows + 1 && records.first?.last == "Последняя активность")
        // Not a number, or out of range: the error next to the field, the list unfiltered.
        for bad in ["abc", "-1", "99999"] {
            let page = try client.get("/schools?silent=\(bad)")
            #expect(page.status == 422 && page.text.contains("id=\"silent-error\">Число дней без активности — от 0 до 3650"), "\(bad)")
            #expect(page.text.components(separatedBy: "class=\"school-activity\"").count - 1 == total)
        }
        // A director's list has neither.
        let director = try app.signedIn("director-ku")
        let own = try director.get("/schools?silent=1")
        #expect(own.status == 200 && !own.text.contains("Последняя активность"))
    }
}
