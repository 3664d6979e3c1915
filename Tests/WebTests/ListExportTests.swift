@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing
@testable import Web

/// Every list page exports what it shows: the CSV and the XLSX (read back with `XLSXReader`) hold exactly the rows
/// of the page's table under the page's filter, in the page's order, and the page links to both with its query.
@Suite struct ListExportTests {
    /// A list page under a filter, the table(s) that show its rows, and which cell of a page row holds which export column.
    struct ListCase: Sendable, CustomTestStringConvertible {
        var name: String
        var login: String
        /// The page with its filter (from the fixture's ids).
        var path: @Sendable (Ids) -> String
        /// The same list without the filter: its export must hold more rows, so the filter is carried; nil for lists without filters.
        var unfiltered: (@Sendable (Ids) -> String)? = nil
        var tables: [String]
        /// A page cell (by column) contains the export's cell (by column) in the same row.
        var htmlColumn = 0
        var exportColumn = 0
        /// The export header's first cell.
        var firstHeader: String
        /// The export's path when it is not the page's path (the region's dashboard is `/`, its table's export `/dashboard`).
        var exportBase: String? = nil
        /// Compare the cells (else the row count only).
        var compareCells = true
        /// The page's links are built by `Paths.export` (lists moved onto `ListExport` from their own export code keep their links).
        var checkLinks = true
        var testDescription: String { name }
    }

    static let cases: [ListCase] = [
        ListCase(name: "schools", login: "region", path: { _ in "/schools?status=lowResults&year=2023" },
                 unfiltered: { _ in "/schools?year=2023" }, tables: ["schools"], exportColumn: 1, firstHeader: "Муниципалитет"),
        ListCase(name: "accounts", login: "admin", path: { _ in "/accounts?role=curator" }, unfiltered: { _ in "/accounts" },
                 tables: ["account-table"], firstHeader: "ФИО"),
        ListCase(name: "municipalities", login: "region", path: { _ in "/municipalities" }, tables: ["municipalities"],
                 firstHeader: "Муниципалитет"),
        ListCase(name: "curators", login: "region", path: { "/curators?municipality=\($0.municipalityA)" },
                 unfiltered: { _ in "/curators" }, tables: ["curators"], firstHeader: "Куратор"),
        ListCase(name: "partnerships", login: "region", path: { "/partnerships?municipality=\($0.municipalityA)&year=2022" },
                 unfiltered: { _ in "/partnerships?year=2022" },
                 tables: ["partnerships"], firstHeader: "Школа с низкими результатами"),
        ListCase(name: "procedures", login: "region", path: { _ in "/procedures" }, tables: ["procedures"], firstHeader: "Процедура"),
        ListCase(name: "risk factors", login: "region", path: { _ in "/risk-factors" }, tables: ["risk-factors"], htmlColumn: 1,
                 exportColumn: 1, firstHeader: "№"),
        ListCase(name: "review queue", login: "curator-ku", path: { _ in "/review?year=all" }, tables: ["review-items"], firstHeader: "Что"),
        ListCase(name: "reports overview", login: "mun-ku", path: { "/municipalities/\($0.municipalityA)/reports?status=notSubmitted" },
                 unfiltered: { "/municipalities/\($0.municipalityA)/reports" }, tables: ["report-overview"], firstHeader: "Школа"),
        ListCase(name: "report periods", login: "mun-ku", path: { "/municipalities/\($0.municipalityA)/report-periods" },
                 tables: ["report-periods"], firstHeader: "Период"),
        ListCase(name: "school's reports", login: "director-ku", path: { "/schools/\($0.schoolX)/reports" },
                 tables: ["measures-period-1", "measures-period-2"], htmlColumn: 1, exportColumn: 5, firstHeader: "Период"),
        ListCase(name: "document matrix", login: "mun-ku", path: { "/municipalities/\($0.municipalityA)/documents?year=2023" },
                 tables: ["document-matrix"], firstHeader: "Школа"),
        ListCase(name: "document set", login: "director-ku", path: { "/schools/\($0.schoolX)/documents?year=2023" },
                 tables: ["document-set"], firstHeader: "Документ"),
        ListCase(name: "imports", login: "mun-ku", path: { _ in "/results/imports" }, tables: ["imports"], firstHeader: "№"),
        ListCase(name: "decisions", login: "mun-ku", path: { _ in "/decisions" }, tables: ["decision-table"], firstHeader: "Учебный год",
                 compareCells: false, checkLinks: false),
        ListCase(name: "staff development", login: "mun-ku", path: { _ in "/staff" }, tables: ["staff-table"], firstHeader: "Школа",
                 compareCells: false, checkLinks: false),
        ListCase(name: "region's dashboard", login: "region", path: { _ in "/" }, tables: ["municipalities"], firstHeader: "Муниципалитет",
                 exportBase: "/dashboard", checkLinks: false),
        ListCase(name: "signals", login: "region", path: { _ in "/signals?year=2019" }, tables: ["signals-above", "signals-mismatch"],
                 htmlColumn: 0, exportColumn: 1, firstHeader: "Сигнал"),
    ]

