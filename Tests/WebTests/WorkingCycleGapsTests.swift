@testable import Core
import Foundation
import GRDB
import Testing

/// Issue 19 items 1, 5, 6 over HTTP: missing results on the identification page, ШНОР schools without a curator,
/// the curator's home of this year, the year navigation of a school's working cycle.
@Suite(.serialized) struct WorkingCycleGapsTests {
    func figure(_ html: String, _ id: String) throws -> (href: String, value: String) {
        let pattern = "<a id=\"\(id)\" href=\"([^\"]+)\">[^<]*<strong>([^<]*)</strong>"
        let regex = try NSRegularExpression(pattern: pattern)
        let match = try #require(regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "no figure \(id)")
        let href = String(html[Range(match.range(at: 1), in: html)!]).replacingOccurrences(of: "&amp;", with: "&")
        return (href, String(html[Range(match.range(at: 2), in: html)!]))
    }

    func section(_ html: String, from start: String, to end: String?) -> Substring {
        guard let a = html.range(of: start) else { return "" }
        let rest = html[a.upperBound...]
        guard let end, let b = rest.range(of: end) else { return rest }
        return rest[..<b.lowerBound]
    }

    @Test func listedSchoolsWithoutResultsAreTheirOwnGroup() throws {
        let app = try TestApp()
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let year = try app.count("""
            SELECT MAX(s.schoolYear) FROM schoolStatus s JOIN school ON school.id = s.schoolId
            WHERE s.flag = 'lowResults' AND school.municipalityId = \(municipality)
            """)
        let listed = try app.database.read {
            try Int64.fetchAll($0, sql: """
                SELECT s.schoolId FROM schoolStatus s JOIN school ON school.id = s.schoolId
                WHERE s.flag = 'lowResults' AND s.schoolYear = ? AND school.municipalityId = ? ORDER BY s.schoolId
                """, arguments: [year, municipality])
        }
        #expect(listed.count >= 3)
        try app.database.write { db in
            try db.execute(sql: "DELETE FROM result WHERE schoolYear >= ?", arguments: [year])
            let procedures = try Int64.fetchAll(db, sql: "SELECT id FROM procedure WHERE isAnalysed = 1 AND lowRule = 'markTwo' ORDER BY sortOrder LIMIT 2")
            for (school, mark2) in [(listed[0], 20), (listed[1], 0)] {
                for p in procedures {
                    try db.execute(sql: "INSERT INTO result (schoolId, procedureId, schoolYear, participants, mark2, updatedAt) VALUES (?, ?, ?, 40, ?, '2024-06-01 00:00:00.000')",
                                   arguments: [school, p, year, mark2])
                }
            }
        }
        let title = "\(year)/\(year + 1)"
        let page = try app.signedIn("mun-ku").get("/identification?year=\(year + 1)")
        #expect(page.status == 200)
        let leaving = section(page.text, from: "<h2>Выходят из перечня</h2>", to: "<h2 id=\"no-data\">")
        #expect(leaving.contains("href=\"/schools/\(listed[1])\""))
        #expect(leaving.components(separatedBy: "href=\"/schools/").count - 1 == 1, "only the school with results leaves")
        let noData = section(page.text, from: "<h2 id=\"no-data\">Нет данных за учебный год \(title)</h2>", to: "</table>")
        for id in listed.dropFirst(2) { #expect(noData.contains("href=\"/schools/\(id)\"")) }
        #expect(page.text.contains("нет данных за \(title) — \(listed.count - 2)"))
        #expect(page.text.contains("Результаты за \(title) есть у 2 школ"))
        // The export carries the group too, with the last column «Данные за …».
        let csv = try app.signedIn("mun-ku").get("/identification/export.csv?year=\(year + 1)")
        #expect(csv.status == 200)
        #expect(csv.text.contains("Данные за \(title)"))
        #expect(csv.text.components(separatedBy: "нет данных за учебный год \(title)").count - 1 == listed.count - 2)
    }

    @Test func listedSchoolsWithoutACuratorAreAFigureAndAFilter() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        var home = try client.get("/")
        let year = try #require(Int(try figure(home.text, "figure-schools").href.components(separatedBy: "year=").last?.prefix(4) ?? ""))
        // One listed school of the year loses its curators.
        let school = try app.count("""
            SELECT s.schoolId FROM schoolStatus s JOIN school ON school.id = s.schoolId
            WHERE s.flag = 'lowResults' AND s.schoolYear = \(year) AND school.municipalityId = \(municipality) ORDER BY s.schoolId LIMIT 1
            """)
        try app.database.write { db in
            try db.execute(sql: "DELETE FROM curatorAssignment WHERE schoolId = ? AND schoolYear = ?", arguments: [school, year])
        }
        let expected = try app.count("""
            SELECT COUNT(*) FROM schoolStatus s JOIN school ON school.id = s.schoolId
            WHERE s.flag = 'lowResults' AND s.schoolYear = \(year) AND school.municipalityId = \(municipality)
              AND NOT EXISTS (SELECT 1 FROM curatorAssignment a WHERE a.schoolId = s.schoolId AND a.schoolYear = \(year))
            """)
        #expect(expected >= 1)
        home = try client.get("/")
        let f = try figure(home.text, "figure-without-curator")
        #expect(f.value == String(expected))
        #expect(f.href.contains("curator=none"))
        let filtered = try client.get(f.href)
        #expect(filtered.status == 200)
        #expect(filtered.text.contains("ШНОР без куратора"))
        #expect(filtered.text.components(separatedBy: "<tr id=\"schools-").count - 1 == expected)
        #expect(filtered.text.contains("<tr id=\"schools-\(school)\""))
    }

