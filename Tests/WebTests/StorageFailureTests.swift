@testable import Core
import Foundation
import GRDB
import Testing
@testable import Web

/// Disk full and read-only database: writes fail with a Russian 503 page that says the change was not saved and
/// leads back to the form, reads keep working, nothing is half-written, and the server recovers when the condition clears.
/// The conditions are set on the pool's one writer connection: `PRAGMA max_page_count` (the database may not grow:
/// SQLITE_FULL, as on a full disk) and `PRAGMA query_only` (SQLITE_READONLY, as for a read-only file).
@Suite struct StorageFailureTests {
    static let notSaved = "Сервис временно не может сохранять изменения"

    /// Caps the database at its current size: any write that needs a new page fails with SQLITE_FULL.
    static func fillDisk(_ app: TestApp) throws {
        try app.database.writer.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    static func freeDisk(_ app: TestApp) throws {
        try app.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
    }

    static func setReadOnly(_ app: TestApp, _ on: Bool) throws {
        try app.database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = \(on ? 1 : 0)") }
    }

    static func upload(_ client: TestClient, _ path: String, csrf: String, fields: [(String, String)], fileName: String,
                       content: [UInt8], referer: String) throws -> TestClient.Response {
        let boundary = "----opora-storage-boundary"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n".utf8)
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try client.send("POST", path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"),
                                                      ("Referer", "http://127.0.0.1:\(client.port)\(referer)")], body: body)
    }

