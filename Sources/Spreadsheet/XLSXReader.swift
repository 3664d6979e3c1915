import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A rectangular range of cells, 1-based and inclusive (`A1:C2` → rows 1…2, columns 1…3).
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    public var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int

    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow; self.firstColumn = firstColumn
        self.lastRow = lastRow; self.lastColumn = lastColumn
    }

    /// Parses `A1:C2` or a single `B3`.
    public init?(reference: String) {
        let parts = reference.split(separator: ":")
        guard parts.count == 1 || parts.count == 2,
              let a = CellReference.parse(parts[0].utf8),
              let b = CellReference.parse(parts[parts.count - 1].utf8),
              a.row > 0, b.row > 0 else { return nil }
        self.init(firstRow: a.row, firstColumn: a.column, lastRow: b.row, lastColumn: b.column)
    }

    public var description: String {
        CellReference.columnName(firstColumn) + String(firstRow) + ":" + CellReference.columnName(lastColumn) + String(lastRow)
    }
}

/// What reading a sheet found besides its rows.
public struct SheetSummary: Sendable, Hashable {
    /// Rows passed to the callback.
    public var rowCount: Int
    /// Merged ranges (`<mergeCells>`). Their values are NOT propagated: only the top-left cell of a
    /// merged range has a value, the other cells of the range are `nil` (as Excel stores them).
    public var mergedRanges: [CellRange]
}

/// Streaming reader of an .xlsx workbook (Office Open XML spreadsheet).
///
/// Every part is parsed with SAX (FoundationXML's `XMLParser` over libxml2) as it inflates, so a
/// sheet is read row by row in bounded memory and no part is ever held whole. Shared strings (as
/// strings) and styles are held in memory. `XLSXLimits` caps what a file may inflate and hold.
public final class XLSXReader {
    /// Sheet names in workbook order.
    public let sheetNames: [String]
    /// True when the workbook uses the 1904 date system.
    public let date1904: Bool

    private let archive: ZipReader
    private let sheetPaths: [String]
    private let sharedStringsPath: String?
    private let stylesPath: String?
    private var sharedStrings: [String]?
    private var dateStyles: [Bool]?

    /// Opens a workbook file.
    public convenience init(path: String, limits: XLSXLimits = .default) throws {
        try self.init(archive: try ZipReader(path: path, limits: limits))
    }

    /// Opens a workbook held in memory.
    public convenience init(data: Data, limits: XLSXLimits = .default) throws {
        try self.init(archive: try ZipReader(data: data, limits: limits))
    }

    /// Uncompressed bytes inflated so far from this file (for tests: a refused bomb stops early).
    var bytesInflated: Int { archive.bytesInflated }

    private init(archive: ZipReader) throws {
        self.archive = archive
        // The package relationships name the workbook part; default to the usual path.
        var workbookPath = "xl/workbook.xml"
        if let r = try RelationshipsParser.parse(archive, "_rels/.rels") {
            if let main = r.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPath = XLSXReader.resolve(main.target, base: "")
            }
        }
        guard let book = try WorkbookParser.parse(archive, workbookPath) else {
            throw SpreadsheetError.notXLSX(detail: "no workbook part \(workbookPath)")
        }
        let base = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (base.isEmpty ? "" : base + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        let rels = try RelationshipsParser.parse(archive, relsPath) ?? []
        var names: [String] = []
        var paths: [String] = []
        for (index, sheet) in book.sheets.enumerated() {
            var path: String?
            if let id = sheet.relationshipID, let rel = rels.first(where: { $0.id == id }) {
                path = XLSXReader.resolve(rel.target, base: base)
            } else if rels.isEmpty {
                path = (base.isEmpty ? "" : base + "/") + "worksheets/sheet\(index + 1).xml"
            }
            guard let path else { continue }  // chartsheets and dialog sheets have no rows for us
            if let rel = rels.first(where: { $0.id == sheet.relationshipID }), !rel.type.hasSuffix("/worksheet") { continue }
            names.append(sheet.name)
            paths.append(path)
        }
        guard !names.isEmpty else { throw SpreadsheetError.notXLSX(detail: "workbook lists no worksheet") }
        self.sheetNames = names
        self.sheetPaths = paths
        self.date1904 = book.date1904
        self.sharedStringsPath = rels.first(where: { $0.type.hasSuffix("/sharedStrings") }).map { XLSXReader.resolve($0.target, base: base) }
            ?? (archive.entries[(base.isEmpty ? "" : base + "/") + "sharedStrings.xml"] != nil ? (base.isEmpty ? "" : base + "/") + "sharedStrings.xml" : nil)
        self.stylesPath = rels.first(where: { $0.type.hasSuffix("/styles") }).map { XLSXReader.resolve($0.target, base: base) }
    }