    @Test func theCuratorsHomeListsOnlyThisYearsAssignments() throws {
        let app = try TestApp()
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku'")
        let client = try app.signedIn("curator-ku")
        let home = try client.get("/")
        #expect(home.status == 200)
        let year = try app.count("SELECT MAX(schoolYear) FROM curatorAssignment WHERE curatorId = \(curator) AND schoolYear <= 2026")
        // A school assigned to this curator in an earlier year only.
        let other = try app.count("""
            SELECT id FROM school WHERE archivedAt IS NULL
              AND id NOT IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = \(curator) AND schoolYear = \(year)) ORDER BY id LIMIT 1
            """)
        try app.database.write { db in
            try db.execute(sql: "INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdAt) VALUES (?, ?, ?, '2020-09-01 00:00:00.000')",
                           arguments: [curator, other, year - 2])
        }
        let page = try client.get("/?year=\(year)")
        #expect(page.status == 200)
        #expect(!page.text.contains("<tr id=\"schools-\(other)\""), "last years' schools are not this year's work")
        let assigned = try app.count("SELECT COUNT(DISTINCT schoolId) FROM curatorAssignment WHERE curatorId = \(curator) AND schoolYear = \(year)")
        #expect(page.text.components(separatedBy: "<tr id=\"schools-").count - 1 == assigned)
    }

    @Test func theDirectorReachesTheRunningYearsRiskProfileFromTheNavAndTheCard() throws {
        let app = try TestApp()
        let school = try app.schoolId(ofDirector: "director-ku")
        let running = SchoolYear.containing(app.database.now).start
        // A new year: no risk profile yet for the running year, last year's is there.
        try app.database.write { db in
            try db.execute(sql: "DELETE FROM riskProfileEntry WHERE profileId IN (SELECT id FROM riskProfile WHERE schoolId = ? AND schoolYear >= ?)",
                           arguments: [school, running])
            try db.execute(sql: "DELETE FROM riskProfile WHERE schoolId = ? AND schoolYear >= ?", arguments: [school, running])
        }
        let client = try app.signedIn("director-ku")
        let link = "href=\"/schools/\(school)/risk-profile?year=\(running)\""
        let card = try client.get("/schools/\(school)")
        #expect(card.status == 200)
        #expect(card.text.contains("Работа по учебным годам"))
        #expect(card.text.contains(link))
        // From the nav: the risk profile, whose year links offer the running year.
        #expect(card.text.contains("href=\"/schools/\(school)/risk-profile\""))
        let profile = try client.get("/schools/\(school)/risk-profile")
        #expect(profile.status == 200)
        #expect(profile.text.contains(link))
        let page = try client.get("/schools/\(school)/risk-profile?year=\(running)")
        #expect(page.status == 200)
        #expect(page.text.contains("Заполнить рисковый профиль"))
    }

    @Test func aNewYearsRoadmapCopiesLastYearsUnfinishedMeasures() throws {
        let app = try TestApp()
        let school = try app.schoolId(ofDirector: "director-ku")
        let last = try app.count("SELECT MAX(schoolYear) FROM roadmap WHERE schoolId = \(school)")
        let roadmap = try app.count("SELECT id FROM roadmap WHERE schoolId = \(school) AND schoolYear = \(last)")
        let measures = try app.database.read {
            try Int64.fetchAll($0, sql: "SELECT id FROM measure WHERE roadmapId = ? ORDER BY position", arguments: [roadmap])
        }
        #expect(measures.count >= 2)
        let finished = try app.database.read {
            try Set(Int64.fetchAll($0, sql: """
                SELECT i.measureId FROM reportItem i JOIN report rep ON rep.id = i.reportId
                WHERE rep.roadmapId = ? AND i.status IN ('done', 'cancelled') AND i.measureId IS NOT NULL
                """, arguments: [roadmap]))
        }
        let client = try app.signedIn("director-ku")
        let page = try client.get("/schools/\(school)/roadmap/\(last + 1)")
        #expect(page.status == 200)
        for id in measures {
            let box = "name=\"measure\" value=\"\(id)\""
            #expect(page.text.contains(box + (finished.contains(id) ? ">" : " checked>")), "measure \(id)")
        }
        let chosen = measures.filter { !finished.contains($0) }.prefix(1) + (finished.first.map { [$0] } ?? [])
        let response = try client.post("/schools/\(school)/roadmap/\(last + 1)/create",
                                       form: [("_csrf", page.csrf ?? ""), ("offered", "1"), ("copy", "1")] + chosen.map { ("measure", String($0)) })
        #expect(response.status == 303)
        let copied = try app.count("""
            SELECT COUNT(*) FROM measure m JOIN roadmap r ON r.id = m.roadmapId WHERE r.schoolId = \(school) AND r.schoolYear = \(last + 1)
            """)
        #expect(copied == chosen.count)
    }
}
