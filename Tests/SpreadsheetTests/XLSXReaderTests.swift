import Foundation
import Testing
@testable import Spreadsheet

@Suite struct XLSXReaderTests {
    /// The committed fixture, or one generated now by openpyxl when python3 has it.
    static func fixtures() throws -> [String] {
        var paths: [String] = []
        if let committed = Bundle.module.path(forResource: "openpyxl", ofType: "xlsx") { paths.append(committed) }
        if openpyxlAvailable {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/make_openpyxl_fixture.py").path
            let out = temporaryPath(".xlsx")
            if run(["python3", script, out]).status == 0 { paths.append(out) }
        }
        return paths
    }

    @Test func readsWorkbookWrittenByOpenpyxl() throws {
        let paths = try Self.fixtures()
        #expect(!paths.isEmpty)
        for path in paths {
            let reader = try XLSXReader(path: path)
            #expect(reader.sheetNames == ["Результаты", "Справка"])
            var rows: [SheetRow] = []
            let summary = try reader.readRows(sheet: "Результаты") { rows.append($0) }
            #expect(rows.map(\.number) == [1, 2, 3, 4, 6])
            #expect(summary.rowCount == 5)
            #expect(Set(summary.mergedRanges.map(\.description)) == ["A1:B1", "C1:E1"])
            // merged header: value in the top-left cell, nil elsewhere
            #expect(rows[0].values == ["Школа", nil, "Итоги"])
            #expect(rows[1].values == ["Код", "Название", "Участников", "Средний балл", "Дата"])
            #expect(rows[2].cells[0] == .text("S1"))
            #expect(rows[2].cells[1] == .text("МБОУ \"СОШ № 1\""))
            #expect(rows[2].cells[2] == .number(25, text: "25"))
            #expect(rows[2].cells[3] == .number(3.75, text: "3.75"))
            #expect(rows[2].cells[4] == .date(CellDate(year: 2023, month: 9, day: 1)))
            #expect(rows[2].values[4] == "2023-09-01")
            // gap in B4 and D4
            #expect(rows[3].values == ["S2", nil, "30", nil, "2024-02-29T14:30:00"])
            #expect(rows[4].cells == [.text("S3"), nil, .number(-7, text: "-7"), .boolean(true), nil, .text("жирный текст")])

            let second = try reader.rows(sheet: "Справка")
            #expect(second.map(\.values) == [["Ключ", "Значение"], ["доля", "0.1"], ["большое", "12345678901"],
                                             ["  пробелы  ", "строка\nвторая"]])
            #expect(second[2].cells[1]?.doubleValue == 12345678901)
        }
    }

    /// A workbook in the shape Excel writes: shared strings with rich runs and phonetic runs,
    /// a prefixed namespace, styles with custom and built-in date formats, formulas with cached
    /// string results, errors, booleans, cells without `r`, relationships with absolute targets.
    static func excelLikeWorkbook(date1904: Bool = false) throws -> Data {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return try makeZip([
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<x:workbook xmlns:x=\"\(main)\" xmlns:r=\"\(rel)\"><x:workbookPr\(date1904 ? " date1904=\"1\"" : "")/><x:sheets><x:sheet name=\"Второй по файлу\" sheetId=\"7\" r:id=\"rId9\"/><x:sheet name=\"Data\" sheetId=\"1\" r:id=\"rId2\"/></x:sheets></x:workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId2\" Type=\"\(rel)/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/><Relationship Id=\"rId9\" Type=\"\(rel)/worksheet\" Target=\"worksheets/other.xml\"/><Relationship Id=\"rId3\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId4\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"),
            ("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\" count=\"4\" uniqueCount=\"4\"><si><t>Муниципалитет</t></si><si><r><rPr><b/></rPr><t xml:space=\"preserve\">Школа </t></r><r><t>№ 5</t></r></si><si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh></si><si><t>a_x000D_b &amp; &lt;c&gt;</t></si></sst>"),
            ("xl/styles.xml", "<styleSheet xmlns=\"\(main)\"><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"[$-419]d\\ mmmm\\ yyyy&quot;г.&quot;\"/><numFmt numFmtId=\"165\" formatCode=\"0.00&quot;д&quot;;[Red]\\-0.00\"/></numFmts><cellStyleXfs count=\"1\"><xf numFmtId=\"0\"/></cellStyleXfs><cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"4\"/></cellXfs></styleSheet>"),
            ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"2\" spans=\"1:6\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c><c r=\"F2\" t=\"s\"><v>3</v></c></row><row r=\"3\"><c r=\"A3\" s=\"1\"><v>45170</v></c><c r=\"B3\" s=\"2\"><v>45170.5</v></c><c r=\"C3\" s=\"3\"><v>12.5</v></c><c r=\"D3\" s=\"4\"><v>1E-3</v></c><c r=\"E3\" t=\"str\"><f>A1&amp;\"x\"</f><v>итог</v></c><c r=\"F3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"G3\" t=\"b\"><v>0</v></c><c r=\"H3\" s=\"1\"/><c r=\"I3\" t=\"inlineStr\"><is><t>в строке</t></is></c></row><row><c><v>1</v></c></row></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>"),
            ("xl/worksheets/other.xml", "<worksheet xmlns=\"\(main)\"><sheetData><row r=\"1\"><c r=\"B1\"><v>2</v></c></row></sheetData></worksheet>"),
        ])
    }

    @Test func readsSharedStringsStylesAndTypes() throws {
        let reader = try XLSXReader(data: try Self.excelLikeWorkbook())
        #expect(reader.sheetNames == ["Второй по файлу", "Data"])
        #expect(try reader.rows(sheet: "Второй по файлу").map(\.values) == [[nil, "2"]])
        let rows = try reader.rows(sheet: "Data")
        #expect(rows.map(\.number) == [2, 3, 4])
        #expect(rows[0].values == ["Муниципалитет", nil, "Школа № 5", "漢字", nil, "a\rb & <c>"])
        #expect(rows[1].cells[0] == .date(CellDate(year: 2023, month: 9, day: 1)))
        #expect(rows[1].cells[1] == .date(CellDate(year: 2023, month: 9, day: 1, hour: 12)))
        #expect(rows[1].cells[2] == .number(12.5, text: "12.5"))  // quoted "д" is no day
        #expect(rows[1].cells[3] == .number(0.001, text: "1E-3"))
        #expect(rows[1].cells[4] == .text("итог"))
        #expect(rows[1].cells[5] == .error("#DIV/0!"))
        #expect(rows[1].cells[6] == .boolean(false))
        #expect(rows[1].cells[7] == nil)  // styled, no value
        #expect(rows[1].cells[8] == .text("в строке"))
        #expect(rows[2].values == ["1"])
        #expect(throws: SpreadsheetError.sheetNotFound("Нет")) { try reader.rows(sheet: "Нет") }
    }

    @Test func date1904System() throws {
        let reader = try XLSXReader(data: try Self.excelLikeWorkbook(date1904: true))
        #expect(reader.date1904)
        let rows = try reader.rows(sheet: "Data")
        #expect(rows[1].values[0] == "2027-09-02")  // 45170 days after 1904-01-01
    }

    @Test func callbackErrorStopsReading() throws {
        struct Stop: Error {}
        let reader = try XLSXReader(data: try Self.excelLikeWorkbook())
        var seen = 0
        #expect(throws: Stop.self) {
            try reader.readRows(sheet: "Data") { _ in seen += 1; throw Stop() }
        }
        #expect(seen == 1)
    }

    @Test func dateSerials() {
        #expect(CellDate(serial: 1)?.iso == "1900-01-01")
        #expect(CellDate(serial: 59)?.iso == "1900-02-28")
        #expect(CellDate(serial: 61)?.iso == "1900-03-01")
        #expect(CellDate(serial: 45170)?.iso == "2023-09-01")
        #expect(CellDate(serial: 45170.75)?.iso == "2023-09-01T18:00:00")
        #expect(CellDate(year: 2023, month: 9, day: 1).serial == 45170)
        #expect(CellDate(year: 1900, month: 1, day: 1).serial == 1)
        #expect(CellDate(serial: -1) == nil)
        #expect(CellDate(serial: .nan) == nil)
    }

    @Test func dateFormatDetection() {
        for code in ["dd.mm.yyyy", "d/m/yy", "[$-419]d mmmm yyyy", "yyyy-mm-dd hh:mm", "mmm-yy", "h:mm:ss"] {
            #expect(NumberFormat.isDate(code), "\(code)")
        }
        for code in ["General", "0.00", "#,##0\"д\"", "0%", "[Red]0.00", "\\d0", "@"] {
            #expect(!NumberFormat.isDate(code), "\(code)")
        }
        #expect((14...22).allSatisfy(NumberFormat.isBuiltinDate))
        #expect(!NumberFormat.isBuiltinDate(0) && !NumberFormat.isBuiltinDate(4) && !NumberFormat.isBuiltinDate(49))
    }

    @Test func cellReferences() {
        #expect(CellReference.parse("A1".utf8)! == (1, 1))
        #expect(CellReference.parse("$AB$12".utf8)! == (28, 12))
        #expect(CellReference.parse("XFD1048576".utf8)! == (16384, 1_048_576))
        #expect(CellReference.parse("1A".utf8) == nil)
        #expect(CellReference.columnName(28) == "AB")
        #expect(CellRange(reference: "A1:C2") == CellRange(firstRow: 1, firstColumn: 1, lastRow: 2, lastColumn: 3))
    }
}
