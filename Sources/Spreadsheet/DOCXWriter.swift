import Foundation
import ZIPFoundation

/// Writer of a minimal WordprocessingML document (.docx): headings, paragraphs and tables, in the order added.
///
/// The package has `[Content_Types].xml`, the package relationships, `word/document.xml`, `word/styles.xml`
/// (Normal, Title, Heading 1–3, a bordered table style) and the document's relationships. Pages are A4 landscape
/// (summary tables are wide). A line break in a text becomes `<w:br/>`, a tab `<w:tab/>`; characters XML 1.0
/// forbids are dropped. It knows nothing of what the document says.
public final class DOCXWriter {
    private var body: [UInt8] = []

    public init() {}

    /// The document's title (style Title).
    public func title(_ text: String) { paragraph(text, style: "Title") }

    /// A heading, level 1 to 3 (styles Heading1…Heading3).
    public func heading(_ text: String, level: Int = 1) { paragraph(text, style: "Heading\(min(max(level, 1), 3))") }

    /// A paragraph of body text.
    public func paragraph(_ text: String, bold: Bool = false) { paragraph(text, style: nil, bold: bold) }

    /// A table with a bold header row (repeated on every page) and rows of text; short rows are padded.
    public func table(header: [String], rows: [[String]]) {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return }
        // The text width of A4 landscape with 2 cm margins, in twentieths of a point, shared equally.
        let width = (16838 - 2 * 1134) / columns
        append("<w:tbl><w:tblPr><w:tblStyle w:val=\"OporaTable\"/><w:tblW w:w=\"\(width * columns)\" w:type=\"dxa\"/></w:tblPr><w:tblGrid>")
        for _ in 0..<columns { append("<w:gridCol w:w=\"\(width)\"/>") }
        append("</w:tblGrid>")
        func row(_ cells: [String], isHeader: Bool) {
            append(isHeader ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>")
            for i in 0..<columns {
                append("<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>")
                paragraph(i < cells.count ? cells[i] : "", style: nil, bold: isHeader)
                append("</w:tc>")
            }
            append("</w:tr>")
        }
        if !header.isEmpty { row(header, isHeader: true) }
        for cells in rows { row(cells, isHeader: false) }
        append("</w:tbl>")
        // Word needs a paragraph between two tables (and after the last one before the section's end).
        paragraph("", style: nil)
    }

    /// The package as bytes.
    public func data() throws -> Data {
        let temp = NSTemporaryDirectory() + "opora-document-\(UUID().uuidString).docx"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: temp), accessMode: .create)
        } catch {
            throw SpreadsheetError.io("cannot create \(temp): \(error)")
        }
        var document = Array(DOCXParts.documentStart.utf8)
        document += body
        document += Array(DOCXParts.documentEnd.utf8)
        do {
            try add(archive, "[Content_Types].xml", Data(DOCXParts.contentTypes.utf8))
            try add(archive, "_rels/.rels", Data(DOCXParts.packageRels.utf8))
            try add(archive, "word/document.xml", Data(document))
            try add(archive, "word/_rels/document.xml.rels", Data(DOCXParts.documentRels.utf8))
            try add(archive, "word/styles.xml", Data(DOCXParts.styles.utf8))
        } catch {
            throw SpreadsheetError.io("cannot write \(temp): \(error)")
        }
        guard let data = FileManager.default.contents(atPath: temp) else { throw SpreadsheetError.io("cannot read back \(temp)") }
        return data
    }

    // MARK: internals

    private func append(_ s: String) { body.append(contentsOf: s.utf8) }

    private func paragraph(_ text: String, style: String?, bold: Bool = false) {
        append("<w:p>")
        if let style { append("<w:pPr><w:pStyle w:val=\"\(style)\"/></w:pPr>") }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (i, line) in lines.enumerated() where !(line.isEmpty && lines.count == 1) {
            append("<w:r>")
            if bold { append("<w:rPr><w:b/></w:rPr>") }
            if i > 0 { append("<w:br/>") }
            for (j, piece) in line.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                if j > 0 { append("<w:tab/>") }
                if piece.isEmpty { continue }
                append("<w:t xml:space=\"preserve\">")
                XMLText.escape(String(piece), into: &body, ooxmlUnderscore: false)
                append("</w:t>")
            }
            append("</w:r>")
        }
        append("</w:p>")
    }

    private func add(_ archive: Archive, _ path: String, _ data: Data) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

enum DOCXParts {
    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    </Types>
    """

    static let packageRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"

    static let documentRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"

    static let documentStart = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"

    // A4 landscape, 2 cm margins.
    static let documentEnd = "<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"

    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>\
    <w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault>\
    <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:spacing w:before="160" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>\
    <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
    <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
    <w:style w:type="table" w:styleId="OporaTable"><w:name w:val="Opora Table"/><w:basedOn w:val="TableNormal"/>\
    <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>\
    <w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
    <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
    <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>\
    </w:styles>
    """
}
