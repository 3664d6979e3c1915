@testable import Core
import Foundation
import GRDB
import Testing

/// Municipalities, curators' assignments and partner groups over HTTP, as their users see them.
@Suite(.serialized) struct OrganisationTests {
    func schoolLinks(_ html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = Substring(html)
        while let r = rest.range(of: "href=\"/schools/") {
            rest = rest[r.upperBound...]
            ids.insert(String(rest.prefix { $0.isNumber }))
        }
        return ids
    }

    @Test func assigningACuratorGivesThemTheSchoolAndRemovingTakesItAway() throws {
        let app = try TestApp()
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let school = try app.count("SELECT schoolId FROM user WHERE login = 'director-ku'")
        let curatorClient = try app.signedIn("curator-ku-3")
        #expect(!schoolLinks(try curatorClient.get("/schools").text).contains("\(school)"))
        #expect(try curatorClient.get("/schools/\(school)").status == 403)

        let coordinator = try app.signedIn("mun-ku")
        let page = try coordinator.get("/curators/\(curator)")
        #expect(page.status == 200)
        #expect(page.text.contains("Закрепить школу"))
        let assigned = try coordinator.post("/curators/\(curator)/assignments",
                                            form: [("_csrf", page.csrf ?? ""), ("schoolId", "\(school)"), ("year", "2023")])
        #expect(assigned.status == 303)
        let after = try coordinator.get(assigned.header("Location") ?? "")
        #expect(after.text.contains("Куратор закреплён."))
        #expect(after.text.contains("2023/2024 учебный год"))

        #expect(schoolLinks(try curatorClient.get("/schools").text).contains("\(school)"))
        #expect(try curatorClient.get("/schools/\(school)").status == 200)

        // A duplicate is refused with a clear message next to the field.
        let duplicate = try coordinator.post("/curators/\(curator)/assignments",
                                             form: [("_csrf", page.csrf ?? ""), ("schoolId", "\(school)"), ("year", "2023")])
        #expect(duplicate.status == 422)
        #expect(duplicate.text.contains("уже закреплён"))
        #expect(try app.count("SELECT COUNT(*) FROM curatorAssignment WHERE curatorId = \(curator) AND schoolId = \(school)") == 1)

        let confirm = try coordinator.get("/curators/\(curator)/schools/\(school)/2023/remove")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("Снять закрепление?"))
        let removed = try coordinator.post("/curators/\(curator)/schools/\(school)/2023/remove", form: [("_csrf", confirm.csrf ?? "")])
        #expect(removed.status == 303)
        #expect(!schoolLinks(try curatorClient.get("/schools").text).contains("\(school)"))
        #expect(try curatorClient.get("/schools/\(school)").status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'curatorAssignment'") == 2)
    }

    @Test func anotherMunicipalitysCoordinatorCannotAssign() throws {
        let app = try TestApp()
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let school = try app.count("SELECT schoolId FROM user WHERE login = 'director-ku'")
        let before = try app.count("SELECT COUNT(*) FROM curatorAssignment")
        let client = try app.signedIn("mun-kirovsky")
        let csrf = try client.get("/").csrf ?? ""
        let response = try client.post("/curators/\(curator)/assignments", form: [("_csrf", csrf), ("schoolId", "\(school)"), ("year", "2023")])
        #expect(response.status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM curatorAssignment") == before)
        #expect(try client.get("/curators/\(curator)").status == 403)
    }

    @Test func aSchoolOfAnotherMunicipalityCannotBeAssigned() throws {
        let app = try TestApp()
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let foreign = try app.count("SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')")
        let client = try app.signedIn("admin")
        let csrf = try client.get("/").csrf ?? ""
        let response = try client.post("/curators/\(curator)/assignments", form: [("_csrf", csrf), ("schoolId", "\(foreign)"), ("year", "2023")])
        #expect(response.status == 422)
        #expect(response.text.contains("Выберите школу муниципалитета куратора"))
        #expect(try app.count("SELECT COUNT(*) FROM curatorAssignment WHERE schoolId = \(foreign)") == 0)
    }

    @Test func municipalityPageShowsCoordinatorsWithTheirOrder() throws {
        let app = try TestApp()
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let page = try app.signedIn("mun-ku").get("/municipalities/\(municipality)")
        #expect(page.status == 200)
        #expect(page.text.contains("приказ № 48 от 19.02.2021"))
        #expect(page.text.contains("id=\"coordinators\""))
        let list = try app.signedIn("mun-ku").get("/municipalities")
        let table = list.text.components(separatedBy: "<table id=\"municipalities\"").last ?? ""
        #expect(table.components(separatedBy: "href=\"/municipalities/").count - 1 == 1)
        let all = try app.signedIn("region").get("/municipalities")
        #expect(all.text.components(separatedBy: "href=\"/municipalities/").count - 1 > 1)
    }

    @Test func regionCreatesRenamesAndArchivesAMunicipality() throws {
        let app = try TestApp()
        let client = try app.signedIn("region")
        let form = try client.get("/municipalities/new")
        let empty = try client.post("/municipalities/new", form: [("_csrf", form.csrf ?? ""), ("name", " "), ("shortName", "")])
        #expect(empty.status == 422)
        #expect(empty.text.contains("Введите название муниципалитета"))
        #expect(empty.text.contains("href=\"#name\""))
        let created = try client.post("/municipalities/new", form: [("_csrf", form.csrf ?? ""), ("name", "Новый округ"), ("shortName", "Новый")])
        #expect(created.status == 303)
        let location = created.header("Location") ?? ""
        let id = location.split(separator: "/").last.map { String($0.prefix { $0.isNumber }) } ?? ""
        #expect(try client.get(location).text.contains("Новый округ"))
        let twice = try client.post("/municipalities/new", form: [("_csrf", form.csrf ?? ""), ("name", "новый округ"), ("shortName", "Н")])
        #expect(twice.status == 422)
        #expect(twice.text.contains("уже есть"))
        #expect(try client.post("/municipalities/\(id)/archive", form: [("_csrf", form.csrf ?? "")]).status == 303)
        #expect(try client.get("/municipalities/\(id)").text.contains("в архиве"))
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'municipality' AND entityId = \(id)") == 2)
        #expect(try app.signedIn("mun-ku").get("/municipalities/new").status == 403)
    }

    @Test func partnerGroupsAreValidatedAndKeptPerYear() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-kirovsky")
        let list = try client.get("/partnerships?year=2020")  // seed 002: the groups of 2020/2021
        #expect(list.status == 200)
        #expect(list.text.contains("id=\"partnerships\""))
        let schools = try app.database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky') ORDER BY id LIMIT 3")
        }
        let csrf = try client.get("/partnerships/new").csrf ?? ""
        func create(_ low: Int64, _ partners: [Int64], year: String = "2021") throws -> TestClient.Response {
            try client.post("/partnerships/new", form: [("_csrf", csrf), ("lowResultsSchoolId", "\(low)"), ("year", year),
                                                        ("forms", "наставничество")] + partners.map { ("partner", "\($0)") })
        }
        let selfPartner = try create(schools[0], [schools[0]])
        #expect(selfPartner.status == 422)
        #expect(selfPartner.text.contains("не может быть партнёром самой себе"))
        let none = try create(schools[0], [])
        #expect(none.text.contains("Выберите хотя бы одну школу-партнёра"))
        let foreign = try app.count("SELECT schoolId FROM user WHERE login = 'director-ku'")
        let mixed = try create(schools[0], [Int64(foreign)])
        #expect(mixed.text.contains("из одного муниципалитета"))
        let ok = try create(schools[0], [schools[1], schools[2]])
        #expect(ok.status == 303)
        let again = try create(schools[0], [schools[1]])
        #expect(again.status == 422)
        #expect(again.text.contains("уже есть группа партнёров"))
        let year2021 = try client.get("/partnerships?year=2021").text
        #expect(year2021.contains("наставничество"))
        let id = try app.count("SELECT id FROM partnership WHERE schoolYear = 2021 AND lowResultsSchoolId = \(schools[0])")
        // The other municipality's coordinator can neither see it to edit nor delete it.
        let other = try app.signedIn("mun-ku")
        #expect(try other.get("/partnerships/\(id)/edit").status == 403)
        #expect(try other.post("/partnerships/\(id)/delete", form: [("_csrf", try other.get("/").csrf ?? "")]).status == 403)
        #expect(try client.post("/partnerships/\(id)/delete", form: [("_csrf", csrf)]).status == 303)
        #expect(try client.post("/partnerships/\(id)/delete", form: [("_csrf", csrf)]).status == 409)
        #expect(try app.count("SELECT COUNT(*) FROM partnership WHERE id = \(id)") == 0)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'partnership' AND entityId = \(id)") == 2)
    }

    @Test func municipalityOverviewAssignsAndShowsCurators() throws {
        let app = try TestApp()
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let school = try app.count("SELECT schoolId FROM user WHERE login = 'director-ku-02'")
        let client = try app.signedIn("mun-ku")
        let page = try client.get("/municipalities/\(municipality)/assignments?year=2022")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"assign-curator-form\""))
        let missing = try client.post("/municipalities/\(municipality)/assignments", form: [("_csrf", page.csrf ?? ""), ("curatorId", ""), ("year", "2022")])
        #expect(missing.status == 422)
        #expect(missing.text.contains("Выберите куратора"))
        let done = try client.post("/municipalities/\(municipality)/assignments",
                                   form: [("_csrf", page.csrf ?? ""), ("curatorId", "\(curator)"), ("schoolId", "\(school)"), ("year", "2022")])
        #expect(done.status == 303)
        let after = try client.get(done.header("Location") ?? "")
        #expect(after.text.contains("/curators/\(curator)/schools/\(school)/2022/remove"))
        #expect(schoolLinks(try app.signedIn("curator-ku-3").get("/schools").text).contains("\(school)"))
        // The region reads the overview without the form; another municipality's coordinator is refused.
        let region = try app.signedIn("region").get("/municipalities/\(municipality)/assignments")
        #expect(region.status == 200 && !region.text.contains("assign-curator-form"))
        #expect(try app.signedIn("mun-kirovsky").get("/municipalities/\(municipality)/assignments").status == 403)
    }

    @Test func curatorsListIsScoped() throws {
        let app = try TestApp()
        let own = try app.count("SELECT COUNT(*) FROM user WHERE role = 'curator' AND municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-ku')")
        let page = try app.signedIn("mun-ku").get("/curators")
        #expect(page.status == 200)
        // Links to curators' pages (the list's export links start alike).
        #expect(page.text.components(separatedBy: "href=\"/curators/").count - page.text.components(separatedBy: "href=\"/curators/export.").count == own)
        #expect(try app.signedIn("curator-ku").get("/curators").status == 403)
        #expect(try app.signedIn("director-ku").get("/curators").status == 403)
    }
}