    /// Streams the rows of a sheet (by name; the first sheet when `nil`) in document order.
    /// Rows absent from the file are skipped (their numbers are missing), rows present but empty
    /// are passed with no cells. Throwing from `body` stops reading and rethrows.
    @discardableResult
    public func readRows(sheet: String? = nil, _ body: (SheetRow) throws -> Void) throws -> SheetSummary {
        let index: Int
        if let sheet {
            guard let i = sheetNames.firstIndex(of: sheet) else { throw SpreadsheetError.sheetNotFound(sheet) }
            index = i
        } else {
            index = 0
        }
        return try readRows(sheetIndex: index, body)
    }

    /// Streams the rows of the sheet at `sheetIndex` (0-based, workbook order).
    @discardableResult
    public func readRows(sheetIndex: Int, _ body: (SheetRow) throws -> Void) throws -> SheetSummary {
        guard sheetPaths.indices.contains(sheetIndex) else { throw SpreadsheetError.sheetNotFound("#\(sheetIndex + 1)") }
        let strings = try loadSharedStrings()
        let dates = try loadDateStyles()
        let path = sheetPaths[sheetIndex]
        guard let entry = archive.entries[path] else { throw SpreadsheetError.notXLSX(detail: "missing part \(path)") }
        return try withoutActuallyEscaping(body) { body in
            let delegate = SheetParser(sharedStrings: strings, dateStyles: dates, date1904: date1904,
                                       maxRows: archive.limits.maxRows, body: body)
            try parsePart(archive, entry, delegate)
            guard delegate.complete else { throw SpreadsheetError.notXLSX(detail: "\(path): truncated XML") }
            return SheetSummary(rowCount: delegate.rowCount, mergedRanges: delegate.merged)
        }
    }

    /// All rows of a sheet in memory; for small sheets.
    public func rows(sheet: String? = nil) throws -> [SheetRow] {
        var result: [SheetRow] = []
        try readRows(sheet: sheet) { result.append($0) }
        return result
    }

    // MARK: parts

    private func loadSharedStrings() throws -> [String] {
        if let sharedStrings { return sharedStrings }
        var result: [String] = []
        if let path = sharedStringsPath, let entry = archive.entries[path] {
            let delegate = SharedStringsParser(maxCount: archive.limits.maxSharedStrings)
            try parsePart(archive, entry, delegate)
            result = delegate.strings
        }
        sharedStrings = result
        return result
    }

    private func loadDateStyles() throws -> [Bool] {
        if let dateStyles { return dateStyles }
        var result: [Bool] = []
        if let path = stylesPath, let entry = archive.entries[path] {
            let delegate = StylesParser()
            try parsePart(archive, entry, delegate)
            result = delegate.cellFormats.map { id in
                if let code = delegate.customFormats[id] { return NumberFormat.isDate(code) }
                return NumberFormat.isBuiltinDate(id)
            }
        }
        dateStyles = result
        return result
    }

    /// Resolves a relationship target against the folder of its source part.
    static func resolve(_ target: String, base: String) -> String {
        var parts: [Substring]
        if target.hasPrefix("/") {
            parts = []
        } else {
            parts = base.split(separator: "/")
        }
        for component in target.split(separator: "/") {
            if component == ".." { _ = parts.popLast() } else if component != "." { parts.append(component) }
        }
        return parts.joined(separator: "/")
    }
}

// MARK: - cell references

