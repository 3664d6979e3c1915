@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing

/// The summary report as the coordinator sees it, and its workbook read back with the same figures.
@Suite(.serialized) struct SummaryPageTests {
    static func municipalityA(_ app: TestApp) throws -> Int64 {
        try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#34;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The body rows of the page's table `id`, as cell texts.
    static func htmlRows(_ html: String, id: String) -> [[String]]? {
        guard let start = html.range(of: "id=\"\(id)\">") else { return nil }
        let rest = html[start.upperBound...]
        guard let end = rest.range(of: "</table>"), let body = rest.range(of: "<tbody>") else { return nil }
        let tbody = String(rest[body.upperBound..<end.lowerBound])
        let rowPattern = try! NSRegularExpression(pattern: "<tr>(.*?)</tr>", options: [.dotMatchesLineSeparators])
        let cellPattern = try! NSRegularExpression(pattern: "<td[^>]*>(.*?)</td>", options: [.dotMatchesLineSeparators])
        let ns = tbody as NSString
        return rowPattern.matches(in: tbody, range: NSRange(location: 0, length: ns.length)).map { row in
            let inner = ns.substring(with: row.range(at: 1)) as NSString
            return cellPattern.matches(in: inner as String, range: NSRange(location: 0, length: inner.length)).map {
                unescape(inner.substring(with: $0.range(at: 1)))
            }
        }
    }

    /// «34,5 %» and 34.5 read the same; «—» stays.
    static func normal(_ s: String) -> String {
        let plain = s.replacingOccurrences(of: " %", with: "").replacingOccurrences(of: ",", with: ".")
        if let number = Double(plain) { return String(format: "%.3f", number) }
        return plain
    }

    @Test func coordinatorSeesTheNumberedSectionsOfSeed001() throws {
        let app = try TestApp()
        let ku = try Self.municipalityA(app)
        let client = try app.signedIn("mun-ku")
        let page = try client.get("/municipalities/\(ku)/summary?from=2021&to=2022")
        #expect(page.status == 200)
        let html = page.text
        for heading in ["1.</span> Идентификация школ с низкими образовательными результатами", "2.</span> Динамика образовательных результатов",
                        "3.</span> Меры поддержки", "4.</span> Проведённые мероприятия", "5.</span> Развитие кадрового потенциала",
                        "6.</span> Выход из перечня ШНОР", "7.</span> Управленческие решения и их исполнение", ">Выводы</h2>"] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        #expect(html.contains("2021/2022–2022/2023"))
        // The demo's registries hold seed 001's events and decisions of those years (DemoWorkspace).
        #expect(!html.contains("Мероприятия не зарегистрированы"))
        #expect(html.contains("Эффективное управление: Что? Зачем? Почему?") && html.contains("деловая игра"))
        #expect(html.contains("ВСОКО: механизмы оценки качества образования") && html.contains("круглый стол"))
        #expect(!html.contains("Управленческие решения не зарегистрированы"))
        #expect(html.contains("<svg") && html.contains("summary-dynamics-chart-title"))
        let exits = Self.htmlRows(html, id: "summary-exits") ?? []
        #expect(exits.count == 8)
        #expect(Set(exits.map { $0[1] }).isSuperset(of: ["Средняя школа № 1 с углублённым изучением отдельных предметов", "Лицей № 9", "Средняя школа № 32"]))
        #expect(html.contains("Все 8 школ перечня ШНОР 2021/2022–2022/2023"))
        // Links are built by Paths; the workbook link carries the same range.
        #expect(html.contains("href=\"/municipalities/\(ku)/summary.xlsx?from=2021&amp;to=2022\""))
        // Navigation has the report for the coordinator; the print stylesheet hides the navigation.
        #expect(html.contains("href=\"/summary\""))
        let css = try client.get("/static/opora.css").text
        #expect(css.contains("@page summary") && css.contains(".site-nav"))
    }

    /// Issue 13, item 9: a municipality's name with `"<>` reaches the workbook's file name only as «-».
    @Test func workbookFileNameIsCleanedLikeEveryOtherDownload() throws {
        let app = try TestApp()
        let ku = try Self.municipalityA(app)
        try app.database.write { try $0.execute(sql: "UPDATE municipality SET name = ? WHERE id = ?", arguments: ["Город \"<К>\"|У", ku]) }
        let response = try app.signedIn("mun-ku").get("/municipalities/\(ku)/summary.xlsx?from=2021&to=2022")
        #expect(response.status == 200)
        let disposition = response.header("Content-Disposition") ?? ""
        #expect(disposition.contains("filename*=UTF-8''%D0%98%D1%82%D0%BE%D0%B3%D0%BE%D0%B2%D0%B0%D1%8F%20%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BA%D0%B0%20"
                                     + "%D0%93%D0%BE%D1%80%D0%BE%D0%B4%20--%D0%9A---%D0%A3%202021-2023.xlsx"), "\(disposition)")
        for raw in ["%22", "%3C", "%3E", "%7C"] { #expect(!disposition.contains(raw)) }
        #expect(disposition.contains("filename=\"summary-\(ku)-2021-2022.xlsx\""))
    }

