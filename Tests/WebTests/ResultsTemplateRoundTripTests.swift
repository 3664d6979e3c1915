@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing
@testable import Web

/// The results template as the upload page gives it, sent back untouched (issue 20: «the template's own example row
/// imports»). The template has no example row to import: it is prefilled with the coordinator's own schools and
/// procedures, and a row left without figures is a school not yet filled in. So an untouched template writes nothing,
/// says that nothing is filled in, and counts the rows it skipped — it is never an error about the template's own rows.
@Suite struct ResultsTemplateRoundTripTests {
    static func downloaded(_ client: TestClient, _ path: String) throws -> (name: String, body: [UInt8]) {
        let response = try client.get(path)
        #expect(response.status == 200)
        let disposition = response.header("Content-Disposition") ?? ""
        // The UTF-8 file name (RFC 5987), as a browser saves it.
        let encoded = disposition.firstMatch(of: /filename\*=UTF-8''([^;]+)/)?.1
        let name = encoded.flatMap { String($0).removingPercentEncoding } ?? "template"
        return (name, response.body)
    }

    @Test(arguments: ["/results/template.xlsx", "/results/template.csv"])
    func anUntouchedTemplateWritesNothingAndSaysWhy(_ path: String) throws {
        let app = try TestApp()
        for login in ["mun-ku", "admin"] {
            let client = try app.signedIn(login)
            let (name, body) = try Self.downloaded(client, path)
            #expect(name.hasPrefix("Шаблон результатов") && name.hasSuffix("." + (path.split(separator: ".").last ?? "")), "\(name)")
            let rows = try Table(data: Data(body)).rows.count - 1
            #expect(rows > 0, "the template is prefilled for \(login)")
            let before = try app.count("SELECT count(*) FROM result")
            let csrf = try #require(try client.get("/results/import").csrf)
            let preview = try ImportFlowTests.upload(client, csrf: csrf, fileName: name, content: body)
            #expect(preview.status == 422, "\(login) \(path): \(preview.text.prefix(2000))")
            #expect(preview.text.contains("В файле не заполнено ни одной строки: впишите число участников и отметки"), "\(login) \(path)")
            #expect(preview.text.contains("Строки без результатов пропущены (\(rows))"), "\(login) \(path): every prefilled row skipped")
            #expect(preview.text.contains("id=\"count-errors\">0<"), "\(login) \(path): no row of the template is an error")
            #expect(!preview.text.contains("/results/import/commit"), "nothing to commit")
            #expect(try app.count("SELECT count(*) FROM result") == before)
        }
    }
}
