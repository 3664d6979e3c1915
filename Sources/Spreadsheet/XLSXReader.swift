import Foundation

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
/// Every part is scanned over its bytes as it inflates (`XMLScanner`: no XML library), so a sheet is
/// read row by row in bounded memory and no part is ever held whole. Shared strings (as strings) and
/// the cells' number styles are held in memory. `XLSXLimits` caps what a file may inflate and hold.
public final class XLSXReader: WorkbookReader {
    /// Sheet names in workbook order.
    public let sheetNames: [String]
    /// True when the workbook uses the 1904 date system.
    public let date1904: Bool

    private let archive: ZipReader
    private let sheetPaths: [String]
    private let sharedStringsPath: String?
    private let stylesPath: String?
    private var sharedStrings: [String]?
    private var styles: [NumberStyle]?

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

    /// Streams the rows of the sheet at `sheetIndex` (0-based, workbook order).
    @discardableResult
    public func readRows(sheetIndex: Int, _ body: (SheetRow) throws -> Void) throws -> SheetSummary {
        guard sheetPaths.indices.contains(sheetIndex) else { throw SpreadsheetError.sheetNotFound("#\(sheetIndex + 1)") }
        let strings = try loadSharedStrings()
        let styles = try loadStyles()
        let path = sheetPaths[sheetIndex]
        guard let entry = archive.entries[path] else { throw SpreadsheetError.notXLSX(detail: "missing part \(path)") }
        return try withoutActuallyEscaping(body) { body in
            let handler = SheetParser(sharedStrings: strings, styles: styles, date1904: date1904,
                                      maxRows: archive.limits.maxRows, body: body)
            try scanPart(archive, entry, handler)
            return SheetSummary(rowCount: handler.rowCount, mergedRanges: handler.merged)
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
            let handler = SharedStringsParser(maxCount: archive.limits.maxSharedStrings)
            try scanPart(archive, entry, handler)
            result = handler.strings
        }
        sharedStrings = result
        return result
    }

