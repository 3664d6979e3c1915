@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing
@testable import Web

/// Issue 20 item 1 over HTTP: a workbook with an instructions sheet and one sheet per procedure is read whole; the
/// preview says on which sheets the data is, and a row in error names its sheet.
@Suite struct ImportSheetsFlowTests {
    static func workbook(_ school: ImportFlowTests.SchoolX, secondParticipants: String = "20") throws -> [UInt8] {
        let header = ["Код школы", "Школа", "Учебный год", "Участников", "«2»", "«3»", "«4»", "«5»"]
        let writer = XLSXWriter()
        try writer.addSheet(name: "Инструкция")
        try writer.addRow(["Заполните листы по процедурам."] as [String?])
        try writer.addSheet(name: "ВПР Математика 5", header: header)
        try writer.addRow([school.code, school.shortName, "2015/2016", "30", "3", "10", "10", "7"] as [String?])
        try writer.addSheet(name: "ВПР Русский язык 5", header: header)
        try writer.addRow([school.code, school.shortName, "2015/2016", secondParticipants, "2", "8", "6", "4"] as [String?])
        return [UInt8](try writer.data())
    }

    @Test func everySheetWithAHeaderIsImported() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let school = try ImportFlowTests.schoolX(app)
        let csrf = try #require(try client.get("/results/import").csrf)
        let preview = try ImportFlowTests.upload(client, csrf: csrf, fileName: "впр.xlsx", content: try Self.workbook(school))
        #expect(preview.status == 200, "\(preview.text)")
        #expect(preview.text.contains("id=\"count-insert\">2<"))
        #expect(preview.text.contains("Данные взяты с листов «ВПР Математика 5», «ВПР Русский язык 5»; без строки заголовков пропущены: «Инструкция»"))
        let token = try #require(preview.text.firstMatch(of: /name="token" value="([0-9a-f]+)"/)?.1)
        let commit = try client.post("/results/import/commit", form: [("_csrf", csrf), ("token", String(token))])
        #expect(commit.status == 303)
        #expect(try app.count("SELECT count(*) FROM result WHERE schoolId = \(school.id) AND schoolYear = 2015 AND participants IN (30, 20)") == 2)
    }

    @Test func aRowInErrorNamesItsSheet() throws {
        let app = try TestApp()
        let client = try app.signedIn("mun-ku")
        let school = try ImportFlowTests.schoolX(app)
        let csrf = try #require(try client.get("/results/import").csrf)
        let preview = try ImportFlowTests.upload(client, csrf: csrf, fileName: "впр.xlsx",
                                                 content: try Self.workbook(school, secondParticipants: "двадцать"))
        #expect(preview.status == 422)
        #expect(preview.text.contains("<td>«ВПР Русский язык 5», 2</td>"), "\(preview.text)")
        #expect(preview.text.contains("столбец D («Участников»): «двадцать» — ожидается целое неотрицательное число"))
    }
}
