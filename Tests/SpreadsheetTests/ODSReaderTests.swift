import Foundation
import Testing
@testable import Spreadsheet

/// ODS as LibreOffice writes it: repeats of rows and cells (empty ones at the end capped), text in paragraphs, typed
/// values, covered cells of merged ranges, comments left out; the format told by the `mimetype`, not the name.
@Suite struct ODSReaderTests {
    static func ods(_ tables: String) throws -> Data {
        let content = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">\
            <office:body><office:spreadsheet>\(tables)</office:spreadsheet></office:body></office:document-content>
            """
        return try makeZip([("mimetype", ODSReader.mimetype), ("content.xml", content),
                            ("META-INF/manifest.xml", "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>")])
    }

    static func text(_ s: String, repeated: Int? = nil) -> String {
        "<table:table-cell office:value-type=\"string\"\(repeated.map { " table:number-columns-repeated=\"\($0)\"" } ?? "")><text:p>\(s)</text:p></table:table-cell>"
    }

    @Test func readsSheetsRowsAndTypedValues() throws {
        let data = try Self.ods("""
            <table:table table:name="Данные"><table:table-column table:number-columns-repeated="1024"/>\
            <table:table-row>\(Self.text("Код"))\(Self.text("Доля"))\(Self.text("Дата"))\(Self.text("Средний"))<table:table-cell table:number-columns-repeated="1020"/></table:table-row>\
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>\
            <table:table-row table:number-rows-repeated="2">\(Self.text("000303"))\
            <table:table-cell office:value-type="percentage" office:value="0.1667"><text:p>16,67 %</text:p></table:table-cell>\
            <table:table-cell office:value-type="date" office:date-value="2023-09-01"><text:p>01.09.2023</text:p></table:table-cell>\
            <table:table-cell office:value-type="float" office:value="3.44" calcext:value-type="float"><text:p>3,44</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="1020"/></table:table-row>\
            <table:table-row table:number-rows-repeated="1048571"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>\
            </table:table>\
            <table:table table:name="Второй"><table:table-row><table:table-cell/>\
            <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>ИСТИНА</text:p></table:table-cell></table:table-row></table:table>
            """)
        #expect(TableFormat.detect(data) == .ods)
        #expect(FileKind.identify(data) == .ods)
        let reader = try ODSReader(data: data)
        #expect(reader.sheetNames == ["Данные", "Второй"])
        let rows = try reader.rowsOf(0)
        #expect(rows.map(\.number) == [1, 4, 5])
        #expect(rows[0].values == ["Код", "Доля", "Дата", "Средний"])
        #expect(rows[1].values == ["000303", "0.1667", "2023-09-01", "3.44"])
        #expect(rows[2] == SheetRow(number: 5, cells: rows[1].cells))
        #expect(try reader.rowsOf(1).map(\.values) == [[nil, "TRUE"]])
        var all: [Int] = []
        try reader.readAllRows { sheet, _ in all.append(sheet) }
        #expect(all == [0, 0, 0, 1])
        #expect(try Table(data: data).rows.map(\.line) == [1, 4, 5])
        #expect(try Table(data: data, sheet: "Второй").rows.map(\.values) == [[nil, "TRUE"]])
    }

    @Test func textFromParagraphsSpacesAndSpansWithoutComments() throws {
        let data = try Self.ods("""
            <table:table table:name="Лист1"><table:table-row>\
            <table:table-cell office:value-type="string"><office:annotation><text:p>комментарий</text:p></office:annotation>\
            <text:p>МБОУ<text:s/>«СОШ<text:s text:c="2"/>№ 3»</text:p><text:p><text:span>корпус</text:span> 2</text:p></table:table-cell>\
            <table:covered-table-cell table:number-columns-repeated="2"/>\
            <table:table-cell office:value-type="float" office:value="5" table:number-columns-repeated="2"><text:p>5</text:p></table:table-cell>\
            </table:table-row></table:table>
            """)
        let rows = try ODSReader(data: data).rows()
        #expect(rows.count == 1)
        #expect(rows[0].values == ["МБОУ «СОШ  № 3»\nкорпус 2", nil, nil, "5", "5"])
    }

    @Test func repeatedRowsWithValuesAreHeldToTheRowLimit() throws {
        let data = try Self.ods("""
            <table:table table:name="Бомба"><table:table-row table:number-rows-repeated="5000">\(Self.text("x", repeated: 3))</table:table-row></table:table>
            """)
        let reader = try ODSReader(data: data, limits: XLSXLimits(maxRows: 1000))
        #expect(throws: SpreadsheetError.tooLarge(.rows(limit: 1000))) { try reader.rows() }
        #expect(try ODSReader(data: data).rows().count == 5000)
    }

    @Test func damagedOrTableLessFilesAreRefused() throws {
        let data = try Self.ods("")
        #expect(isNotXLSX { _ = try ODSReader(data: data) })
        let broken = try makeZip([("mimetype", ODSReader.mimetype), ("content.xml", "<office:document-content><table:table")])
        #expect(isNotXLSX { _ = try ODSReader(data: broken) })
    }
}

extension ODSReader {
    func rowsOf(_ index: Int) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try readRows(sheetIndex: index) { rows.append($0) }
        return rows
    }

    func rows() throws -> [SheetRow] { try rowsOf(0) }
}
