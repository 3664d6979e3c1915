import Foundation
import Testing
@testable import Spreadsheet

/// The byte scanner under the XLSX reader: the XML that Excel, LibreOffice and openpyxl write, and what it refuses.
@Suite struct XMLScannerTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// A one-sheet workbook with the given sheet XML and, optionally, styles.
    static func book(sheet: String, styles: String? = nil, sharedStrings: String? = nil) throws -> Data {
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        var parts: [(String, String)] = [
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id='rId1' Type='\(rel)/officeDocument' Target='xl/workbook.xml'/></Relationships>"),
            ("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><!-- a comment > with <tags> --><sheets><sheet name=\"Лист &quot;1&quot; &#x2116;\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ]
        if let styles {
            rels += "<Relationship Id=\"rId2\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/>"
            parts.append(("xl/styles.xml", styles))
        }
        if let sharedStrings {
            rels += "<Relationship Id=\"rId3\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            parts.append(("xl/sharedStrings.xml", sharedStrings))
        }
        parts.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
        parts.append(("xl/worksheets/sheet1.xml", sheet))
        return try makeZip(parts)
    }

    static func sheet(_ rows: String) -> String {
        "<?xml version=\"1.0\"?><worksheet xmlns=\"\(main)\"><sheetData>\(rows)</sheetData></worksheet>"
    }

    @Test func aNumberFormattedAllZerosReadsAsExcelShowsIt() throws {
        // «303» with the custom format 000000 is «000303» in Excel (issue 20, item 6); 000 pads less; 0 and 0.00 do not pad.
        let styles = "<styleSheet xmlns=\"\(Self.main)\"><numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"000000\"/>"
            + "<numFmt numFmtId=\"165\" formatCode=\"000\"/><numFmt numFmtId=\"166\" formatCode=\"000000;[Red]\\-000000\"/></numFmts>"
            + "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"1\"/><xf numFmtId=\"2\"/>"
            + "<xf numFmtId=\"166\"/></cellXfs></styleSheet>"
        let rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>303</v></c><c r=\"B1\" s=\"2\"><v>303</v></c><c r=\"C1\" s=\"2\"><v>4125</v></c>"
            + "<c r=\"D1\" s=\"3\"><v>303</v></c><c r=\"E1\" s=\"4\"><v>3.5</v></c><c r=\"F1\" s=\"1\"><v>3.5</v></c>"
            + "<c r=\"G1\" s=\"5\"><v>412</v></c><c r=\"H1\" s=\"1\" t=\"n\"><v>1234567</v></c></row>"
        let reader = try XLSXReader(data: try Self.book(sheet: Self.sheet(rows), styles: styles))
        let row = try #require(try reader.rows().first)
        #expect(row.values == ["000303", "303", "4125", "303", "3.5", "3.5", "000412", "1234567"])
        #expect(row.cells[0]?.doubleValue == 303)
        #expect(NumberFormat.zeroPadWidth("000000") == 6)
        #expect(NumberFormat.zeroPadWidth("0.00") == nil)
        #expect(NumberFormat.zeroPadWidth("General") == nil)
    }

    @Test func entitiesReferencesLineEndsAndPrefixes() throws {
        let rows = "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#1105; &#x1F600;</x:t></x:is></x:c>"
            + "<x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\">  две\r\nстроки\rтри  </x:t></x:is></x:c>"
            + "<x:c r = 'C1' t = 'inlineStr' ><x:is><x:t><![CDATA[<сырой>]]></x:t></x:is></x:c>"
            + "<x:c r=\"D1\" t=\"s\"><x:v>0</x:v></x:c></x:row >"
        let sheet = "<x:worksheet xmlns:x=\"\(Self.main)\"><x:sheetData>\(rows)</x:sheetData></x:worksheet>"
        let strings = "<sst xmlns=\"\(Self.main)\"><si><r><t>жир</t></r><r><rPr><b/></rPr><t>ный</t></r><rPh><t>ふりがな</t></rPh></si></sst>"
        let reader = try XLSXReader(data: try Self.book(sheet: sheet, sharedStrings: strings))
        #expect(reader.sheetNames == ["Лист \"1\" №"])
        let row = try #require(try reader.rows().first)
        #expect(row.values == ["a <b> & \"c\" 'd' ё 😀", "  две\nстроки\nтри  ", "<сырой>", "жирный"])
    }

    @Test func malformedXMLIsRefusedAsADamagedFile() throws {
        for bad in [
            "<row><c><v>1</v></row>",                      // mismatched end tag
            "<row><c t=\"inlineStr\"><is><t>a &bogus; b</t></is></c></row>",  // unknown entity
            "<row><c t=\"inlineStr\"><is><t>&#0;</t></is></c></row>",          // a bad character reference
            "<row><c r=A1><v>1</v></c></row>",             // an unquoted attribute
            "<row><c r=\"A1\"><v>1</v></c>",                // truncated
        ] {
            #expect(isNotXLSX { _ = try XLSXReader(data: try Self.book(sheet: Self.sheet(bad))).rows() }, "\(bad)")
        }
        // No DTD, so no entity expansion (billion laughs) and nothing external.
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">]><worksheet xmlns=\"\(Self.main)\"><sheetData/></worksheet>"
        #expect(isNotXLSX { _ = try XLSXReader(data: try Self.book(sheet: doctype)).rows() })
        // Two roots.
        #expect(isNotXLSX { _ = try XLSXReader(data: try Self.book(sheet: Self.sheet("") + "<worksheet/>")).rows() })
    }

    @Test func aLongSheetStreamsAcrossChunks() throws {
        // Tags and texts cut at every chunk boundary: 20,000 rows of cells with long texts and entities.
        var rows = ""
        for i in 1...20_000 {
            rows += "<row r=\"\(i)\"><c r=\"A\(i)\" t=\"inlineStr\"><is><t>Школа &amp; № \(i) \(String(repeating: "ж", count: i % 37))</t></is></c><c r=\"C\(i)\"><v>\(i)</v></c></row>"
        }
        var seen = 0
        try XLSXReader(data: try Self.book(sheet: Self.sheet(rows))).readRows { row in
            seen += 1
            #expect(row.number == seen)
            #expect(row.values == ["Школа & № \(seen) \(String(repeating: "ж", count: seen % 37))", nil, String(seen)])
        }
        #expect(seen == 20_000)
    }
}