    static func stored(_ app: TestApp) throws -> [Int] {
        try app.database.read { db in
            try ["storedFile", "storedFileContent", "documentVersion", "document", "auditEntry"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)")!
            }
        }
    }

    static func integrityOK(_ app: TestApp) throws -> Bool {
        try app.database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"]
    }

    @Test func diskFullRefusesAnUploadWith503KeepsReadingAndRecovers() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let director = try app.signedIn("director-ku")
        let formPath = "/schools/\(school)/documents"
        let page = try director.get(formPath)
        let csrf = try #require(page.csrf)
        let before = try Self.stored(app)
        // 512 KiB: needs new pages whatever the free list holds.
        let pdf = Array("%PDF-1.7\n".utf8) + (0..<(512 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let fields = [("year", "2023"), ("kind", "1")]

        try Self.fillDisk(app)
        let refused = try Self.upload(director, formPath, csrf: csrf, fields: fields, fileName: "Концепция.pdf", content: pdf, referer: formPath)
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "60")
        #expect(refused.text.contains("Изменения не сохранены"))
        #expect(refused.text.contains(Self.notSaved))
        #expect(refused.text.contains("href=\"\(formPath)\""), "the 503 page leads back to the form")
        #expect(refused.text.contains("Белова Ирина Сергеевна"), "the user is still signed in")
        #expect(try Self.stored(app) == before, "nothing of the upload is stored")
        #expect(try Self.integrityOK(app))

        // Reading works while the disk is full.
        #expect(try director.get(formPath).status == 200)
        #expect(try director.get("/").status == 200)

        // The condition clears: the same upload goes through, wholly.
        try Self.freeDisk(app)
        let saved = try Self.upload(director, formPath, csrf: csrf, fields: fields, fileName: "Концепция.pdf", content: pdf, referer: formPath)
        #expect(saved.status == 303)
        let after = try Self.stored(app)
        #expect(after[0] == before[0] + 1 && after[1] == before[1] + 1 && after[2] == before[2] + 1)
        #expect(try Self.integrityOK(app))
    }

    /// A results import fails in the middle of its rows (each row adds a change record): nothing of it stays.
    @Test func diskFullInTheMiddleOfAnImportLeavesNoRowOfIt() throws {
        let app = try TestApp(workingCycle: false)
        let admin = try app.signedIn("admin")
        // The demo's results with «Участников», «5» and «Подтвердили» raised by one: every row an update.
        var table = try ResultsExport(database: app.database).table(.console, municipalityId: nil, year: nil)
        let header = table[0]
        let raised = ["Участников", "«5»", "Подтвердили"].compactMap { header.firstIndex(of: $0) }
        #expect(raised.count == 3)
        for i in 1..<table.count {
            for c in raised where !table[i][c].isEmpty { table[i][c] = String(Int(table[i][c])! + 1) }
        }
        let csv = ResultsFileExport.csv(table)
        let page = try admin.get("/results/import")
        let boundary = "----opora-storage-import"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(try #require(page.csrf))\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"results.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        body += csv + Array("\r\n--\(boundary)--\r\n".utf8)
        let preview = try admin.send("POST", "/results/import", headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
        #expect(preview.status == 200)
        let token = try #require(preview.text.range(of: "name=\"token\" value=\"").map { r in
            String(preview.text[r.upperBound...].prefix { $0 != "\"" })
        })
        func state() throws -> [Int] {
            try app.database.read { db in
                [try Int.fetchOne(db, sql: "SELECT count(*) FROM resultImport")!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM resultImportChange")!,
                 try Int.fetchOne(db, sql: "SELECT sum(participants) FROM result")!,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM auditEntry")!]
            }
        }
        let before = try state()

        try Self.fillDisk(app)
        let refused = try admin.post("/results/import/commit", form: [("_csrf", preview.csrf ?? ""), ("token", token)],
                                     headers: [("Referer", "http://127.0.0.1:\(admin.port)/results/import")])
        #expect(refused.status == 503)
        #expect(refused.text.contains(Self.notSaved))
        #expect(try state() == before, "no import record, change row, changed result or audit entry")
        #expect(try admin.get("/results/imports").status == 200)

        try Self.freeDisk(app)
        let committed = try admin.post("/results/import/commit", form: [("_csrf", preview.csrf ?? ""), ("token", token)])
        #expect(committed.status == 303)
        let after = try state()
        #expect(after[0] == before[0] + 1 && after[1] == before[1] + table.count - 1 && after[2] > before[2])
        #expect(try Self.integrityOK(app))
    }

    @Test func readOnlyDatabaseRefusesChangesWith503KeepsSessionsAndRecovers() throws {
        let app = try TestApp()
        let director = try app.signedIn("director-ku")
        let reviewer = try app.signedIn("mun-ku")
        // The open period's draft of school X; its past-due measures get a reason so that it can be submitted.
        let reportId = try app.database.write { db -> Int64 in
            let id = try Int64.fetchOne(db, sql: """
                SELECT r.id FROM report r JOIN roadmap m ON m.id = r.roadmapId JOIN reportPeriod p ON p.id = r.periodId
                JOIN user u ON u.schoolId = m.schoolId AND u.login = 'director-ku'
                WHERE p.isOpen = 1 AND r.status IN ('draft', 'returned') ORDER BY r.id LIMIT 1
                """)!
            try db.execute(sql: "UPDATE reportItem SET reason = 'Перенесено' WHERE reportId = ? AND reason = ''", arguments: [id])
            return id
        }
        func state() throws -> [String] {
            try app.database.read { db in
                [try String.fetchOne(db, sql: "SELECT status FROM report WHERE id = ?", arguments: [reportId])!,
                 String(try Int.fetchOne(db, sql: "SELECT count(*) FROM reportEvent WHERE reportId = ?", arguments: [reportId])!),
                 String(try Int.fetchOne(db, sql: "SELECT count(*) FROM auditEntry")!)]
            }
        }
        let reportPath = "/reports/\(reportId)"
        let csrf = try #require(try director.get(reportPath).csrf)
        let before = try state()

        try Self.setReadOnly(app, true)
        // Past the minute after which a request touches its session: the touch fails, the user stays signed in.
        app.database.clock.advance(by: 120)
        let page = try director.get(reportPath)
        #expect(page.status == 200, "reading works and the session holds on a read-only database")
        #expect(try reviewer.get("/schools").status == 200)

        let refused = try director.post(reportPath + "/submit", form: [("_csrf", csrf)],
                                        headers: [("Referer", "http://127.0.0.1:\(director.port)\(reportPath)")])
        #expect(refused.status == 503)
        #expect(refused.text.contains(Self.notSaved))
        #expect(refused.text.contains("href=\"\(reportPath)\""))
        #expect(try state() == before, "the report, its events and the audit log are unchanged")

        // A form without a usable Referer still gets the page, with no link elsewhere.
        let foreign = try director.post(reportPath + "/submit", form: [("_csrf", csrf)], headers: [("Referer", "http://evil.example/x")])
        #expect(foreign.status == 503)
        #expect(!foreign.text.contains("evil.example"))

        // A new login needs a session row: refused the same way.
        let login = try app.client().logIn("curator-ku")
        #expect(login.status == 503)
        #expect(login.text.contains(Self.notSaved))

        try Self.setReadOnly(app, false)
        let submitted = try director.post(reportPath + "/submit", form: [("_csrf", csrf)])
        #expect(submitted.status == 303)
        #expect(try state()[0] == "submitted")
        #expect(try Self.integrityOK(app))
    }

    @Test func storageFailuresAreTheFourConditions() {
        #expect(StorageFailure.classify(DatabaseError(resultCode: .SQLITE_FULL)) == .full)
        #expect(StorageFailure.classify(DatabaseError(resultCode: .SQLITE_READONLY_DBMOVED)) == .readOnly)
        #expect(StorageFailure.classify(DatabaseError(resultCode: .SQLITE_IOERR_WRITE)) == .ioError)
        #expect(StorageFailure.classify(DatabaseError(resultCode: .SQLITE_BUSY)) == .busy)
        #expect(StorageFailure.classify(DatabaseError(resultCode: .SQLITE_CONSTRAINT)) == nil)
        #expect(StorageFailure.classify(DomainError.conflict("x")) == nil)
    }
}
