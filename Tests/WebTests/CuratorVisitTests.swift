import Foundation
import Testing

/// Curators' visits to schools: recorded by the curator of the year (their own) or the coordinator (any), read by
/// whoever reads the school, listed on the school card; bad input is a field error and changes nothing.
@Suite(.serialized) struct CuratorVisitTests {
    func visits(_ app: TestApp) throws -> Int { try app.count("SELECT COUNT(*) FROM curatorVisit") }

    @Test func theAssignedCuratorRecordsAVisitWithAFileAndTheCardListsIt() throws {
        let app = try TestApp()
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try DocumentFlowTests.year(app)
        let curator = try app.signedIn("curator-ku")
        let card = try curator.get("/schools/\(school)")
        #expect(card.text.contains("Выезды кураторов в школу"))
        #expect(card.text.contains("/schools/\(school)/visits/new"))
        let form = try curator.get("/schools/\(school)/visits/new")
        #expect(form.status == 200)
        #expect(!form.text.contains("name=\"curatorId\""), "a curator records only their own visits")
        let saved = try DocumentFlowTests.upload(curator, "/schools/\(school)/visits", csrf: form.csrf ?? "", fields: [
            ("visitedOn", "14.11.\(year)"), ("purpose", "Изучение внутришкольной системы оценки <ВСОКО>"),
            ("participants", "Петрова А.А., МИМС"), ("notes", "Положение о ВСОКО есть; график контрольных не утверждён.")],
            fileName: "Справка о выезде.pdf", content: DocumentFlowTests.pdf)
        #expect(saved.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM curatorVisit v JOIN user u ON u.id = v.curatorId WHERE u.login = 'curator-ku' AND v.schoolYear = \(year) AND v.visitedOn = '\(year)-11-14' AND v.fileId IS NOT NULL") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'curatorVisit' AND action = 'create' AND after LIKE '%Петрова А.А.%'") == 1)
        let after = try curator.get("/schools/\(school)")
        #expect(after.text.contains("14.11.\(year)"))
        #expect(after.text.contains("Изучение внутришкольной системы оценки &lt;ВСОКО&gt;"))
        #expect(after.text.contains("Петрова А.А., МИМС"))
        // The director reads the visit and its file, but records none.
        let director = try app.signedIn("director-ku")
        let directorCard = try director.get("/schools/\(school)").text
        #expect(directorCard.contains("Изучение внутришкольной"))
        #expect(!directorCard.contains("/visits/new"))
        let id = try app.count("SELECT MAX(id) FROM curatorVisit")
        let file = try director.get("/visits/\(id)/download")
        #expect(file.status == 200)
        #expect(file.body == DocumentFlowTests.pdf)
        #expect(try director.get("/schools/\(school)/visits/new").status == 403)
    }

    @Test func aBadVisitIsAFieldErrorAndNothingIsSaved() throws {
        let app = try TestApp()
        let school = try app.schoolId(ofDirector: "director-ku")
        let coordinator = try app.signedIn("mun-ku")
        let form = try coordinator.get("/schools/\(school)/visits/new")
        #expect(form.text.contains("name=\"curatorId\""))
        let before = try visits(app)
        let refused = try coordinator.post("/schools/\(school)/visits", form: [
            ("_csrf", form.csrf ?? ""), ("visitedOn", "31.02.2023"), ("purpose", "   "), ("participants", "Комитет образования")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("Введите дату в виде дд.мм.гггг"))
        #expect(refused.text.contains("Введите цель выезда"))
        #expect(refused.text.contains("Комитет образования"), "what was typed stays in the form")
        // A curator not assigned to the school in the visit's year cannot be named.
        let stranger = try app.count("SELECT id FROM user WHERE login = 'curator-ku-3'")
        let wrongCurator = try coordinator.post("/schools/\(school)/visits", form: [
            ("_csrf", form.csrf ?? ""), ("visitedOn", "15.10.2023"), ("purpose", "Выезд"), ("curatorId", "\(stranger)")])
        #expect(wrongCurator.status == 422)
        #expect(wrongCurator.text.contains("не закреплён за школой"))
        #expect(try visits(app) == before)
    }

    @Test func aCuratorEditsOnlyTheirOwnVisitsAndTheCoordinatorAny() throws {
        let app = try TestApp()
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try DocumentFlowTests.year(app)
        let coordinator = try app.signedIn("mun-ku")
        let form = try coordinator.get("/schools/\(school)/visits/new")
        let saved = try coordinator.post("/schools/\(school)/visits", form: [
            ("_csrf", form.csrf ?? ""), ("visitedOn", "20.10.\(year)"), ("purpose", "Выезд специалистов комитета"), ("curatorId", "")])
        #expect(saved.status == 303)
        let id = try app.count("SELECT MAX(id) FROM curatorVisit")
        // The assigned curator did not make this visit: they may not change it.
        let curator = try app.signedIn("curator-ku")
        #expect(try curator.get("/visits/\(id)/edit").status == 403)
        let token = try curator.get("/").csrf ?? ""
        #expect(try curator.post("/visits/\(id)/edit", form: [("_csrf", token), ("visitedOn", "20.10.\(year)"), ("purpose", "Чужой")]).status == 403)
        #expect(try app.count("SELECT COUNT(*) FROM curatorVisit WHERE id = \(id) AND purpose = 'Выезд специалистов комитета'") == 1)
        // The coordinator changes it; the audit keeps before and after.
        let edit = try coordinator.get("/visits/\(id)/edit")
        #expect(edit.status == 200)
        let changed = try coordinator.post("/visits/\(id)/edit", form: [
            ("_csrf", edit.csrf ?? ""), ("visitedOn", "21.10.\(year)"), ("purpose", "Выезд по графику"), ("curatorId", "")])
        #expect(changed.status == 303)
        #expect(try app.count("SELECT COUNT(*) FROM curatorVisit WHERE id = \(id) AND visitedOn = '\(year)-10-21' AND purpose = 'Выезд по графику'") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM auditEntry WHERE entity = 'curatorVisit' AND action = 'update' AND before LIKE '%Выезд специалистов комитета%'") == 1)
        // A curator assigned to the school in another year only gets a field error for a date outside their years.
        let curatorForm = try curator.get("/schools/\(school)/visits/new")
        let outside = try curator.post("/schools/\(school)/visits", form: [
            ("_csrf", curatorForm.csrf ?? ""), ("visitedOn", "15.10.2009"), ("purpose", "Выезд")])
        #expect(outside.status == 422)
        #expect(outside.text.contains("Вы не закреплены за школой в 2009/2010 учебном году"))
    }
}
