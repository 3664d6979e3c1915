import Foundation
import ZIPFoundation

/// Streaming writer of an .xlsx workbook.
///
/// Sheets are written one after another: `addSheet` starts a sheet (and finishes the previous
/// one), `addRow` appends a row. Each sheet's XML goes to a temporary file as it is produced, so
/// memory stays bounded; `write(to:)` or `data()` packs the workbook (deflate).
///
/// The output has `[Content_Types].xml`, package and workbook relationships, a workbook, styles
/// (a bold header style with a fill, date formats `dd.mm.yyyy` and `dd.mm.yyyy hh:mm`) and one
/// worksheet per sheet with column widths, a frozen header row and inline strings. Empty (`nil`)
/// cells are omitted. Characters XML 1.0 forbids (controls other than tab, LF, CR; U+FFFE/U+FFFF)
/// are dropped. A sheet with a header has an autofilter over its table, prints fitted to the page width (landscape
/// when it has more than `landscapeColumns` columns) and repeats its header on every page. Sheet names are made valid for Excel: `[]:*?/\` become `_`, at most 31
/// characters, unique.
public final class XLSXWriter {
    private struct SheetFile {
        var name: String
        var url: URL
        /// The header's row (1-based) and the table's width, for the autofilter and the repeated print titles.
        var headerRow: Int? = nil
        var width = 0
        var lastRow = 0
    }
    private var finished: [SheetFile] = []
    private var current: (file: SheetFile, handle: FileHandle, nextRow: Int)?
    private var buffer: [UInt8] = []
    private var columnNames: [[UInt8]] = []
    private var closed = false
    /// Sheets wider than this print landscape.
    public var landscapeColumns = 6

    public init() {
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if let current { try? current.handle.close(); try? FileManager.default.removeItem(at: current.file.url) }
        for sheet in finished { try? FileManager.default.removeItem(at: sheet.url) }
    }