    @Test func workbookHasTheNumbersOfThePage() throws {
        let app = try TestApp()
        let ku = try Self.municipalityA(app)
        let client = try app.signedIn("mun-ku")
        let html = try client.get("/municipalities/\(ku)/summary?from=2021&to=2022").text
        let response = try client.get("/municipalities/\(ku)/summary.xlsx?from=2021&to=2022")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect((response.header("Content-Disposition") ?? "").contains("summary-\(ku)-2021-2022.xlsx"))
        let reader = try XLSXReader(data: Data(response.body))
        let model = try SummaryReports(database: app.database).make(.console, municipalityId: ku, from: SchoolYear(2021), to: SchoolYear(2022))
        #expect(reader.sheetNames == ["Справка"] + model.sections.map(\.sheetName))
        var compared = 0
        for section in model.sections {
            let sheet = try reader.rows(sheet: section.sheetName).map { $0.cells.map { $0?.string ?? "" } }
            #expect(sheet.first?.first == "\(section.number). \(section.title)")
            for table in section.tables {
                guard let titleRow = sheet.firstIndex(where: { $0.first == table.title }) else {
                    Issue.record("sheet \(section.sheetName) has no table \(table.title)"); continue
                }
                guard let pageRows = Self.htmlRows(html, id: table.id) else {
                    #expect(table.rows.isEmpty)
                    #expect(sheet[titleRow + 1].first == table.emptyText)
                    #expect(html.contains(table.emptyText))
                    continue
                }
                #expect(sheet[titleRow + 1] == table.columns.map(\.title))
                let bookRows = Array(sheet[(titleRow + 2)..<(titleRow + 2 + pageRows.count)])
                for (pageRow, bookRow) in zip(pageRows, bookRows) {
                    var book = bookRow
                    book += Array(repeating: "", count: max(0, pageRow.count - book.count))
                    #expect(pageRow.map(Self.normal) == book.map(Self.normal), "table \(table.id)")
                    compared += 1
                }
            }
        }
        #expect(compared > 30)
        // «Выводы» on the first sheet, as on the page.
        let first = try reader.rows(sheet: "Справка").map { $0.cells.map { $0?.string ?? "" } }
        let conclusions = first.drop { $0.first != "Выводы" }.dropFirst().compactMap(\.first)
        #expect(!conclusions.isEmpty)
        for line in conclusions { #expect(html.contains(line.replacingOccurrences(of: "\"", with: "&quot;")) || html.contains(line)) }
    }

    @Test func theFormLeadsToTheReportAndChecksTheYears() throws {
        let app = try TestApp()
        let ku = try Self.municipalityA(app)
        let client = try app.signedIn("region")
        let form = try client.get("/summary")
        #expect(form.status == 200)
        #expect(form.text.contains("Каменск-Уральский городской округ") && form.text.contains("name=\"from\""))
        let go = try client.get("/summary?municipality=\(ku)&from=2021&to=2022")
        #expect(go.status == 302)
        #expect(go.header("Location") == "/municipalities/\(ku)/summary?from=2021&to=2022")
        let bad = try client.get("/summary?municipality=\(ku)&from=2022&to=2021")
        #expect(bad.status == 422)
        #expect(bad.text.contains("Последний учебный год не может быть раньше первого"))
        let none = try client.get("/summary?municipality=&from=2021&to=2022")
        #expect(none.status == 422 && none.text.contains("Выберите муниципалитет"))
        // A coordinator cannot ask for another municipality through the form or the address.
        let coordinator = try app.signedIn("mun-kirovsky")
        let other = try coordinator.get("/summary?municipality=\(ku)&from=2021&to=2022")
        #expect(other.status == 422)
        #expect(try coordinator.get("/municipalities/\(ku)/summary?from=2021&to=2022").status == 403)
        #expect(try app.signedIn("curator-ku").get("/municipalities/\(ku)/summary").status == 403)
        // Without years: the last two years of the list.
        let defaulted = try client.get("/municipalities/\(ku)/summary")
        let running = SchoolYear.containing(app.database.now)
        #expect(defaulted.status == 200 && defaulted.text.contains("\(SchoolYear(running.start - 1).title)–\(running.title)"))
    }
}