    private func loadStyles() throws -> [NumberStyle] {
        if let styles { return styles }
        var result: [NumberStyle] = []
        if let path = stylesPath, let entry = archive.entries[path] {
            let handler = StylesParser()
            try scanPart(archive, entry, handler)
            result = handler.styles
        }
        styles = result
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

    /// The width of a format whose first section is only zeros (`000000`: whole numbers padded to six digits), else nil.
    static func zeroPadWidth(_ code: String) -> Int? {
        let section = code.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard !section.isEmpty, section.utf8.allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
        return section.utf8.count
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

// MARK: - part readers (over XMLScanner)

struct Relationship { var id: String; var type: String; var target: String }

final class RelationshipsParser: XMLHandler {
    var items: [Relationship] = []
    /// The relationships of a `.rels` part, or `nil` when there is no such part.
    static func parse(_ archive: ZipReader, _ path: String) throws -> [Relationship]? {
        guard let entry = archive.entries[path] else { return nil }
        let d = RelationshipsParser()
        try scanPart(archive, entry, d)
        return d.items
    }
    func start(_ name: XMLBytes, _ attributes: XMLAttributes, _ scanner: XMLScanner) throws {
        guard name.equals("Relationship") else { return }
        var r = Relationship(id: "", type: "", target: "")
        var external = false
        try attributes.forEach { key, value in
            if key.equals("Id") { r.id = try attributes.decode(value) }
            else if key.equals("Type") { r.type = try attributes.decode(value) }
            else if key.equals("Target") { r.target = try attributes.decode(value) }
            else if key.equals("TargetMode") { external = value.equals("External") }
        }
        if !external { items.append(r) }
    }
    func end(_ name: XMLBytes, _ scanner: XMLScanner) throws {}
}

final class WorkbookParser: XMLHandler {
    struct Sheet { var name: String; var relationshipID: String? }
    var sheets: [Sheet] = []
    var date1904 = false
    var sawWorkbook = false
    static func parse(_ archive: ZipReader, _ path: String) throws -> WorkbookParser? {
        guard let entry = archive.entries[path] else { return nil }
        let d = WorkbookParser()
        try scanPart(archive, entry, d)
        guard d.sawWorkbook else { throw SpreadsheetError.notXLSX(detail: "\(path) is not a workbook") }
        return d
    }
    func start(_ name: XMLBytes, _ attributes: XMLAttributes, _ scanner: XMLScanner) throws {
        if name.equals("workbook") {
            sawWorkbook = true
        } else if name.equals("workbookPr") {
            let v = try attributes.value("date1904")
            date1904 = v == "1" || v == "true"
        } else if name.equals("sheet") {
            var sheetName: String?, id: String?
            try attributes.forEach { key, value in
                if key.equals("name") { sheetName = try attributes.decode(value) }
                else if key.equals("id") { id = try attributes.decode(value) }
            }
            sheets.append(Sheet(name: sheetName ?? "Лист\(sheets.count + 1)", relationshipID: id))
        }
    }
    func end(_ name: XMLBytes, _ scanner: XMLScanner) throws {}
}

/// How a cell style shows a number: as it is, as a date, or zero-padded to a width (a format such as `000000`).
enum NumberStyle: Equatable {
    case plain, date, zeroPadded(Int)

    static func of(code: String) -> NumberStyle {
        if NumberFormat.isDate(code) { return .date }
        if let width = NumberFormat.zeroPadWidth(code), width > 1 { return .zeroPadded(width) }
        return .plain
    }
}

final class StylesParser: XMLHandler {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    private var inCellXfs = false
    func start(_ name: XMLBytes, _ attributes: XMLAttributes, _ scanner: XMLScanner) throws {
        if name.equals("numFmt") {
            var id: Int?, code: String?
            try attributes.forEach { key, value in
                if key.equals("numFmtId") { id = value.int }
                else if key.equals("formatCode") { code = try attributes.decode(value) }
            }
            if let id, let code { customFormats[id] = code }
        } else if name.equals("cellXfs") {
            inCellXfs = true
        } else if inCellXfs && name.equals("xf") {
            var id = 0
            try attributes.forEach { key, value in if key.equals("numFmtId") { id = value.int ?? 0 } }
            cellFormats.append(id)
        }
    }
    func end(_ name: XMLBytes, _ scanner: XMLScanner) throws {
        if name.equals("cellXfs") { inCellXfs = false }
    }

    var styles: [NumberStyle] {
        cellFormats.map { id in
            if let code = customFormats[id] { return NumberStyle.of(code: code) }
            return NumberFormat.isBuiltinDate(id) ? .date : .plain
        }
    }
}

final class SharedStringsParser: XMLHandler {
    var strings: [String] = []
    private let maxCount: Int
    private var current = ""
    private var inItem = false
    private var phoneticDepth = 0
    init(maxCount: Int) { self.maxCount = maxCount }
    func start(_ name: XMLBytes, _ attributes: XMLAttributes, _ scanner: XMLScanner) throws {
        if name.equals("t") {
            if inItem && phoneticDepth == 0 { scanner.clearText(); scanner.collecting = true }
        } else if name.equals("si") {
            if strings.count >= maxCount { throw SpreadsheetError.tooLarge(.sharedStrings(limit: maxCount)) }
            current = ""
            inItem = true
        } else if name.equals("rPh") {
            phoneticDepth += 1
        }
    }
    func end(_ name: XMLBytes, _ scanner: XMLScanner) throws {
        if name.equals("t") {
            if scanner.collecting { current += try scanner.takeText(); scanner.collecting = false }
        } else if name.equals("si") {
            strings.append(unescapeOOXML(current))
            inItem = false
        } else if name.equals("rPh") {
            phoneticDepth -= 1
        }
    }
}

/// Reads `<sheetData>` rows and `<mergeCells>` of a worksheet.
final class SheetParser: XMLHandler {
    private let sharedStrings: [String]
    private let styles: [NumberStyle]
    private let date1904: Bool
    private let maxRows: Int
    private let body: (SheetRow) throws -> Void

    var rowCount = 0
    var merged: [CellRange] = []

    private var rowNumber = 0
    private var rowsStarted = 0
    private var cells: [Cell?] = []
    private var inRow = false
    // the cell being read
    private var column = 0
    private var type: CellType = .number
    private var style: NumberStyle = .plain
    private var text = ""
    private var inInline = false
    private var phoneticDepth = 0

    enum CellType { case number, shared, inline, string, boolean, error, date, other }

    init(sharedStrings: [String], styles: [NumberStyle], date1904: Bool, maxRows: Int, body: @escaping (SheetRow) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.maxRows = maxRows
        self.body = body
    }

    func start(_ name: XMLBytes, _ attributes: XMLAttributes, _ scanner: XMLScanner) throws {
        switch name.count {
        case 1:
            if name.base[0] == UInt8(ascii: "c") {
                var reference: Int?
                type = .number
                style = .plain
                try attributes.forEach { key, value in
                    guard key.count == 1 else { return }
                    switch key.base[0] {
                    case UInt8(ascii: "r"): reference = CellReference.parse(UnsafeBufferPointer(start: value.base, count: value.count))?.column
                    case UInt8(ascii: "t"): type = SheetParser.cellType(value)
                    case UInt8(ascii: "s"):
                        if let i = value.int, styles.indices.contains(i) { style = styles[i] }
                    default: break
                    }
                }
                column = reference ?? column + 1
                text = ""
            } else if name.base[0] == UInt8(ascii: "v") {
                scanner.clearText()
                scanner.collecting = true
            } else if name.base[0] == UInt8(ascii: "t") {
                if inInline && phoneticDepth == 0 { scanner.clearText(); scanner.collecting = true }
            }
        case 2:
            if name.equals("is") { inInline = true; text = "" }
        case 3:
            if name.equals("row") {
                rowsStarted += 1
                if rowsStarted > maxRows { throw SpreadsheetError.tooLarge(.rows(limit: maxRows)) }
                var number: Int?
                try attributes.forEach { key, value in if key.equals("r") { number = value.int } }
                if let n = number, n > 0 { rowNumber = n } else { rowNumber += 1 }
                cells.removeAll(keepingCapacity: true)
                column = 0
                inRow = true
            } else if name.equals("rPh") {
                phoneticDepth += 1
            }
        default:
            if name.equals("mergeCell") {
                if let ref = try attributes.value("ref"), let range = CellRange(reference: ref) { merged.append(range) }
            }
        }
    }

    func end(_ name: XMLBytes, _ scanner: XMLScanner) throws {
        switch name.count {
        case 1:
            if name.base[0] == UInt8(ascii: "c") {
                guard inRow, column > 0, let cell = makeCell() else { return }
                if cells.count == column - 1 {
                    cells.append(cell)
                } else {
                    while cells.count < column { cells.append(nil) }
                    cells[column - 1] = cell
                }
            } else if name.base[0] == UInt8(ascii: "v") || name.base[0] == UInt8(ascii: "t") {
                if scanner.collecting { text += try scanner.takeText(); scanner.collecting = false }
            }
        case 2:
            if name.equals("is") { inInline = false }
        case 3:
            if name.equals("row") {
                inRow = false
                rowCount += 1
                try body(SheetRow(number: rowNumber, cells: cells))
            } else if name.equals("rPh") {
                phoneticDepth -= 1
            }
        default:
            break
        }
    }

    static func cellType(_ value: XMLBytes) -> CellType {
        if value.equals("s") { return .shared }
        if value.equals("n") { return .number }
        if value.equals("inlineStr") { return .inline }
        if value.equals("str") { return .string }
        if value.equals("b") { return .boolean }
        if value.equals("e") { return .error }
        if value.equals("d") { return .date }
        return .other
    }

    /// A `<v>` number: whole numbers of up to 15 digits without `Double(String)`'s general parse.
    static func number(_ text: String) -> Double? {
        var n: Int64 = 0, digits = 0, negative = false
        for b in text.utf8 {
            if b >= 48 && b <= 57 && digits < 15 { n = n * 10 + Int64(b - 48); digits += 1 }
            else if b == UInt8(ascii: "-") && digits == 0 && !negative { negative = true }
            else { return Double(text) }
        }
        guard digits > 0 else { return Double(text) }
        return Double(negative ? -n : n)
    }

    private func makeCell() -> Cell? {
        switch type {
        case .shared:
            guard let i = Int(text), sharedStrings.indices.contains(i) else { return nil }
            return .text(sharedStrings[i])
        case .inline, .string:
            return .text(unescapeOOXML(text))
        case .boolean:
            guard !text.isEmpty else { return nil }
            return .boolean(text == "1" || text == "true")
        case .error:
            return text.isEmpty ? nil : .error(text)
        case .date:
            guard !text.isEmpty else { return nil }
            return ISODate.parse(text).map { .date($0) } ?? .text(text)
        case .number, .other:
            guard !text.isEmpty else { return nil }
            guard let value = SheetParser.number(text) else { return .text(text) }
            switch style {
            case .plain: break
            case .date:
                if let date = CellDate(serial: value, date1904: date1904) { return .date(date) }
            case .zeroPadded(let width):
                // What Excel shows: 303 with the format 000000 is «000303» (a school code kept as a number).
                if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                    let digits = String(Int64(abs(value)))
                    let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
                    return .number(value, text: value < 0 ? "-" + padded : padded)
                }
            }
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
