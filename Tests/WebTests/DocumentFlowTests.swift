@testable import Core
import Foundation
import GRDB
import Testing
@testable import Web

@Suite struct DocumentFlowTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".utf8)

    static func upload(_ client: TestClient, _ path: String, csrf: String, fields: [(String, String)], fileName: String, content: [UInt8],
                       fileField: String = "file") throws -> TestClient.Response {
        let boundary = "----opora-document-boundary"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n".utf8)
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try client.send("POST", path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }

    static func year(_ app: TestApp) throws -> Int {
        try app.database.read {
            try Int.fetchOne($0, sql: "SELECT MAX(schoolYear) FROM curatorAssignment a JOIN user u ON u.id = a.curatorId WHERE u.login = 'curator-ku'")!
        }
    }

    static func stored(_ app: TestApp) throws -> Int {
        try app.count("SELECT (SELECT count(*) FROM storedFile) + (SELECT count(*) FROM storedFileContent) + (SELECT count(*) FROM documentVersion)")
    }

    @Test func uploadReviewAndDownloadWithACyrillicName() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let year = try Self.year(app)
        let director = try app.signedIn("director-ku")
        let page = try director.get("/schools/\(school)/documents?year=\(year)")
        #expect(page.status == 200)
        #expect(page.text.contains("Концепция развития") && page.text.contains("Программа повышения качества образования"))
        #expect(page.text.contains("tag--document-missing"))
        let csrf = try #require(page.csrf)

        // Anti-risk programme without a factor: the form comes back with the message; nothing stored.
        let noFactor = try Self.upload(director, "/schools/\(school)/documents", csrf: csrf, fields: [("year", "\(year)"), ("kind", "3"), ("riskFactor", "")],
                                       fileName: "АРП.pdf", content: Self.pdf)
        #expect(noFactor.status == 422)
        #expect(noFactor.text.contains("Выберите фактор риска"))
        #expect(try Self.stored(app) == 0)

        let name = "Антирисковая программа «Кадры» 2023.pdf"
        let uploaded = try Self.upload(director, "/schools/\(school)/documents", csrf: csrf, fields: [("year", "\(year)"), ("kind", "3"), ("riskFactor", "2")],
                                       fileName: name, content: Self.pdf)
        #expect(uploaded.status == 303)
        let documentPath = try #require(uploaded.header("Location")?.split(separator: "?").first.map(String.init))
        let documentPage = try director.get(documentPath)
        #expect(documentPage.text.contains("на проверке"))
        #expect(documentPage.text.contains(name.replacingOccurrences(of: "«", with: "&laquo;")) || documentPage.text.contains("Кадры"))
        let versionId = try app.database.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM documentVersion")! }

        let download = try director.get("/documents/versions/\(versionId)/download")
        #expect(download.status == 200)
        #expect(download.body == Self.pdf)
        #expect(download.header("Content-Type") == "application/pdf")
        #expect(download.header("X-Content-Type-Options") == "nosniff")
        let disposition = try #require(download.header("Content-Disposition"))
        #expect(disposition.hasPrefix("attachment; filename=\""))
        let encoded = try #require(disposition.firstMatch(of: /filename\*=UTF-8''([^;]+)/)?.1)
        #expect(String(encoded).removingPercentEncoding == name)

        // The curator assigned to the school returns it against the criteria; the director sees the result.
        let curator = try app.signedIn("curator-ku")
        let reviewPath = documentPath + "/review"
        let form = try curator.get(reviewPath)
        #expect(form.status == 200)
        #expect(form.text.contains("Цель соответствует фактору риска"))
        let criteria = try app.database.read { try Int64.fetchAll($0, sql: "SELECT id FROM documentCriterion WHERE kindId = 3 ORDER BY sortOrder") }
        let curatorCsrf = try #require(form.csrf)
        let incomplete = try curator.post(reviewPath, form: [("_csrf", curatorCsrf), ("decision", "returned")])
        #expect(incomplete.status == 422)
        #expect(incomplete.text.contains("Отметьте, выполнен ли критерий"))
        var fields = [("_csrf", curatorCsrf), ("decision", "returned"), ("comment", "Уточните показатели")]
        for (i, id) in criteria.enumerated() {
            fields += [("criterion-\(id)", i == criteria.count - 1 ? "notMet" : "met"), ("criterion-\(id)-comment", i == criteria.count - 1 ? "Нет целевых значений" : "")]
        }
        #expect(try curator.post(reviewPath, form: fields).status == 303)
        let returned = try director.get(documentPath)
        #expect(returned.text.contains("на доработке"))
        #expect(returned.text.contains("Нет целевых значений") && returned.text.contains("Уточните показатели"))

        // Version 2, then accepted; both versions listed, the review history kept.
        let v2 = try Self.upload(director, documentPath + "/versions", csrf: csrf, fields: [], fileName: "АРП v2.pdf", content: Self.pdf + [0x0A])
        #expect(v2.status == 303)
        fields = [("_csrf", curatorCsrf), ("decision", "accepted"), ("comment", "")] + criteria.map { ("criterion-\($0)", "met") }
        #expect(try curator.post(reviewPath, form: fields).status == 303)
        let accepted = try director.get(documentPath)
        #expect(accepted.text.contains("id=\"document-state\" class=\"tag tag--document-accepted\""))
        #expect(accepted.text.contains("Версия 2") && accepted.text.contains("Версия 1"))
        #expect(accepted.text.contains("АРП v2.pdf"))

        // The coordinator's matrix links every cell to the school's documents.
        let matrix = try app.signedIn("mun-ku").get("/municipalities/\(try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM school WHERE id = ?", arguments: [school])! })/documents?year=\(year)")
        #expect(matrix.status == 200)
        #expect(matrix.text.contains("tag--document-accepted"))
        #expect(matrix.text.contains("/schools/\(school)/documents?year=\(year)"))
    }

    @Test func refusedFilesAndOthersStoreNothing() throws {
        let app = try TestApp(workingCycle: false)
        let school = try app.schoolId(ofDirector: "director-ku")
        let director = try app.signedIn("director-ku")
        let csrf = try #require(try director.get("/schools/\(school)/documents").csrf)
        let path = "/schools/\(school)/documents"
        let fields = [("year", "2023"), ("kind", "1")]
        for (name, content) in [("программа.pdf", Array("MZ\u{90}\u{0}This program cannot be run in DOS mode".utf8)),
                                ("страница.pdf", Array("<!DOCTYPE html><html><script>alert(1)</script></html>".utf8)),
                                ("рисунок.svg", Array("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8))] {
            let response = try Self.upload(director, path, csrf: csrf, fields: fields, fileName: name, content: content)
            #expect(response.status == 422, "\(name)")
            #expect(response.text.contains("загружать нельзя") || response.text.contains("не принимается"), "\(name)")
        }
        // 25 MiB + 1 byte: 413, nothing stored.
        let big = Self.pdf + [UInt8](repeating: 0x20, count: Documents.maximumFileSize + 1 - Self.pdf.count)
        let tooLarge = try Self.upload(director, path, csrf: csrf, fields: fields, fileName: "скан.pdf", content: big)
        #expect(tooLarge.status == 413)
        #expect(tooLarge.text.contains("Файл больше 25 МБ"))
        #expect(try Self.stored(app) == 0)

        // Exactly 25 MiB is accepted.
        let limit = Self.pdf + [UInt8](repeating: 0x20, count: Documents.maximumFileSize - Self.pdf.count)
        #expect(try Self.upload(director, path, csrf: csrf, fields: fields, fileName: "скан.pdf", content: limit).status == 303)
        let version = try app.database.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM documentVersion")! }

        // Another school's director and a curator not assigned: 403 for upload and download; anonymous: login.
        for login in ["director-ku-02", "curator-ku-3"] {
            let other = try app.signedIn(login)
            let token = try #require(try other.get("/").csrf ?? other.get("/account/password").csrf)
            #expect(try Self.upload(other, path, csrf: token, fields: fields, fileName: "x.pdf", content: Self.pdf).status == 403, "\(login)")
            #expect(try other.get("/documents/versions/\(version)/download").status == 403, "\(login)")
        }
        let anonymous = TestClient(port: app.port)
        let anonymousDownload = try anonymous.get("/documents/versions/\(version)/download")
        #expect(anonymousDownload.status == 302 && (anonymousDownload.header("Location") ?? "").hasPrefix("/login"))
        #expect(try app.count("SELECT count(*) FROM documentVersion") == 1)
    }
}
