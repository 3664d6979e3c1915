import Foundation
import Testing
@testable import Spreadsheet

@Suite struct XLSXWriterTests {
    static let header = ["Код", "Школа", "Участников", "Средний балл", "Дата", "Флаг"]
    static let rows: [[Cell?]] = [
        [.text("S1"), .text("МБОУ «СОШ № 1» & <филиал>"), .number(25), .number(3.75), .date(CellDate(year: 2023, month: 9, day: 1)), .boolean(true)],
        [.text("S2"), nil, .number(0), nil, .date(CellDate(year: 2024, month: 2, day: 29, hour: 14, minute: 30)), .boolean(false)],
        [.text("  пробелы \"кавычки\" "), .text("строка\nвторая\tтаб"), .number(-1.5), .number(12345678901), nil, .text("=SUM(A1)")],
        [.text("упр\u{1}авляющий\u{B}символ\u{FFFE}"), .text("_x0041_"), .number(0.1), .number(1e-7)],
    ]

    static func book() throws -> Data {
        let writer = XLSXWriter()
        try writer.addSheet(name: "Результаты", header: header, columnWidths: [8, 40])
        for row in rows { try writer.addRow(row) }
        try writer.addSheet(name: "Справка/2023:[итоги]?")
        try writer.addRow(["одна строка", nil, "третья"])
        try writer.addSheet(name: "Результаты")  // duplicate name, made unique
        return try writer.data()
    }

    @Test func roundTripThroughOurReader() throws {
        let reader = try XLSXReader(data: try Self.book())
        #expect(reader.sheetNames == ["Результаты", "Справка_2023__итоги__", "Результаты (2)"])
        let read = try reader.rows(sheet: "Результаты")
        #expect(read.map(\.number) == [1, 2, 3, 4, 5])
        #expect(read[0].values == Self.header)
        #expect(read[1].cells == Self.rows[0])
        #expect(read[2].cells == Self.rows[1])
        #expect(read[3].cells == Self.rows[2])
        // forbidden control characters dropped; the literal _x0041_ survives
        #expect(read[4].values == ["управляющийсимвол", "_x0041_", "0.1", "1e-07"])
        #expect(try reader.rows(sheet: "Справка_2023__итоги__").map(\.values) == [["одна строка", nil, "третья"]])
        #expect(try reader.rows(sheet: "Результаты (2)").isEmpty)
    }

