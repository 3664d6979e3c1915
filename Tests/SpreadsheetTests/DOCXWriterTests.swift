import Foundation
import Testing
@testable import Spreadsheet

/// The DOCX writer: the parts of a WordprocessingML package, text escaped and line breaks kept; an independent
/// reader (python-docx, when installed) finds the same paragraphs and tables. LibreOffice's check of the summary's
/// DOCX is in the browser suite (Tests/Browser/journeys_summary.py).
@Suite struct DOCXWriterTests {
    func document() throws -> Data {
        let writer = DOCXWriter()
        writer.title("Итоговая справка")
        writer.heading("1. Идентификация", level: 1)
        writer.paragraph("Доля «2» <30 %> & _x0041_ остаётся\nвторая строка")
        writer.table(header: ["Школа", "Выездов"], rows: [["СШ № 1", "3"], ["Лицей № 9"]])
        return try writer.data()
    }

    @Test func thePackageHasItsPartsAndTheTextSurvives() throws {
        let zip = try ZipReader(data: try document())
        for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml"] {
            #expect(try zip.data(part) != nil, "\(part) is missing")
        }
        let xml = String(decoding: try #require(try zip.data("word/document.xml")), as: UTF8.self)
        #expect(xml.contains("<w:pStyle w:val=\"Title\"/>"))
        #expect(xml.contains("<w:pStyle w:val=\"Heading1\"/>"))
        // Escaped, and WordprocessingML has no _xHHHH_ escape to protect.
        #expect(xml.contains("Доля «2» &lt;30 %&gt; &amp; _x0041_ остаётся</w:t></w:r><w:r><w:br/><w:t xml:space=\"preserve\">вторая строка"))
        #expect(xml.components(separatedBy: "<w:tr>").count - 1 == 3)
        #expect(xml.components(separatedBy: "<w:tblHeader/>").count - 1 == 1)
        // A short row is padded to the header's width: every row has two cells.
        #expect(xml.components(separatedBy: "<w:tc>").count - 1 == 6)
        let types = String(decoding: try #require(try zip.data("[Content_Types].xml")), as: UTF8.self)
        #expect(types.contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
    }

    @Test(.enabled(if: run(["python3", "-c", "import docx"]).status == 0, "python-docx is not installed (make browser-deps)"))
    func pythonDocxReadsTheParagraphsAndTables() throws {
        let path = temporaryPath(".docx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try document().write(to: URL(fileURLWithPath: path))
        let script = """
            import docx, json, sys
            d = docx.Document(sys.argv[1])
            print(json.dumps({"p": [p.text for p in d.paragraphs], "t": [[[c.text for c in r.cells] for r in t.rows] for t in d.tables],
                              "s": [p.style.name for p in d.paragraphs][:2]}, ensure_ascii=False))
            """
        let result = run(["python3", "-c", script, path])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let paragraphs = try #require(json["p"] as? [String])
        #expect(paragraphs.prefix(3) == ["Итоговая справка", "1. Идентификация", "Доля «2» <30 %> & _x0041_ остаётся\nвторая строка"])
        #expect(json["s"] as? [String] == ["Title", "Heading 1"])
        #expect(json["t"] as? [[[String]]] == [[["Школа", "Выездов"], ["СШ № 1", "3"], ["Лицей № 9", ""]]])
    }
}