    /// Starts a new sheet. `header`, when given, becomes row 1 in the header style (bold, filled)
    /// and is frozen. `columnWidths` are in characters; missing widths are taken from the header
    /// text (at least 10). `title`, when given, is a row above the header (a document's heading: whose, which year),
    /// frozen with it.
    public func addSheet(name: String, title: String? = nil, header: [String]? = nil, columnWidths: [Double] = []) throws {
        try finishSheet()
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opora-xlsx-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw SpreadsheetError.io("cannot create a temporary file")
        }
        current = (SheetFile(name: uniqueName(name), url: url), handle, 1)
        append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        if let header {
            current?.file.headerRow = title == nil ? 1 : 2
            current?.file.width = max(header.count, 1)
            append("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>")
        }
        let frozen = (header == nil ? 0 : 1) + (title == nil ? 0 : 1)
        if frozen > 0 {
            append("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(frozen)\" topLeftCell=\"A\(frozen + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews>")
        } else {
            append("<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>")
        }
        append("<sheetFormatPr defaultRowHeight=\"15\"/>")
        let count = max(columnWidths.count, header?.count ?? 0)
        if count > 0 {
            append("<cols>")
            for i in 0..<count {
                var width = i < columnWidths.count ? columnWidths[i] : 0
                if width <= 0 { width = max(10, Double((header.flatMap { i < $0.count ? $0[i] : nil } ?? "").count) + 2) }
                width = min(width, 255)
                append("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(Cell.format(width))\" customWidth=\"1\"/>")
            }
            append("</cols>")
        }
        append("<sheetData>")
        if let title { try writeRow([Cell.text(title)], style: 1) }
        if let header { try writeRow(header.map { Cell.text($0) }, style: 1) }
    }

    /// Appends a row to the current sheet (a sheet named «Лист1» is started if there is none).
    public func addRow(_ cells: [Cell?]) throws {
        if current == nil { try addSheet(name: "Лист1") }
        try writeRow(cells, style: nil)
    }

    /// Appends a row of texts; `nil` and empty strings are omitted.
    public func addRow(_ values: [String?]) throws {
        try addRow(values.map { v -> Cell? in
            guard let v, !v.isEmpty else { return nil }
            return .text(v)
        })
    }

    /// Packs the workbook into a file (replacing it).
    public func write(to path: String) throws {
        try finishSheet()
        if finished.isEmpty { try addSheet(name: "Лист1"); try finishSheet() }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.removeItem(at: url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw SpreadsheetError.io("cannot create \(path): \(error)")
        }
        do {
            try add(archive, "[Content_Types].xml", contentTypes())
            try add(archive, "_rels/.rels", Data(XLSXParts.packageRels.utf8))
            try add(archive, "xl/workbook.xml", workbook())
            try add(archive, "xl/_rels/workbook.xml.rels", workbookRels())
            try add(archive, "xl/styles.xml", Data(XLSXParts.styles.utf8))
            for (i, sheet) in finished.enumerated() {
                let size = try FileManager.default.attributesOfItem(atPath: sheet.url.path)[.size] as? Int64 ?? 0
                let handle = try FileHandle(forReadingFrom: sheet.url)
                defer { try? handle.close() }
                try archive.addEntry(with: "xl/worksheets/sheet\(i + 1).xml", type: .file, uncompressedSize: size,
                                     compressionMethod: .deflate, bufferSize: 1 << 16) { position, chunk in
                    try handle.seek(toOffset: UInt64(position))
                    return handle.readData(ofLength: chunk)
                }
            }
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw SpreadsheetError.io("cannot write \(path): \(error)")
        }
    }

    /// The workbook as bytes.
    public func data() throws -> Data {
        let temp = NSTemporaryDirectory() + "opora-book-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: temp) }
        try write(to: temp)
        guard let data = FileManager.default.contents(atPath: temp) else { throw SpreadsheetError.io("cannot read back \(temp)") }
        return data
    }

    /// Writes whole sheets at once: `(name, header, rows)`.
    public static func data(sheets: [(name: String, header: [String]?, rows: [[Cell?]])]) throws -> Data {
        let writer = XLSXWriter()
        for sheet in sheets {
            try writer.addSheet(name: sheet.name, header: sheet.header)
            for row in sheet.rows { try writer.addRow(row) }
        }
        return try writer.data()
    }

    // MARK: internals

    private func add(_ archive: Archive, _ path: String, _ data: Data) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    private func uniqueName(_ raw: String) -> String {
        var name = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        var filtered = ""
        filtered.unicodeScalars.append(contentsOf: name.unicodeScalars.filter { XMLText.allowed($0) && $0.value >= 0x20 })
        name = String(filtered.prefix(31))
        if name.isEmpty { name = "Лист\(finished.count + 1)" }
        let taken = Set(finished.map { $0.name.lowercased() })
        var candidate = name, n = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            candidate = String(name.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        return candidate
    }

    private func finishSheet() throws {
        guard let sheet = current else { return }
        append("</sheetData>")
        if let headerRow = sheet.file.headerRow {
            let last = CellReference.columnName(sheet.file.width)
            append("<autoFilter ref=\"A\(headerRow):\(last)\(max(headerRow, sheet.nextRow - 1))\"/>")
            append("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>")
            append("<pageSetup paperSize=\"9\" orientation=\"\(sheet.file.width > landscapeColumns ? "landscape" : "portrait")\" fitToWidth=\"1\" fitToHeight=\"0\"/>")
        }
        append("</worksheet>")
        try flush(force: true)
        try? sheet.handle.close()
        var file = sheet.file
        file.lastRow = max(file.headerRow ?? 1, sheet.nextRow - 1)
        finished.append(file)
        current = nil
    }

    private func columnName(_ index: Int) -> [UInt8] {
        while columnNames.count <= index { columnNames.append(Array(CellReference.columnName(columnNames.count + 1).utf8)) }
        return columnNames[index]
    }

    private func writeRow(_ cells: [Cell?], style: Int?) throws {
        guard let row = current?.nextRow else { return }
        guard row <= 1_048_576 else { throw SpreadsheetError.io("more than 1,048,576 rows in a sheet") }
        current?.nextRow = row + 1
        let rowDigits = Array(String(row).utf8)
        append("<row r=\""); buffer.append(contentsOf: rowDigits); append("\">")
        for (i, cell) in cells.enumerated() {
            guard let cell, i < 16384 else { continue }
            append("<c r=\""); buffer.append(contentsOf: columnName(i)); buffer.append(contentsOf: rowDigits)
            buffer.append(UInt8(ascii: "\""))
            if let style { append(" s=\"\(style)\"") }
            switch cell {
            case .text(let s):
                append(" t=\"inlineStr\"><is><t")
                if let f = s.utf8.first, let l = s.utf8.last, f == 32 || l == 32 || f == 9 || l == 9 || f == 10 || l == 10 {
                    append(" xml:space=\"preserve\"")
                }
                append(">"); XMLText.escape(s, into: &buffer); append("</t></is></c>")
            case .number(let value, let text):
                if value.isFinite {
                    append("><v>"); append(XLSXWriter.isNumberLiteral(text) ? text : Cell.format(value)); append("</v></c>")
                } else {
                    append(" t=\"e\"><v>#NUM!</v></c>")
                }
            case .boolean(let b):
                append(b ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
            case .error(let e):
                append(" t=\"e\"><v>"); XMLText.escape(e, into: &buffer); append("</v></c>")
            case .date(let d):
                let timed = d.hour != 0 || d.minute != 0 || d.second != 0
                if style == nil { append(timed ? " s=\"3\"" : " s=\"2\"") }
                append("><v>"); append(Cell.format(d.serial)); append("</v></c>")
            }
        }
        append("</row>")
        try flush(force: false)
    }

    /// Text that xsd:double accepts and Excel reads: digits, sign, point, exponent.
    static func isNumberLiteral(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count < 32 else { return false }
        var digits = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return false
            }
        }
        return digits && Double(text)?.isFinite == true
    }

    @inline(__always) private func append(_ s: String) {
        buffer.append(contentsOf: s.utf8)
    }

    private func flush(force: Bool) throws {
        guard let handle = current?.handle, force || buffer.count >= 1 << 20 else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw SpreadsheetError.io("cannot write a temporary file: \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func contentTypes() -> Data {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        for i in finished.indices {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return Data((s + "</Types>").utf8)
    }

    private func workbook() -> Data {
        var s: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr/><bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>".utf8)
        for (i, sheet) in finished.enumerated() {
            s += Array("<sheet name=\"".utf8)
            XMLText.escape(sheet.name, into: &s)
            s += Array("\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>".utf8)
        }
        s += Array("</sheets>".utf8)
        // The autofilter's hidden range and the header repeated on each printed page.
        let filtered = finished.enumerated().filter { $0.element.headerRow != nil }
        if !filtered.isEmpty {
            s += Array("<definedNames>".utf8)
            for (i, sheet) in filtered {
                var quoted: [UInt8] = []
                XMLText.escape("'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'", into: &quoted)
                let row = sheet.headerRow!, last = CellReference.columnName(sheet.width)
                s += Array("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">".utf8) + quoted
                    + Array("!$A$\(row):$\(last)$\(sheet.lastRow)</definedName>".utf8)
                s += Array("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">".utf8) + quoted
                    + Array("!$\(row):$\(row)</definedName>".utf8)
            }
            s += Array("</definedNames>".utf8)
        }
        s += Array("</workbook>".utf8)
        return Data(s)
    }

    private func workbookRels() -> Data {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in finished.indices {
            s += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(finished.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
        return Data(s.utf8)
    }
}

enum XLSXParts {
    static let packageRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"

    // cellXfs: 0 default, 1 header (bold, fill, wrap), 2 date, 3 date and time.
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <numFmts count="2"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="dd.mm.yyyy hh:mm"/></numFmts>\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
    <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
    <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """
}

enum XMLText {
    /// XML 1.0 Char, less the controls (tab, LF and CR are allowed).
    @inline(__always) static func allowed(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 { return v == 0x9 || v == 0xA || v == 0xD }
        return v != 0xFFFE && v != 0xFFFF
    }

    /// Escapes text for element content and attribute values; drops characters XML 1.0 forbids;
    /// CR is written as `&#13;` so that it survives end-of-line normalisation; a literal `_xHHHH_`
    /// gets its underscore escaped (`_x005F_`) so that SpreadsheetML readers do not decode it (`ooxmlUnderscore`;
    /// WordprocessingML has no such escape).
    static func escape(_ s: String, into out: inout [UInt8], ooxmlUnderscore: Bool = true) {
        let utf8 = s.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x09, 0x0A: out.append(b)
            case 0..<0x20: break  // forbidden control character: dropped
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE / EF BF BF
                let j = utf8.index(after: i)
                if j != utf8.endIndex, utf8[j] == 0xBF, utf8.index(after: j) != utf8.endIndex,
                   utf8[utf8.index(after: j)] >= 0xBE {
                    i = utf8.index(after: utf8.index(after: j))
                    continue
                }
                out.append(b)
            case UInt8(ascii: "_"):
                if ooxmlUnderscore && isOOXMLEscape(utf8, i) { out.append(contentsOf: "_x005F_".utf8) } else { out.append(b) }
            default: out.append(b)
            }
            i = utf8.index(after: i)
        }
    }

    private static func isOOXMLEscape(_ utf8: String.UTF8View, _ i: String.UTF8View.Index) -> Bool {
        var j = utf8.index(after: i)
        guard j != utf8.endIndex, utf8[j] == UInt8(ascii: "x") else { return false }
        for _ in 0..<4 {
            j = utf8.index(after: j)
            guard j != utf8.endIndex else { return false }
            let c = utf8[j]
            guard (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c) else { return false }
        }
        j = utf8.index(after: j)
        return j != utf8.endIndex && utf8[j] == UInt8(ascii: "_")
    }
}
