import Core
import Foundation
import GRDB
import Testing

/// Issue 13, item 5: the region owns the region-wide document kinds and their criteria; a municipal coordinator adds
/// kinds of their own municipality only, which only its schools see and use.
@Suite struct DocumentKindOwnershipTests {
    @Test func municipalCoordinatorsCannotChangeTheRegionsChecklist() throws {
        let app = try TestApp(workingCycle: false)
        let regionalCriterion = try app.count("SELECT MIN(id) FROM documentCriterion WHERE kindId = 1 AND archivedAt IS NULL")
        for login in ["mun-ku", "mun-kirovsky"] {
            let coordinator = try app.signedIn(login)
            let page = try coordinator.get("/document-kinds")
            #expect(page.status == 200)
            #expect(!page.text.contains("action=\"/document-kinds/1/criteria\""), "\(login) sees no form on a region-wide kind")
            #expect(!page.text.contains("/document-criteria/\(regionalCriterion)/archive"), "\(login) sees no «убрать» on it")
            let before = try DatabaseFingerprint.of(app.database)
            let csrf = page.csrf ?? ""
            #expect(try coordinator.post("/document-kinds/1/criteria", form: [("_csrf", csrf), ("title-1", "Согласовано")]).status == 403)
            #expect(try coordinator.get("/document-criteria/\(regionalCriterion)/archive").status == 403)
            #expect(try coordinator.post("/document-criteria/\(regionalCriterion)/archive", form: [("_csrf", csrf)]).status == 403)
            #expect(try DatabaseFingerprint.of(app.database) == before, "\(login) changed the region's checklist")
        }
        // The regional coordinator owns it.
        let region = try app.signedIn("region")
        let page = try region.get("/document-kinds")
        #expect(page.text.contains("action=\"/document-kinds/1/criteria\""))
        #expect(try region.post("/document-kinds/1/criteria", form: [("_csrf", page.csrf ?? ""), ("title-1", "Согласовано с учредителем")]).status == 303)
        #expect(try region.post("/document-kinds", form: [("_csrf", page.csrf ?? ""), ("title", "Программа воспитания")]).status == 303)
        #expect(try app.count("SELECT count(*) FROM documentKind WHERE title = 'Программа воспитания' AND municipalityId IS NULL") == 1)
        #expect(try region.post("/document-criteria/\(regionalCriterion)/archive", form: [("_csrf", page.csrf ?? "")]).status == 303)
    }

    @Test func aMunicipalitysOwnKindIsSeenAndUsedOnlyThere() throws {
        let app = try TestApp(workingCycle: false)
        let municipalityA = try app.count("SELECT municipalityId FROM user WHERE login = 'mun-ku'")
        let schoolX = try app.schoolId(ofDirector: "director-ku")
        let schoolOfB = try app.count("SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')")
        let coordinator = try app.signedIn("mun-ku")
        var page = try coordinator.get("/document-kinds")
        #expect(page.text.contains("региональный"))
        let added = try coordinator.post("/document-kinds", form: [("_csrf", page.csrf ?? ""), ("title", "Программа наставничества")])
        #expect(added.status == 303)
        let kind = try app.count("SELECT id FROM documentKind WHERE title = 'Программа наставничества'")
        #expect(try app.count("SELECT municipalityId FROM documentKind WHERE id = \(kind)") == municipalityA)
        page = try coordinator.get("/document-kinds")
        #expect(page.text.contains("Программа наставничества <span class=\"tag tag--grey document-kind__owner\">муниципальный: "))
        #expect(page.text.contains("action=\"/document-kinds/\(kind)/criteria\""))
        #expect(try coordinator.post("/document-kinds/\(kind)/criteria", form: [("_csrf", page.csrf ?? ""), ("title-\(kind)", "Наставники назначены приказом")]).status == 303)

        // Municipality B neither sees nor changes it.
        let other = try app.signedIn("mun-kirovsky")
        let otherPage = try other.get("/document-kinds")
        #expect(!otherPage.text.contains("Программа наставничества"))
        #expect(try other.post("/document-kinds/\(kind)/criteria", form: [("_csrf", otherPage.csrf ?? ""), ("title-\(kind)", "Чужой")]).status == 403)
        let year = try app.count("SELECT MAX(schoolYear) FROM curatorAssignment")
        #expect(!(try other.get("/municipalities/\(try app.count("SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'"))/documents").text
            .contains("Программа наставничества")))
        // A's schools upload it; B's are not offered it and cannot post it.
        let director = try app.signedIn("director-ku")
        let own = try director.get("/schools/\(schoolX)/documents?year=\(year)")
        #expect(own.text.contains("<option value=\"\(kind)\">Программа наставничества</option>") || own.text.contains("value=\"\(kind)\""))
        let admin = try app.signedIn("admin")
        let bPage = try admin.get("/schools/\(schoolOfB)/documents?year=\(year)")
        #expect(bPage.status == 200 && !bPage.text.contains("Программа наставничества"))
        let before = try app.count("SELECT count(*) FROM document")
        let refused = try DocumentFlowTests.upload(admin, "/schools/\(schoolOfB)/documents", csrf: bPage.csrf ?? "",
                                                   fields: [("year", "\(year)"), ("kind", "\(kind)")], fileName: "Программа.pdf",
                                                   content: DocumentFlowTests.pdf)
        #expect(refused.status == 422 && refused.text.contains("Выберите вид документа"))
        #expect(try app.count("SELECT count(*) FROM document") == before)
        let uploaded = try DocumentFlowTests.upload(director, "/schools/\(schoolX)/documents", csrf: own.csrf ?? "",
                                                    fields: [("year", "\(year)"), ("kind", "\(kind)")], fileName: "Программа.pdf",
                                                    content: DocumentFlowTests.pdf)
        #expect(uploaded.status == 303)
        // The region sees every municipality's kinds, each with its owner.
        #expect(try app.signedIn("region").get("/document-kinds").text.contains("Программа наставничества"))
    }
}
