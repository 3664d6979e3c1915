@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing

/// The audit log viewer over HTTP: entries with their before/after, filters, exports, access.
@Suite struct AuditPageTests {
    /// Renames school X through the school form as the coordinator of A (an audited change with before and after).
    func renameSchoolX(_ app: TestApp) throws -> Int64 {
        let schoolX = try app.schoolId(ofDirector: "director-ku")
        try app.database.write { db in
            try AuditLog.record(db, Scope(try User.filter(sql: "login = 'mun-ku'").fetchOne(db)!), action: "update", entity: "school",
                                id: schoolX, before: ["shortName": "МАОУ «СОШ № 1»", "phone": "1"],
                                after: ["shortName": "МАОУ «Школа № 1»", "phone": "1"], at: Date())
        }
        return schoolX
    }

    @Test func coordinatorSeesTheDiffAndFilters() throws {
        let app = try TestApp(workingCycle: false)
        let schoolX = try renameSchoolX(app)
        let client = try app.signedIn("mun-ku")
        let page = try client.get("/audit")
        #expect(page.status == 200)
        #expect(page.text.contains("Журнал изменений"))
        #expect(page.text.contains("<del>МАОУ «СОШ № 1»</del> → <ins>МАОУ «Школа № 1»</ins>"))
        #expect(page.text.contains("Без изменений: 1 поле"))
        #expect(page.text.contains("Краткое наименование (shortName)"))
        // Filtered by the school, by an entity it does not have, by a day range that excludes today.
        #expect(try client.get("/audit?school=\(schoolX)").text.contains("МАОУ «Школа № 1»"))
        let other = try client.get("/audit?entity=reportPeriod")
        #expect(other.status == 200 && other.text.contains("В журнале нет записей"))
        #expect(try client.get("/audit?from=01.01.2001&to=31.12.2001").text.contains("В журнале нет записей"))
        let bad = try client.get("/audit?from=32.13.2020")
        #expect(bad.text.contains("Введите дату начала периода в виде дд.мм.гггг"))
        // The other municipality's coordinator does not see it.
        #expect(!(try app.signedIn("mun-kirovsky").get("/audit").text.contains("МАОУ «Школа № 1»")))
        // The section is in the coordinator's navigation, not the director's.
        #expect(page.text.contains("href=\"/audit\""))
        #expect(!(try app.signedIn("director-ku").get("/").text.contains("href=\"/audit\"")))
    }

    @Test func exportsShowWhatTheFilterShows() throws {
        let app = try TestApp(workingCycle: false)
        let schoolX = try renameSchoolX(app)
        let client = try app.signedIn("admin")
        let csv = try client.get("/audit/export.csv?school=\(schoolX)&entity=school")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        let text = csv.text
        #expect(text.contains("Дата и время;Пользователь;Логин;Действие;Объект;Школа;Изменения"))
        #expect(text.contains("Краткое наименование (shortName): МАОУ «СОШ № 1» → МАОУ «Школа № 1»"))
        let lines = text.split(separator: "\r\n")
        #expect(lines.count == 2, "the header and the one entry the filter shows")
        let xlsx = try client.get("/audit/export.xlsx?school=\(schoolX)&entity=school")
        #expect(xlsx.status == 200)
        let rows = try XLSXReader(data: Data(xlsx.body)).rows().map { $0.cells.map { $0?.string ?? "" } }
        #expect(rows.count == 2)
        #expect(rows.last?.contains { $0.contains("МАОУ «Школа № 1»") } == true)
    }

    @Test func curatorsAndDirectorsHaveNoAccess() throws {
        let app = try TestApp(workingCycle: false)
        for login in ["curator-ku", "director-ku"] {
            let client = try app.signedIn(login)
            #expect(try client.get("/audit").status == 403)
            #expect(try client.get("/audit/export.csv").status == 403)
        }
    }
}
