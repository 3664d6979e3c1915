@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing
@testable import Web

@Suite struct ImportFlowTests {
    static let boundary = "----opora-test-boundary"

    /// Posts a file as a browser does: multipart/form-data with the CSRF token as a part.
    static func upload(_ client: TestClient, csrf: String, fileName: String, content: [UInt8], path: String = "/results/import") throws -> TestClient.Response {
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try client.send("POST", path, headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body)
    }

    struct SchoolX { let id: Int64; let code: String?; let shortName: String; let municipality: String }

    static func schoolX(_ app: TestApp) throws -> SchoolX {
        let id = try app.schoolId(ofDirector: "director-ku")
        return try app.database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT s.code, s.shortName, m.name FROM school s JOIN municipality m ON m.id = s.municipalityId WHERE s.id = ?",
                                       arguments: [id])!
            return SchoolX(id: id, code: row[0], shortName: row[1], municipality: row[2])
        }
    }

    static func csv(_ school: SchoolX, participants: String = "30", below: String = "9") -> [UInt8] {
        Array(CSVWriter.data(rows: [
            ["Муниципалитет", "Код школы", "Наименование ОО", "Учебный год", "Процедура", "Предмет", "Класс", "Кол-во участников", "Не преодолели минимальный порог"],
            [school.municipality, school.code, school.shortName, "2015/2016", "ОГЭ", "Информатика", "9", participants, below],
        ]))
    }

    static func value(_ app: TestApp, _ school: Int64) throws -> Int? {
        try app.database.read { try Int.fetchOne($0, sql: "SELECT belowMinimum FROM result WHERE schoolId = ? AND schoolYear = 2015", arguments: [school]) }
    }

    @Test func uploadPreviewCommitThenReimportAndRollBack() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let school = try Self.schoolX(app)
        let page = try client.get("/results/import")
        #expect(page.status == 200)
        #expect(page.text.contains("Загрузка результатов оценочных процедур"))
        #expect(page.text.contains("Файл XLSX, ODS или CSV:") && page.text.contains("accept=\".xlsx,.ods,.csv,"))
        let csrf = try #require(page.csrf)

        let preview = try Self.upload(client, csrf: csrf, fileName: "результаты.csv", content: Self.csv(school))
        #expect(preview.status == 200, "\(preview.text)")
        #expect(preview.text.contains("id=\"count-insert\">1<"))
        #expect(preview.text.contains("ОГЭ Информатика"))
        #expect(try Self.value(app, school.id) == nil, "the preview wrote")
        let token = try #require(preview.text.firstMatch(of: /name="token" value="([0-9a-f]+)"/)?.1)

        let committed = try client.post("/results/import/commit", form: [("_csrf", csrf), ("token", String(token))])
        #expect(committed.status == 303)
        #expect(try Self.value(app, school.id) == 9)
        let journal = try client.get("/results/imports")
        #expect(journal.text.contains("результаты.csv"))
        #expect(journal.text.contains("добавлено 1"))
        // The token is spent.
        #expect(try client.post("/results/import/commit", form: [("_csrf", csrf), ("token", String(token))]).status == 409)

        // The same file again: all «без изменений».
        let again = try Self.upload(client, csrf: csrf, fileName: "результаты.csv", content: Self.csv(school))
        #expect(again.text.contains("id=\"count-unchanged\">1<") && again.text.contains("id=\"count-insert\">0<"))

        // A changed figure shows old → new (not committed here).
        let changed = try Self.upload(client, csrf: csrf, fileName: "v2.csv", content: Self.csv(school, below: "12"))
        #expect(changed.text.contains("id=\"count-update\">1<"))
        #expect(changed.text.contains("ниже минимума 9") && changed.text.contains("ниже минимума 12"))

        // The import rolls back as a whole.
        let importId = try app.database.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM resultImport")! }
        #expect(try client.get("/results/imports/\(importId)/rollback").text.contains("Отменить импорт"))
        #expect(try client.post("/results/imports/\(importId)/rollback", form: [("_csrf", csrf)]).status == 303)
        #expect(try Self.value(app, school.id) == nil)
        #expect(try client.get("/results/imports").text.contains("отменён"))
    }

    @Test func badFilesGetARussianMessageAndWriteNothing() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let school = try Self.schoolX(app)
        let csrf = try #require(try client.get("/results/import").csrf)
        let before = try app.count("SELECT count(*) FROM result") + app.count("SELECT count(*) FROM resultImport")

        // A row in error: named with its line, no commit button.
        let bad = try Self.upload(client, csrf: csrf, fileName: "r.csv", content: Self.csv(school, participants: "5", below: "9"))
        #expect(bad.status == 422)
        #expect(bad.text.contains("<td>2</td>"))
        #expect(bad.text.contains("больше числа участников"))
        #expect(!bad.text.contains("commit-form"))

        // A truncated XLSX.
        let writer = XLSXWriter()
        try writer.addSheet(name: "Лист1", header: ResultImporter.templateHeader)
        let xlsx = try writer.data()
        let corrupt = try Self.upload(client, csrf: csrf, fileName: "r.xlsx", content: Array(xlsx.prefix(xlsx.count / 2)))
        #expect(corrupt.status == 422)
        #expect(corrupt.text.contains("Файл повреждён или не является книгой Excel"))

        // Not a table at all.
        let png = try Self.upload(client, csrf: csrf, fileName: "photo.png", content: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 0, 1])
        #expect(png.status == 422 && png.text.contains("Это изображение (PNG), а не таблица: загрузите таблицу с результатами в формате XLSX, ODS или CSV"))
        let binary = try Self.upload(client, csrf: csrf, fileName: "r.csv", content: [0x01, 0x00, 0x7F, 0x00, 0x33])
        #expect(binary.status == 422 && binary.text.contains("Это не таблица XLSX, ODS или CSV: откройте его в Excel или LibreOffice Calc"))
        let empty = try Self.upload(client, csrf: csrf, fileName: "r.csv", content: [])
        #expect(empty.status == 422 && empty.text.contains("Файл пустой: в нём нет ни одной строки"))

        // A malformed multipart body.
        let broken = try client.send("POST", "/results/import", headers: [("Content-Type", "multipart/form-data; boundary=zz")],
                                     body: Array("--zz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)".utf8))
        #expect(broken.status == 400 && broken.text.contains("Файл пришёл повреждённым"))
        let noBoundary = try client.send("POST", "/results/import", headers: [("Content-Type", "multipart/form-data")], body: Array("x".utf8))
        #expect(noBoundary.status == 400)

        // Without the CSRF part: refused like any form.
        let noToken = try Self.upload(client, csrf: "", fileName: "r.csv", content: Self.csv(school))
        #expect(noToken.status == 403)

        #expect(try app.count("SELECT count(*) FROM result") + app.count("SELECT count(*) FROM resultImport") == before)
    }

    @Test func curatorsAndDirectorsMayNotImport() throws {
        let app = try TestApp()
        let school = try Self.schoolX(app)
        for login in ["curator-ku", "director-ku", "region"] {
            let client = try app.signedIn(login)
            let csrf = try #require(try client.get("/").csrf)
            #expect(try client.get("/results/import").status == 403, "\(login)")
            #expect(try Self.upload(client, csrf: csrf, fileName: "r.csv", content: Self.csv(school)).status == 403, "\(login)")
        }
        #expect(try app.count("SELECT count(*) FROM pendingImport") == 0)
    }

    @Test func theTemplateIsPrefilledWithTheMunicipalitysSchoolsAndTheAnalysedProcedures() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let (schools, analysed, ege, basic) = try app.database.read { db in
            let municipality = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")!
            let schools = try Row.fetchAll(db, sql: "SELECT code, name, kind FROM school WHERE municipalityId = ? AND archivedAt IS NULL",
                                           arguments: [municipality])
            let analysed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM procedure WHERE isAnalysed = 1 AND archivedAt IS NULL")!
            let ege = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM procedure WHERE isAnalysed = 1 AND archivedAt IS NULL AND family = 'ege'")!
            return (schools, analysed, ege, schools.filter { ($0["kind"] as String) == "oosh" }.count)
        }
        let xlsx = try client.get("/results/template.xlsx")
        #expect(xlsx.status == 200)
        let width = ResultImporter.templateHeader.count
        // Trailing empty cells are not stored: the rows padded to the header's width.
        let rows = try Table(data: Data(xlsx.body)).rows.map { row in
            let cells = row.values.map { $0 ?? "" }
            return cells + Array(repeating: "", count: max(0, width - cells.count))
        }
        #expect(rows.first == ResultImporter.templateHeader, "the results file format is kept")
        let body = Array(rows.dropFirst())
        #expect(body.count == schools.count * analysed - basic * ege, "one row per school and analysed procedure (no ЕГЭ at an ООШ)")
        let names = Set(body.map { $0[2] })
        #expect(names == Set(schools.map { $0["name"] as String }), "only the municipality's own schools")
        let codes = Dictionary(schools.map { ($0["name"] as String, ($0["code"] as String?) ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(body.allSatisfy { codes[$0[2]] == $0[1] }, "each school with its code")
        let year = Calendar(identifier: .gregorian).component(.year, from: app.database.now) - 1
        #expect(body.allSatisfy { $0[3] == "\(year)/\(year + 1)" && $0[7].isEmpty })
        let csv = try client.get("/results/template.csv")
        #expect(try Table(data: Data(csv.body)).rows.count == rows.count)

        // Uploaded back with one row filled in: that row is imported, the others are skipped, not errors.
        var filled = rows
        filled[1][7] = "20"; filled[1][8] = "1"; filled[1][9] = "5"; filled[1][10] = "8"; filled[1][11] = "6"; filled[1][12] = ""
        if filled[1][4] != "ВПР" { filled[1][8] = ""; filled[1][9] = ""; filled[1][10] = ""; filled[1][11] = ""; filled[1][12] = "2" }
        let csrf = try #require(try client.get("/results/import").csrf)
        let preview = try Self.upload(client, csrf: csrf, fileName: "шаблон.csv", content: Array(CSVWriter.data(rows: filled)))
        #expect(preview.status == 200, "\(preview.text.prefix(3000))")
        #expect(preview.text.contains("id=\"count-errors\">0<"))
        #expect(preview.text.contains("Строки без результатов пропущены (\(body.count - 1))"))
    }

    @Test func thePreviewKeepsTheChecksumInSmallPrint() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let csrf = try #require(try client.get("/results/import").csrf)
        let preview = try Self.upload(client, csrf: csrf, fileName: "r.csv", content: Self.csv(try Self.schoolX(app)))
        let summary = try #require(preview.text.range(of: "id=\"import-summary\"").map { String(preview.text[$0.lowerBound...].prefix(800)) })
        let list = String(summary[..<(summary.range(of: "</dl>")?.lowerBound ?? summary.endIndex)])
        #expect(!list.contains("SHA-256"), "the checksum is not a headline field")
        #expect(preview.text.contains("id=\"import-sha256\"><small>Контрольная сумма файла (SHA-256)"))
    }

    /// A link styled as the main button stays white on green once visited (a:visited painted it purple: 2.6:1).
    @Test func buttonLinksKeepTheirColoursWhenVisited() throws {
        let css = try String(contentsOfFile: TestApp.publicDirectory + "/opora.css", encoding: .utf8)
        #expect(css.contains("a.button, a.button:link, a.button:visited { color: #fff;"))
        #expect(css.contains("a.button--secondary, a.button--secondary:link, a.button--secondary:visited { color: var(--text); }"))
    }
}

