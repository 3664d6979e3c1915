import Foundation
import Testing

/// The order (приказ №, date) behind a curator's assignment: entered on both assignment forms, checked like a
/// coordinator's appointment, shown wherever assignments are listed.
@Suite(.serialized) struct AssignmentOrderTests {
    @Test func anAssignmentKeepsItsOrderAndEveryListShowsIt() throws {
        let app = try TestApp()
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let school = try app.count("SELECT schoolId FROM user WHERE login = 'director-ku'")
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let coordinator = try app.signedIn("mun-ku")
        let page = try coordinator.get("/curators/\(curator)")
        #expect(page.text.contains("name=\"orderNumber\""))
        let assigned = try coordinator.post("/curators/\(curator)/assignments", form: [
            ("_csrf", page.csrf ?? ""), ("schoolId", "\(school)"), ("year", "2025"), ("orderNumber", "410-Д"), ("orderDate", "01.10.2025")])
        #expect(assigned.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM curatorAssignment WHERE curatorId = \(curator) AND schoolId = \(school) AND schoolYear = 2025 AND orderNumber = '410-Д' AND orderDate = '2025-10-01'") == 1)
        #expect(try coordinator.get("/curators/\(curator)").text.contains("приказ № 410-Д от 01.10.2025"))
        #expect(try coordinator.get("/municipalities/\(municipality)/assignments?year=2025").text.contains("приказ № 410-Д от 01.10.2025"))
        #expect(try coordinator.get("/schools/\(school)").text.contains("приказ № 410-Д от 01.10.2025"))
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'curatorAssignment' AND action = 'create' AND after LIKE '%410-Д%'") == 1)
    }

    @Test func aBadOrderDateIsAFieldErrorAndNothingIsSaved() throws {
        let app = try TestApp()
        let curator = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let school = try app.count("SELECT schoolId FROM user WHERE login = 'director-ku'")
        let municipality = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let before = try app.count("SELECT COUNT(*) FROM curatorAssignment")
        let coordinator = try app.signedIn("mun-ku")
        let table = try coordinator.get("/municipalities/\(municipality)/assignments?year=2025")
        let refused = try coordinator.post("/municipalities/\(municipality)/assignments", form: [
            ("_csrf", table.csrf ?? ""), ("year", "2025"), ("curatorId", "\(curator)"), ("schoolId", "\(school)"),
            ("orderNumber", "48"), ("orderDate", "31.02.2025")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("Дата приказа — в виде дд.мм.гггг"))
        #expect(refused.text.contains("value=\"48\""))
        let noDate = try coordinator.post("/municipalities/\(municipality)/assignments", form: [
            ("_csrf", table.csrf ?? ""), ("year", "2025"), ("curatorId", "\(curator)"), ("schoolId", "\(school)"), ("orderNumber", "48")])
        #expect(noDate.status == 422)
        #expect(noDate.text.contains("Укажите дату приказа"))
        #expect(try app.count("SELECT COUNT(*) FROM curatorAssignment") == before)
    }
}