    @Test(arguments: cases)
    func exportHoldsThePageRows(_ list: ListCase) throws {
        let app = try TestApp()
        let fixture = try Ids(app)
        let client = try app.signedIn(list.login)
        let path = list.path(fixture)
        let page = try client.get(path)
        #expect(page.status == 200)
        let shown = list.tables.flatMap { HTMLTable.rows(page.text, id: $0) }
        #expect(!shown.isEmpty, "\(list.name): the page shows no rows to compare")

        // The page's links carry its query.
        var (base, query) = Self.split(path)
        if let exportBase = list.exportBase { base = exportBase }
        let csvHref = Paths.export(base, .csv, query: query)
        let xlsxHref = Paths.export(base, .xlsx, query: query)
        #expect(!list.checkLinks || page.text.contains("href=\"\(csvHref.replacingOccurrences(of: "&", with: "&amp;"))\""), "\(list.name): no CSV link \(csvHref)")
        #expect(!list.checkLinks || page.text.contains("href=\"\(xlsxHref.replacingOccurrences(of: "&", with: "&amp;"))\""), "\(list.name): no XLSX link \(xlsxHref)")

        let csvResponse = try client.get(csvHref)
        #expect(csvResponse.status == 200)
        #expect(csvResponse.header("Content-Type") == "text/csv; charset=utf-8")
        #expect((csvResponse.header("Content-Disposition") ?? "").hasPrefix("attachment; filename=\""))
        #expect((csvResponse.header("Content-Disposition") ?? "").contains("filename*=UTF-8''"))
        let csv = try CSVReader.read(Data(csvResponse.body)).records.map(\.fields)
        let xlsxResponse = try client.get(xlsxHref)
        #expect(xlsxResponse.status == 200)
        #expect(xlsxResponse.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let xlsx = try XLSXReader(data: Data(xlsxResponse.body)).rows().map { $0.cells.map { $0?.string ?? "" } }

        for (format, table) in [("CSV", csv), ("XLSX", xlsx)] {
            #expect(table.first?.first == list.firstHeader, "\(list.name) \(format): header \(table.first ?? [])")
            let rows = Array(table.dropFirst())
            #expect(rows.count == shown.count, "\(list.name) \(format): \(rows.count) rows, the page shows \(shown.count)")
            for (row, cells) in zip(rows, shown) where list.compareCells {
                let exported = row.count > list.exportColumn ? row[list.exportColumn] : ""
                let onPage = cells.count > list.htmlColumn ? cells[list.htmlColumn] : ""
                #expect(!exported.isEmpty && onPage.contains(exported), "\(list.name) \(format): «\(exported)» is not in the page's row «\(onPage)»")
            }
        }
        // Numbers in the XLSX are the same text as in the CSV.
        #expect(xlsx.count == csv.count)

        if let unfiltered = list.unfiltered {
            let (allBase, allQuery) = Self.split(unfiltered(fixture))
            let all = try CSVReader.read(Data(try client.get(Paths.export(allBase, .csv, query: allQuery)).body)).records
            #expect(all.count > csv.count, "\(list.name): the filter is not carried (\(all.count) rows unfiltered, \(csv.count) filtered)")
        }
    }