enum CellReference {
    /// `"BC12"` → column 55 (1-based), row 12; a reference without digits gives row 0.
    static func parse<S: Sequence>(_ utf8: S) -> (column: Int, row: Int)? where S.Element == UInt8 {
        var column = 0, row = 0, sawLetter = false
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard row == 0 else { return nil }
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1; sawLetter = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard row == 0 else { return nil }
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1; sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default: return nil
            }
            if column > 16384 || row > 1_048_576 { return nil }
        }
        return sawLetter ? (column, row) : nil
    }

    /// 1 → `A`, 27 → `AA`.
    static func columnName(_ column: Int) -> String {
        var n = column, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}

// MARK: - number formats

enum NumberFormat {
    /// Built-in formats 14–22 are dates and times; 45–47 are times (mm:ss, [h]:mm:ss, mm:ss.0).
    static func isBuiltinDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id)
    }

    /// A custom format code is a date format when, outside quoted text, escapes and `[...]`
    /// sections, its first section contains d, m, y (or h, s for times).
    static func isDate(_ code: String) -> Bool {
        let section = code.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var inQuote = false, inBracket = false, escape = false
        for ch in section {
            if escape { escape = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket { if ch == "]" { inBracket = false }; continue }
            switch ch {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\", "_", "*": escape = true
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S":
                // "General" contains no such letters; "s" appears only as seconds outside quotes.
                return true
            default: continue
            }
        }
        return false
    }
}

// MARK: - SAX delegates

struct Relationship { var id: String; var type: String; var target: String }

final class RelationshipsParser: SAXDelegate {
    var items: [Relationship] = []
    /// The relationships of a `.rels` part, or `nil` when there is no such part.
    static func parse(_ archive: ZipReader, _ path: String) throws -> [Relationship]? {
        guard let entry = archive.entries[path] else { return nil }
        let d = RelationshipsParser()
        try parsePart(archive, entry, d)
        return d.items
    }
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard localName(elementName) == "Relationship" else { return }
        if attributes["TargetMode"] == "External" { return }
        items.append(Relationship(id: attributes["Id"] ?? "", type: attributes["Type"] ?? "", target: attributes["Target"] ?? ""))
    }
}

final class WorkbookParser: SAXDelegate {
    struct Sheet { var name: String; var relationshipID: String? }
    var sheets: [Sheet] = []
    var date1904 = false
    var sawWorkbook = false
    static func parse(_ archive: ZipReader, _ path: String) throws -> WorkbookParser? {
        guard let entry = archive.entries[path] else { return nil }
        let d = WorkbookParser()
        try parsePart(archive, entry, d)
        guard d.sawWorkbook else { throw SpreadsheetError.notXLSX(detail: "\(path) is not a workbook") }
        return d
    }
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "workbook": sawWorkbook = true
        case "workbookPr":
            let v = attributes["date1904"]
            date1904 = v == "1" || v == "true"
        case "sheet":
            sheets.append(Sheet(name: attributes["name"] ?? "Лист\(sheets.count + 1)", relationshipID: attribute(attributes, "id")))
        default: break
        }
    }
}

final class StylesParser: SAXDelegate {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    private var inCellXfs = false
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }
    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if localName(elementName) == "cellXfs" { inCellXfs = false }
    }
}

final class SharedStringsParser: SAXDelegate {
    var strings: [String] = []
    private let maxCount: Int
    private var current = ""
    private var inText = false
    private var phoneticDepth = 0
    init(maxCount: Int) { self.maxCount = maxCount }
    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "si":
            current = ""
            if strings.count >= maxCount { stop(parser, SpreadsheetError.tooLarge(.sharedStrings(limit: maxCount))) }
        case "t": inText = phoneticDepth == 0
        case "rPh": phoneticDepth += 1
        default: break
        }
    }
    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si": strings.append(unescapeOOXML(current))
        case "t": inText = false
        case "rPh": phoneticDepth -= 1
        default: break
        }
    }
    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}

/// Parses `<sheetData>` rows and `<mergeCells>` of a worksheet.
final class SheetParser: SAXDelegate {
    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool
    private let maxRows: Int
    private let body: (SheetRow) throws -> Void

