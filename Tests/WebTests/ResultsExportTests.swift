@testable import Core
import Foundation
import GRDB
import Spreadsheet
import Testing
@testable import Web

/// Exports (issue 20 items 5, 7): the results file keeps the stored mean, so re-importing an unchanged export changes
/// nothing; XLSX lists write date cells, fit to the page width (landscape when wide), repeat the header and filter it.
@Suite struct ResultsExportTests {
    @Test(arguments: ["csv", "xlsx"]) func reimportingAnUnchangedExportChangesNothing(_ format: String) throws {
        let database = try ResultsCorpusTests.region()
        let importer = ResultImporter(database: database)
        let file = "Код школы;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл\n"
            + "000303;2022/2023;ВПР;Математика;5;54;9;20;17;8;3,4444444444444446\n"
        let first = try ImportLines.lines(Data(file.utf8), limits: .default)
        try importer.commit(.console, fileName: "a.csv", sha256: String(repeating: "0", count: 64), lines: first)

        let table = try ResultsExport(database: database).table(.console, municipalityId: nil, year: nil)
        let bytes = format == "csv" ? ResultsFileExport.csv(table) : try ResultsFileExport.xlsx(table)
        let again = try ImportLines.lines(Data(bytes), limits: .default)
        let plan = try importer.preview(.console, fileName: "export." + format, sha256: String(repeating: "1", count: 64), lines: again)
        #expect(plan.errors.isEmpty && plan.fileErrors.isEmpty, "\(plan.errors) \(plan.fileErrors)")
        #expect(plan.unchangedCount == 1 && plan.updateCount == 0 && plan.insertCount == 0)
    }

    /// What openpyxl, an independent reader, sees in an XLSX: the first data cell of `column`, the filter, the page setup.
    static func openpyxl(_ bytes: [UInt8], column: String) throws -> [String: String] {
        let path = NSTemporaryDirectory() + "opora-export-\(UUID().uuidString).xlsx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            c = ws[sys.argv[2] + "2"]
            print(json.dumps({"type": type(c.value).__name__, "value": str(c.value), "filter": str(ws.auto_filter.ref),
                              "orientation": str(ws.page_setup.orientation), "fitToWidth": str(ws.page_setup.fitToWidth),
                              "fitToHeight": str(ws.page_setup.fitToHeight), "fitToPage": str(ws.sheet_properties.pageSetUpPr.fitToPage),
                              "titles": str(ws.print_title_rows)}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, column]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return (try JSONSerialization.jsonObject(with: out) as? [String: String]) ?? [:]
    }

    @Test(arguments: [("/events/export.xlsx", "A", "landscape"), ("/decisions/export.xlsx", "F", "landscape")])
    func xlsxListsWriteDatesPageSetupAndAFilter(_ path: String, _ dateColumn: String, _ orientation: String) throws {
        let app = try TestApp(today: "2024-03-01")
        let client = try app.signedIn("mun-ku")
        let response = try client.get(path)
        #expect(response.status == 200)
        let seen = try Self.openpyxl(response.body, column: dateColumn)
        #expect(seen["type"] == "datetime", "\(path): \(seen)")
        #expect(seen["filter"]?.hasPrefix("A1:") == true, "\(path): \(seen)")
        #expect(seen["orientation"] == orientation && seen["fitToWidth"] == "1" && seen["fitToHeight"] == "0", "\(path): \(seen)")
        #expect(seen["fitToPage"] == "True" && seen["titles"] == "$1:$1", "\(path): \(seen)")
    }
}