    @Test func anExportIsRefusedToWhoCannotReadTheList() throws {
        let app = try TestApp()
        let fixture = try Ids(app)
        let director = try app.signedIn("director-ku")
        #expect(try director.get("/accounts/export.csv").status == 403)
        #expect(try director.get("/municipalities/\(fixture.municipalityA)/reports/export.xlsx").status == 403)
        #expect(try app.signedIn("director-ku-02").get("/schools/\(fixture.schoolX)/documents/export.csv").status == 403)
        #expect(try app.client().get("/schools/export.xlsx").status == 302)
    }

    @Test func fileNamesFollowRFC6266() throws {
        let app = try TestApp()
        let response = try app.signedIn("region").get("/schools/export.xlsx?year=2023")
        let disposition = response.header("Content-Disposition") ?? ""
        #expect(disposition.contains("filename=\"schools-2023.xlsx\""))
        #expect(disposition.contains("filename*=UTF-8''%D0%A8%D0%BA%D0%BE%D0%BB%D1%8B%202023-2024.xlsx"))
    }

    /// The demo's ids the paths need (the access matrix's `Fixture` wants the demo without its working cycle).
    struct Ids: Sendable {
        let schoolX: Int64
        let municipalityA: Int64
        init(_ app: TestApp) throws {
            schoolX = try app.schoolId(ofDirector: "director-ku")
            municipalityA = try app.database.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")! }
            // The demo imports no results file: one (empty) import of municipality A for the journal.
            let coordinator = try app.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'mun-ku'")! }
            let scope = Scope(userId: coordinator, login: "mun-ku", fullName: "Координатор", role: .municipal,
                              municipalityId: municipalityA, schoolId: nil)
            let now = app.database.now
            try app.database.write { [municipalityA] db in
                let record = try ResultImports.begin(db, scope, fileName: "результаты «весна».xlsx", sha256: String(repeating: "a", count: 64),
                                                     municipalityId: municipalityA, at: now)
                try ResultImports.finish(db, scope, record, at: now)
            }
        }
    }

    static func split(_ path: String) -> (String, [(String, String?)]) {
        let parts = path.split(separator: "?", maxSplits: 1).map(String.init)
        let items = parts.count > 1 ? parts[1].split(separator: "&").map { pair -> (String, String?) in
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (kv[0], kv.count > 1 ? kv[1].removingPercentEncoding : "")
        } : []
        return (parts[0], items)
    }
}

/// The text of each body row's cells of `<table id="…">` in a page.
enum HTMLTable {
    static func rows(_ html: String, id: String) -> [[String]] {
        guard let start = html.range(of: "id=\"\(id)\"") else { return [] }
        let rest = html[start.upperBound...]
        let table = rest[..<(rest.range(of: "</table>")?.lowerBound ?? rest.endIndex)]
        guard let body = table.range(of: "<tbody>") else { return [] }
        return table[body.upperBound...].components(separatedBy: "<tr").dropFirst().map { row in
            // Header cells of a row (`<th scope="row">`) are cells too.
            row.replacingOccurrences(of: "<th", with: "<td").components(separatedBy: "<td").dropFirst().map { cell in
                text(String(cell[cell.index(after: cell.firstIndex(of: ">") ?? cell.startIndex)...]))
            }
        }
    }

    static func text(_ html: String) -> String {
        var out = ""
        var inTag = false
        for c in html {
            if c == "<" { inTag = true; out.append(" ") } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        let decoded = out.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