    var rowCount = 0
    var merged: [CellRange] = []
    /// The root element was closed: the part was not cut short.
    var complete = false

    private var rowNumber = 0
    private var rowsStarted = 0
    private var cells: [Cell?] = []
    private var inRow = false
    // the cell being read
    private var column = 0
    private var type = ""
    private var styleIsDate = false
    private var text = ""
    private var collecting = false
    private var inInline = false
    private var phoneticDepth = 0

    init(sharedStrings: [String], dateStyles: [Bool], date1904: Bool, maxRows: Int, body: @escaping (SheetRow) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.maxRows = maxRows
        self.body = body
    }

    override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        let name = localName(elementName)
        switch name {
        case "c":
            // one pass over the attributes: cheaper than three hashed look-ups per cell
            var reference: Int?
            type = ""
            styleIsDate = false
            for (key, value) in attributes {
                switch key {
                case "r": reference = CellReference.parse(value.utf8)?.column
                case "t": type = value
                case "s":
                    if let i = Int(value), dateStyles.indices.contains(i) { styleIsDate = dateStyles[i] }
                default: break
                }
            }
            column = reference ?? column + 1
            text = ""
        case "v":
            text = ""
            collecting = true
        case "is":
            inInline = true
            text = ""
        case "t":
            if inInline && phoneticDepth == 0 { collecting = true }
        case "rPh":
            phoneticDepth += 1
        case "row":
            rowsStarted += 1
            if rowsStarted > maxRows { stop(parser, SpreadsheetError.tooLarge(.rows(limit: maxRows))); return }
            if let r = attributes["r"], let n = Int(r), n > 0 { rowNumber = n } else { rowNumber += 1 }
            cells.removeAll(keepingCapacity: true)
            column = 0
            inRow = true
        case "mergeCell":
            if let ref = attributes["ref"], let range = CellRange(reference: ref) { merged.append(range) }
        default:
            break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "v", "t":
            collecting = false
        case "rPh":
            phoneticDepth -= 1
        case "is":
            inInline = false
        case "c":
            guard inRow, column > 0, let cell = makeCell() else { return }
            if cells.count == column - 1 {
                cells.append(cell)
            } else {
                while cells.count < column { cells.append(nil) }
                cells[column - 1] = cell
            }
        case "worksheet":
            complete = true
        case "row":
            guard stopError == nil else { return }
            inRow = false
            rowCount += 1
            do {
                try body(SheetRow(number: rowNumber, cells: cells))
            } catch {
                stop(parser, error)
            }
        default:
            break
        }
    }

    private func makeCell() -> Cell? {
        switch type {
        case "s":
            guard let i = Int(text), sharedStrings.indices.contains(i) else { return nil }
            return .text(sharedStrings[i])
        case "inlineStr":
            return .text(unescapeOOXML(text))
        case "str":
            return .text(unescapeOOXML(text))
        case "b":
            guard !text.isEmpty else { return nil }
            return .boolean(text == "1" || text == "true")
        case "e":
            return text.isEmpty ? nil : .error(text)
        case "d":
            guard !text.isEmpty else { return nil }
            return ISODate.parse(text).map { .date($0) } ?? .text(text)
        default:
            guard !text.isEmpty else { return nil }
            guard let value = Double(text) else { return .text(text) }
            if styleIsDate, let date = CellDate(serial: value, date1904: date1904) { return .date(date) }
            return .number(value, text: text)
        }
    }
}

enum ISODate {
    /// `2023-09-01` or `2023-09-01T08:30:00[.fff][Z]`.
    static func parse(_ s: String) -> CellDate? {
        let u = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard u.count >= from + len else { return nil }
            var v = 0
            for b in u[from..<from + len] {
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        guard let y = num(0, 4), u.count >= 10, u[4] == 45, let m = num(5, 2), u[7] == 45, let d = num(8, 2),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        var date = CellDate(year: y, month: m, day: d)
        if u.count >= 19, u[10] == 84, let h = num(11, 2), let mi = num(14, 2), let se = num(17, 2) {
            date.hour = h; date.minute = mi; date.second = se
        }
        return date
    }
}