@Suite struct ImportLimitTests {
    /// A zip bomb made by our own writer: cells of one long repeated text compress far beyond any real file.
    static func bomb() throws -> [UInt8] {
        let writer = XLSXWriter()
        try writer.addSheet(name: "Лист1", header: ResultImporter.templateHeader)
        let text = String(repeating: "Школа № 1 ", count: 1_000)
        for _ in 0..<300 { try writer.addRow([.text(text)]) }
        return Array(try writer.data())
    }

    @Test func aZipBombIsRefusedInRussianAndNothingIsKept() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let csrf = try #require(try client.get("/results/import").csrf)
        let before = try app.count("SELECT count(*) FROM result") + app.count("SELECT count(*) FROM resultImport")
        let response = try ImportFlowTests.upload(client, csrf: csrf, fileName: "bomb.xlsx", content: try Self.bomb())
        #expect(response.status == 422)
        #expect(response.text.contains("Файл слишком большой после распаковки: степень сжатия части «xl/worksheets/sheet1.xml» выше 100:1"))
        #expect(try app.count("SELECT count(*) FROM pendingImport") == 0)
        #expect(try app.count("SELECT count(*) FROM result") + app.count("SELECT count(*) FROM resultImport") == before)
    }

    @Test func theLimitsComeFromTheConfiguration() throws {
        let app = try TestApp(xlsxLimits: XLSXLimits(maxRows: 1))
        let client = try app.signedIn("mun-ku")
        let csrf = try #require(try client.get("/results/import").csrf)
        let writer = XLSXWriter()
        try writer.addSheet(name: "Лист1", header: ResultImporter.templateHeader)
        let row = ["Каменск-Уральский", "1", "МАОУ «СОШ № 1»", "2023/2024", "ВПР", "Математика", "5", "40", "4", "16", "15", "5",
                   "", "", "", "", ""]
        for _ in 0..<2 { try writer.addRow(row.map { Cell.text($0) }) }
        let response = try ImportFlowTests.upload(client, csrf: csrf, fileName: "r.xlsx", content: Array(try writer.data()))
        #expect(response.status == 422)
        #expect(response.text.contains("Файл слишком большой: на листе больше 1 строк"))
        #expect(try app.count("SELECT count(*) FROM pendingImport") == 0)
    }

    @Test func aFileOverTheUploadLimitIsRefusedInRussian() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let csrf = try #require(try client.get("/results/import").csrf)
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--b--\r\n".utf8)
        // The declared length is over Limits.upload: refused from the head, before any byte of the body is read.
        var head = "POST /results/import HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "Cookie: " + client.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        head += "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: \(Limits.upload + 1)\r\n\r\n"
        let response = try TestClient.parse(try RawSocket.exchange(port: app.port, bytes: Array(head.utf8) + body))
        #expect(response.status == 413)
        #expect(response.text.contains("Слишком большой запрос"))
        #expect(try app.count("SELECT count(*) FROM pendingImport") == 0)
    }
}
