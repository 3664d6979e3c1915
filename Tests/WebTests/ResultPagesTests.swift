@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing

/// The results pages over HTTP: a school's results with the chart, entry by hand, the municipality's
/// figures and the results export.
@Suite(.serialized) struct ResultPagesTests {
    struct Stored: Equatable { var participants: Int; var mark2: Int?; var mark3: Int?; var mark4: Int?; var mark5: Int? }

    func stored(_ app: TestApp, school: Int64, procedure: Int64, year: Int) throws -> Stored? {
        try app.database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM result WHERE schoolId = ? AND procedureId = ? AND schoolYear = ?",
                             arguments: [school, procedure, year]).map {
                Stored(participants: $0["participants"], mark2: $0["mark2"], mark3: $0["mark3"], mark4: $0["mark4"], mark5: $0["mark5"])
            }
        }
    }

    func latestYear(_ app: TestApp, school: Int64) throws -> Int {
        try app.database.read { try Int.fetchOne($0, sql: "SELECT MAX(schoolYear) FROM result WHERE schoolId = ?", arguments: [school])! }
    }

    @Test func schoolResultsShowTheFiguresAndAChart() throws {
        let app = try TestApp()
        let x = try app.schoolId(ofDirector: "director-ku")
        let year = try latestYear(app, school: x)
        // A result of the year with a low share: 9 of 20 with «2» = 45,0 %.
        try Results(database: app.database).saveGrid(.console, schoolId: x, year: SchoolYear(year), forms: [1: {
            var f = ResultForm(); f.participants = "20"; f.mark2 = "9"; f.mark3 = "6"; f.mark4 = "3"; f.mark5 = "2"; f.meanScore = "3,2"
            f.lowered = "2"; f.confirmed = "17"; f.raised = "1"; return f }()])
        let client = try app.signedIn("mun-ku")
        let card = try client.get("/schools/\(x)").text
        #expect(card.contains("href=\"/schools/\(x)/results\""))
        let page = try client.get("/schools/\(x)/results")
        #expect(page.status == 200)
        let html = page.text
        #expect(html.contains("<option value=\"\(year)\" selected>\(SchoolYear(year).title)</option>"))
        #expect(html.contains("ВПР Математика 5 кл."))
        #expect(html.contains("<td>20</td><td>9</td><td>6</td><td>3</td><td>2</td><td>—</td>"))
        #expect(html.contains("45,0 % <strong class=\"tag tag--lowResults\">низкий</strong>"))
        #expect(html.contains("<td>3,2</td><td>2</td><td>17</td><td>1</td>"))
        #expect(html.contains("не меньше 30 %"))
        // The chart: inline SVG with its title and description, a threshold line, the data table beside.
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""))
        #expect(html.contains("<title id=\"school-results-chart-title\">"))
        #expect(html.contains("<desc id=\"school-results-chart-desc\">"))
        #expect(html.contains("class=\"chart__threshold\""))
        #expect(html.contains("<caption>Данные графика:"))
        #expect(html.contains("<th scope=\"row\">ВПР Математика 5 кл.</th>"))
        #expect(html.contains("45 %</td>") || html.contains("45,0 %</td>") || html.contains(">45 %<"))
        #expect(html.contains("href=\"/schools/\(x)/results/\(year)/edit\""))
        // The current school year is offered for entry even without results.
        let current = SchoolYear.containing(app.database.now)
        #expect(html.contains("<option value=\"\(current.start)\">\(current.title)</option>"))
        #expect(try app.signedIn("director-ku").get("/schools/\(x)/results").text.contains("<option value=\"\(current.start)\">") == (year == current.start))
        // An earlier year through the selector.
        let earlier = try client.get("/schools/\(x)/results?year=\(year - 1)").text
        #expect(earlier.contains("<option value=\"\(year - 1)\" selected>"))
        #expect(earlier.contains("\(SchoolYear(year - 1).title) учебный год"))
        // A year without results: an empty state, the chart still there.
        let empty = try client.get("/schools/\(x)/results?year=2040").text
        #expect(empty.contains("Результатов за 2040/2041 нет."))
    }

    @Test func schoolAndProcedureNamesAreEscapedInTheChart() throws {
        let app = try TestApp()
        let x = try app.schoolId(ofDirector: "director-ku")
        try app.database.write { db in
            try db.execute(sql: "UPDATE school SET shortName = ? WHERE id = ?", arguments: ["<script>alert('s')</script>\"Ш\"", x])
            try db.execute(sql: "UPDATE procedure SET subject = ? WHERE id = 1", arguments: ["<script>alert(\"p\")</script>"])
        }
        let html = try app.signedIn("admin").get("/schools/\(x)/results").text
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;&quot;Ш&quot;"))
        #expect(html.contains("&lt;script&gt;alert(&quot;p&quot;)&lt;/script&gt;"))
    }

    @Test func theGridSavesAndAWrongSumIsShownAtTheFieldWithNothingSaved() throws {
        let app = try TestApp()
        let x = try app.schoolId(ofDirector: "director-ku")
        let year = try latestYear(app, school: x)
        let client = try app.signedIn("mun-ku")
        let form = try client.get("/schools/\(x)/results/\(year)/edit")
        #expect(form.status == 200)
        #expect(form.text.contains("id=\"p1.participants\" name=\"p1.participants\""))
        #expect(form.text.contains("aria-label=\"ВПР Математика 5 кл.: «2»\""))
        let csrf = try #require(form.csrf)
        let good: [(String, String)] = [("_csrf", csrf), ("p1.participants", "25"), ("p1.mark2", "5"), ("p1.mark3", "10"),
                                        ("p1.mark4", "6"), ("p1.mark5", "4"), ("p1.meanScore", "3,4")]
        let saved = try client.post("/schools/\(x)/results/\(year)/edit", form: good)
        #expect(saved.status == 303)
        #expect(saved.header("Location") == "/schools/\(x)/results?year=\(year)&notice=saved")
        #expect(try stored(app, school: x, procedure: 1, year: year) == Stored(participants: 25, mark2: 5, mark3: 10, mark4: 6, mark5: 4))
        #expect(try client.get("/schools/\(x)/results?year=\(year)&notice=saved").text.contains("Изменения сохранены."))

        // A wrong sum in one row and a good change in another: nothing is saved, the error sits at «2».
        let before2 = try stored(app, school: x, procedure: 2, year: year)
        let bad: [(String, String)] = [("_csrf", csrf), ("p1.participants", "25"), ("p1.mark2", "99"), ("p1.mark3", "10"),
                                       ("p1.mark4", "6"), ("p1.mark5", "4"),
                                       ("p2.participants", "30"), ("p2.mark2", "3"), ("p2.mark3", "9"), ("p2.mark4", "9"), ("p2.mark5", "9")]
        let refused = try client.post("/schools/\(x)/results/\(year)/edit", form: bad)
        #expect(refused.status == 422)
        let html = refused.text
        #expect(html.contains("class=\"error-summary\""))
        #expect(html.contains("<a href=\"#p1.mark2\">"))
        #expect(html.contains("<p class=\"field__error\">ВПР Математика 5 кл.: Графа «2»: 99 больше числа участников (25)</p><input id=\"p1.mark2\""))
        #expect(html.contains("id=\"p1.mark2\" name=\"p1.mark2\" type=\"text\" inputmode=\"numeric\" size=\"4\" value=\"99\""))
        #expect(html.contains("id=\"p2.participants\" name=\"p2.participants\" type=\"text\" inputmode=\"numeric\" size=\"4\" value=\"30\""))
        #expect(try stored(app, school: x, procedure: 1, year: year) == Stored(participants: 25, mark2: 5, mark3: 10, mark4: 6, mark5: 4))
        #expect(try stored(app, school: x, procedure: 2, year: year) == before2)

        // The sum itself: 5 + 10 + 6 + 5 ≠ 25.
        var sum = good
        sum[5] = ("p1.mark5", "5")
        let sumRefused = try client.post("/schools/\(x)/results/\(year)/edit", form: sum).text
        #expect(sumRefused.contains("Сумма отметок «2»–«5» (26) не равна числу участников (25)</p><input id=\"p1.mark2\""))

        // Clearing a row deletes its result.
        let cleared = try client.post("/schools/\(x)/results/\(year)/edit", form: [("_csrf", csrf), ("p1.participants", ""), ("p1.mark2", "")])
        #expect(cleared.status == 303)
        #expect(try stored(app, school: x, procedure: 1, year: year) == nil)
    }

    @Test func directorsAndCuratorsReadButCannotEnter() throws {
        let app = try TestApp()
        let x = try app.schoolId(ofDirector: "director-ku")
        let year = try latestYear(app, school: x)
        let before = try app.count("SELECT COUNT(*) FROM result")
        let p1 = try stored(app, school: x, procedure: 1, year: year)
        for login in ["director-ku", "curator-ku"] {
            let client = try app.signedIn(login)
            let page = try client.get("/schools/\(x)/results")
            #expect(page.status == 200, "\(login)")
            #expect(page.text.contains("<svg"))
            #expect(!page.text.contains("/results/\(year)/edit"), "\(login) sees no entry link")
            #expect(try client.get("/schools/\(x)/results/\(year)/edit").status == 403, "\(login)")
            let csrf = try #require(try client.get("/").csrf)
            let post = try client.post("/schools/\(x)/results/\(year)/edit",
                                       form: [("_csrf", csrf), ("p1.participants", "10"), ("p1.mark2", "1"), ("p1.mark3", "3"),
                                              ("p1.mark4", "3"), ("p1.mark5", "3")])
            #expect(post.status == 403, "\(login)")
            #expect(try client.get("/municipalities/\(try municipalityA(app))/results").status == 403, "\(login)")
        }
        #expect(try app.count("SELECT COUNT(*) FROM result") == before)
        #expect(try stored(app, school: x, procedure: 1, year: year) == p1)
        // Another municipality's coordinator may not even read.
        #expect(try app.signedIn("mun-kirovsky").get("/schools/\(x)/results").status == 403)
    }

    func municipalityA(_ app: TestApp) throws -> Int64 {
        try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
    }

    @Test func municipalityFiguresAndCSVExport() throws {
        let app = try TestApp()
        let a = try municipalityA(app)
        let x = try app.schoolId(ofDirector: "director-ku")
        let year = try latestYear(app, school: x)
        let client = try app.signedIn("mun-ku")
        #expect(try client.get("/municipalities/\(a)").text.contains("href=\"/municipalities/\(a)/results\""))
        let page = try client.get("/municipalities/\(a)/results")
        #expect(page.status == 200)
        #expect(page.text.contains("<title id=\"municipality-results-chart-title\">"))
        #expect(page.text.contains("<pattern id=\"municipality-results-chart-pattern-1\""))
        let lowInYear = try app.count("""
            SELECT COUNT(*) FROM result r JOIN procedure p ON p.id = r.procedureId JOIN school s ON s.id = r.schoolId
            WHERE s.municipalityId = \(a) AND s.archivedAt IS NULL AND r.schoolYear = \(year) AND p.isAnalysed = 1 AND p.archivedAt IS NULL
              AND r.participants > 0 AND (CASE p.lowRule WHEN 'markTwo' THEN r.mark2 ELSE r.belowMinimum END) * 10000 >= 3000 * r.participants
            """)
        let identified = try IdentificationService(database: app.database).identify(.console, year: SchoolYear(year + 1), municipalityId: a)
            .identified.count
        #expect(page.text.contains("<tr><th scope=\"row\">\(SchoolYear(year).title)</th>"))
        #expect(page.text.contains("<td>\(lowInYear)</td>"))
        #expect(page.text.contains("<tr><th scope=\"row\">\(SchoolYear(year + 1).title)</th><td>0</td><td>нет результатов</td><td>\(identified)</td></tr>"))
        #expect(page.text.contains("action=\"/municipalities/\(a)/results/export.xlsx\""))
        #expect(page.text.contains("formaction=\"/municipalities/\(a)/results/export.csv\""))

        let csv = try client.get("/municipalities/\(a)/results/export.csv?year=\(year)")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines[0] == "Муниципалитет;Код школы;Школа;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Ниже минимума;Средний балл;Понизили;Подтвердили;Повысили")
        let count = try app.count("SELECT COUNT(*) FROM result r JOIN school s ON s.id = r.schoolId WHERE s.municipalityId = \(a) AND r.schoolYear = \(year)")
        #expect(lines.count == count + 1)
        #expect(count > 0)
        #expect(lines.dropFirst().allSatisfy { $0.contains(";\(SchoolYear(year).title);") })
        let schoolName = try app.database.read { try String.fetchOne($0, sql: "SELECT name FROM school WHERE id = ?", arguments: [x])! }
        #expect(lines.contains { $0.contains(schoolName) && $0.contains(";ВПР;Математика;5;") })
        // Another municipality's schools never appear; a director may not export.
        let other = try app.database.read { try String.fetchOne($0, sql: "SELECT name FROM school WHERE municipalityId <> ? LIMIT 1", arguments: [a])! }
        #expect(!lines.contains { $0.contains(other) })
        #expect(try app.signedIn("director-ku").get("/municipalities/\(a)/results/export.csv?year=\(year)").status == 403)
    }

    @Test func xlsxExportHasTheSameRowsWithNumbersAsNumbers() throws {
        let app = try TestApp()
        let a = try municipalityA(app)
        let x = try app.schoolId(ofDirector: "director-ku")
        let year = try latestYear(app, school: x)
        let client = try app.signedIn("mun-ku")
        let response = try client.get("/municipalities/\(a)/results/export.xlsx?year=\(year)")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let rows = try XLSXReader(data: Data(response.body)).rows()
        let table = try ResultsExport(database: app.database).table(.console, municipalityId: a, year: SchoolYear(year))
        #expect(rows.count == table.count)
        #expect(rows[0].cells.map { $0?.string ?? "" } == ResultsFile.header)
        for (row, expected) in zip(rows.dropFirst(), table.dropFirst()) {
            var texts = row.cells.map { $0?.string ?? "" }
            texts += Array(repeating: "", count: max(0, expected.count - texts.count))
            #expect(texts == expected.map { $0.replacingOccurrences(of: ",", with: ".") })
        }
        // Participants are number cells.
        if case .number(let n, _)? = rows[1].cells[7] { #expect(n > 0) } else { Issue.record("participants are not a number cell") }
        #expect(try app.signedIn("curator-ku").get("/municipalities/\(a)/results/export.xlsx").status == 403)
    }

    @Test func exportTableIsTheResultsFileFormat() throws {
        let app = try TestApp()
        let x = try app.schoolId(ofDirector: "director-ku")
        try Results(database: app.database).saveGrid(.console, schoolId: x, year: SchoolYear(2035), forms: [
            8: { var f = ResultForm(); f.participants = "12"; f.belowMinimum = "1"; f.meanScore = "61,25"; return f }(),
        ])
        let a = try municipalityA(app)
        let table = try ResultsExport(database: app.database).table(.console, municipalityId: a, year: SchoolYear(2035))
        #expect(table.count == 2)
        #expect(table[0] == ResultsFile.header)
        #expect(Array(table[1][3...]) == ["2035/2036", "ЕГЭ", "Математика (профильная)", "11", "12", "", "", "", "", "1", "61,25", "", "", ""])
        #expect(throws: DomainError.forbidden) {
            try ResultsExport(database: app.database).table(Scope(userId: nil, login: "d", fullName: "Д", role: .director, municipalityId: a, schoolId: x),
                                                            municipalityId: a, year: nil)
        }
    }
}