    @Test func partsAreValidOOXML() throws {
        let path = temporaryPath(".xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.book().write(to: URL(fileURLWithPath: path))
        guard run(["unzip", "-v"]).status == 0 else { return }
        let sheet = run(["unzip", "-p", path, "xl/worksheets/sheet1.xml"]).output
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"8\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<col min=\"2\" max=\"2\" width=\"40\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"))
        #expect(sheet.contains("<c r=\"C2\"><v>25</v></c>"))
        #expect(!sheet.contains("r=\"B3\""))  // empty cell omitted
        let styles = run(["unzip", "-p", path, "xl/styles.xml"]).output
        #expect(styles.contains("<b/>") && styles.contains("patternType=\"solid\""))
        let types = run(["unzip", "-p", path, "\\[Content_Types\\].xml"]).output
        #expect(types.contains("/xl/worksheets/sheet3.xml"))
    }

    /// openpyxl, an independent reader, sees the same values.
    @Test func openpyxlReadsOurWorkbook() throws {
        guard openpyxlAvailable else {
            print("note: python3 with openpyxl not available; openpyxl read-back skipped")
            return
        }
        let path = temporaryPath(".xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.book().write(to: URL(fileURLWithPath: path))
        let script = """
        import json, sys, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        def enc(v):
            if isinstance(v, datetime.datetime): return v.isoformat()
            return v
        out = {"sheets": wb.sheetnames, "rows": [[enc(c.value) for c in row] for row in wb["Результаты"].iter_rows()],
               "frozen": wb["Результаты"].freeze_panes, "bold": wb["Результаты"]["A1"].font.b,
               "fill": wb["Результаты"]["A1"].fill.fgColor.rgb, "width": wb["Результаты"].column_dimensions["B"].width,
               "date_format": wb["Результаты"]["E2"].number_format}
        print(json.dumps(out, ensure_ascii=False))
        """
        let result = run(["python3", "-c", script, path])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["sheets"] as? [String] == ["Результаты", "Справка_2023__итоги__", "Результаты (2)"])
        #expect(json["frozen"] as? String == "A2")
        #expect(json["bold"] as? Bool == true)
        #expect(json["fill"] as? String == "FFD9E1F2")
        #expect(json["width"] as? Double == 40)
        #expect(json["date_format"] as? String == "dd.mm.yyyy")
        let rows = try #require(json["rows"] as? [[Any]])
        #expect(rows.count == 5)
        func s(_ r: Int, _ c: Int) -> String? { rows[r][c] as? String }
        func d(_ r: Int, _ c: Int) -> Double? { (rows[r][c] as? NSNumber)?.doubleValue }
        #expect(rows[0].compactMap { $0 as? String } == Self.header)
        #expect(s(1, 0) == "S1" && s(1, 1) == "МБОУ «СОШ № 1» & <филиал>")
        #expect(d(1, 2) == 25 && d(1, 3) == 3.75)
        #expect(s(1, 4) == "2023-09-01T00:00:00")
        #expect((rows[1][5] as? NSNumber)?.boolValue == true)
        #expect(rows[2][1] is NSNull && rows[2][3] is NSNull)
        #expect(s(2, 4) == "2024-02-29T14:30:00")
        #expect(s(3, 0) == "  пробелы \"кавычки\" " && s(3, 1) == "строка\nвторая\tтаб")
        #expect(d(3, 2) == -1.5 && d(3, 3) == 12345678901)
        #expect(s(3, 5) == "=SUM(A1)" || s(3, 5) != nil)
        #expect(s(4, 0) == "управляющийсимвол")
        #expect(d(4, 2) == 0.1 && d(4, 3) == 1e-7)
    }

    /// LibreOffice, when installed, converts our workbook to CSV with the same values.
    @Test func libreOfficeOpensOurWorkbook() throws {
        guard run(["soffice", "--version"]).status == 0 else {
            print("note: LibreOffice not installed; LibreOffice check skipped")
            return
        }
        let dir = temporaryPath("-lo")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/book.xlsx"
        try Self.book().write(to: URL(fileURLWithPath: path))
        _ = run(["soffice", "--headless", "-env:UserInstallation=file://\(dir)/profile", "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", dir, path])
        let csv = try Data(contentsOf: URL(fileURLWithPath: dir + "/book.csv"))
        let records = try CSVReader.read(csv, delimiter: ";").records
        #expect(records.first?.fields == Self.header)
        #expect(records.dropFirst().first?.fields.prefix(5) == ["S1", "МБОУ «СОШ № 1» & <филиал>", "25", "3.75", "01.09.2023"])
        #expect(records.count == 5)
    }

    @Test func tableReadsBothFormats() throws {
        let xlsx = try Table(data: try Self.book())
        #expect(xlsx.format == .xlsx)
        #expect(xlsx.rows[0] == TableRow(line: 1, values: Self.header.map { $0 }))
        #expect(xlsx.rows[2].values == ["S2", nil, "0", nil, "2024-02-29T14:30:00", "FALSE"])

        let csv = try Table(data: Data("a;b;c\r\n\r\n1;;\r\n;2;\"x\ny\"\r\n".utf8))
        #expect(csv.format == .csv)
        #expect(csv.rows == [TableRow(line: 1, values: ["a", "b", "c"]), TableRow(line: 3, values: ["1"]),
                             TableRow(line: 4, values: [nil, "2", "x\ny"])])

        let path = temporaryPath(".xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.book().write(to: URL(fileURLWithPath: path))
        #expect(try Table(path: path).rows == xlsx.rows)
        var streamed: [TableRow] = []
        #expect(try Table.forEachRow(path: path) { streamed.append($0) } == .xlsx)
        #expect(streamed == xlsx.rows)
        let csvPath = temporaryPath(".csv")
        defer { try? FileManager.default.removeItem(atPath: csvPath) }
        try CSVWriter.data(rows: [["a", "b"], ["1", nil]]).write(to: URL(fileURLWithPath: csvPath))
        streamed = []
        #expect(try Table.forEachRow(path: csvPath) { streamed.append($0) } == .csv)
        #expect(streamed == [TableRow(line: 1, values: ["a", "b"]), TableRow(line: 2, values: ["1"])])
    }
}
