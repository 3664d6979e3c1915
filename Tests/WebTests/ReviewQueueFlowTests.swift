@testable import Core
import CoreTestSupport
import Foundation
import GRDB
import Testing

/// «Ждёт моей проверки» holds what awaits this reviewer now: a document version uploaded for review notifies the
/// assigned curators and waits in their queue until reviewed; past years are shown only when asked for.
@Suite struct ReviewQueueFlowTests {
    @Test func anUploadedDocumentReachesTheCuratorAndLeavesTheQueueWhenReviewed() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let running = SchoolYear.containing(app.database.now).start
        try app.database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [school, running, Date()])
        }
        let director = try app.signedIn("director-ku")
        let page = try director.get("/schools/\(school)/documents?year=\(running)")
        let uploaded = try DocumentFlowTests.upload(director, "/schools/\(school)/documents", csrf: page.csrf ?? "",
                                                    fields: [("year", "\(running)"), ("kind", "1"), ("riskFactor", "")],
                                                    fileName: "Концепция.pdf", content: DocumentFlowTests.pdf)
        #expect(uploaded.status == 303)
        let document = try app.count("SELECT MAX(id) FROM document")

        // The assigned curator is told; a curator of other schools is not.
        let curatorId = try app.count("SELECT id FROM user WHERE login = 'curator-ku'")
        #expect(try app.count("SELECT COUNT(*) FROM notification WHERE kind = 'documentUploaded' AND userId = \(curatorId) AND entityId = \(document)") == 1)
        #expect(try app.count("SELECT COUNT(*) FROM notification WHERE kind = 'documentUploaded' AND userId <> \(curatorId)") == 0)
        let curator = try app.signedIn("curator-ku")
        #expect(try curator.get("/notifications").text.contains("документ «Концепция развития» ждёт проверки"))

        // It waits in the queue, linked to the document, until the curator decides.
        var queue = try curator.get("/review").text
        #expect(queue.contains("Документ на проверке: Концепция развития"))
        #expect(queue.contains("href=\"/documents/\(document)\""))
        #expect(!(try app.signedIn("curator-ku-3").get("/review").text.contains("href=\"/documents/\(document)\"")))
        let form = try curator.get("/documents/\(document)/review")
        let criteria = try app.database.read { try Int64.fetchAll($0, sql: "SELECT id FROM documentCriterion WHERE kindId = 1 AND archivedAt IS NULL") }
        let decided = try curator.post("/documents/\(document)/review",
                                       form: [("_csrf", form.csrf ?? ""), ("decision", "accepted"), ("comment", "")] + criteria.map { ("criterion-\($0)", "met") })
        #expect(decided.status == 303)
        queue = try curator.get("/review").text
        #expect(!queue.contains("href=\"/documents/\(document)\""))
    }

    @Test func pastYearsAreShownOnlyWhenAskedFor() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let past = 2015
        try app.database.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [school, past, Date()])
        }
        try ReportFixtures.roadmap(app.database, schoolId: school, year: past, status: "submitted", measures: [.init("Семинар", dueTo: nil)])
        let link = "href=\"/schools/\(school)/roadmap/\(past)\""
        let curator = try app.signedIn("curator-ku")
        let current = try curator.get("/review").text
        #expect(!current.contains(link), "the running year only by default")
        #expect(current.contains("id=\"review-other-years\"") && current.contains("href=\"/review?year=all\""))
        #expect(try curator.get("/review?year=all").text.contains(link))
        #expect(try curator.get("/review?year=\(past)").text.contains(link))
        #expect(!(try curator.get("/review?year=\(past + 1)").text.contains(link)))
    }
}
