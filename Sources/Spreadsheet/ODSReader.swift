import Foundation

/// Reader of an .ods spreadsheet (OpenDocument, LibreOffice's own format): the zip (held to `XLSXLimits` like an
/// XLSX) and its `content.xml`, read by the byte scanner (`XMLScanner`) as it inflates.
///
/// Rows and cells come as `SheetRow`s, as `XLSXReader` gives them: a number as its `office:value` (a percentage as its
/// fraction, as Excel stores it), a date as `Cell.date`, text from its paragraphs (several `text:p` joined by a line
/// break, `text:s` spaces, `text:tab`, spans and links; comments left out). Repeated rows and cells
/// (`table:number-rows-repeated`, `table:number-columns-repeated`) are written out, except empty ones at the end of a
/// row or a sheet (LibreOffice writes 1,024 empty columns and a million empty rows that way); rows without a value
/// are not passed. Covered cells of a merged range are empty, as in Excel.
public final class ODSReader: WorkbookReader {
    /// Sheet names in document order.
    public let sheetNames: [String]

    private let archive: ZipReader
    private let content: ZipReader.Entry

    public static let mimetype = "application/vnd.oasis.opendocument.spreadsheet"

    /// Opens a spreadsheet file.
    public convenience init(path: String, limits: XLSXLimits = .default) throws {
        try self.init(archive: try ZipReader(path: path, limits: limits))
    }

    /// Opens a spreadsheet held in memory.
    public convenience init(data: Data, limits: XLSXLimits = .default) throws {
        try self.init(archive: try ZipReader(data: data, limits: limits))
    }

    private init(archive: ZipReader) throws {
        self.archive = archive
        guard let content = archive.entries["content.xml"] else { throw SpreadsheetError.notXLSX(detail: "no content.xml") }
        self.content = content
        let delegate = ODSContentParser(sheet: nil, maxRows: archive.limits.maxRows, maxCells: ODSReader.maxCells(archive.limits),
                                        namesOnly: true) { _, _ in }
        try scanPart(archive, content, delegate)
        guard delegate.complete else { throw SpreadsheetError.notXLSX(detail: "content.xml: truncated XML") }
        guard !delegate.names.isEmpty else { throw SpreadsheetError.notXLSX(detail: "content.xml lists no table") }
        sheetNames = delegate.names
    }

    /// Cells a file may give through repeats: as many as its largest part could hold written out (15 bytes a cell).
    static func maxCells(_ limits: XLSXLimits) -> Int { max(1, limits.maxPartBytes / 15) }

    /// Streams the rows of the sheet at `sheetIndex` (0-based, document order).
    @discardableResult
    public func readRows(sheetIndex: Int, _ body: (SheetRow) throws -> Void) throws -> SheetSummary {
        guard sheetNames.indices.contains(sheetIndex) else { throw SpreadsheetError.sheetNotFound("#\(sheetIndex + 1)") }
        var summary = SheetSummary(rowCount: 0, mergedRanges: [])
        try readAllRows(only: sheetIndex) { _, row in try body(row) } summaries: { summary = $0[sheetIndex] ?? summary }
        return summary
    }

    /// Streams the rows of every sheet in one pass over `content.xml`, each with its sheet's index.
    public func readAllRows(_ body: (_ sheetIndex: Int, _ row: SheetRow) throws -> Void) throws {
        try readAllRows(only: nil, body) { _ in }
    }

    private func readAllRows(only: Int?, _ body: (Int, SheetRow) throws -> Void, summaries: ([Int: SheetSummary]) -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            let delegate = ODSContentParser(sheet: only, maxRows: archive.limits.maxRows, maxCells: ODSReader.maxCells(archive.limits),
                                            namesOnly: false, body: body)
            do {
                try scanPart(archive, content, delegate)
                guard delegate.complete else { throw SpreadsheetError.notXLSX(detail: "content.xml: truncated XML") }
            } catch is ODSContentParser.Finished {}
            summaries(delegate.summaries)
        }
    }
}

/// The scanner's handler over `content.xml`: tables, rows, cells and their text, with the repeats.
final class ODSContentParser: XMLHandler {
    private(set) var names: [String] = []
    private(set) var summaries: [Int: SheetSummary] = [:]
    /// The root element was closed: the XML was not cut short.
    private(set) var complete = false

    private let only: Int?
    private let maxRows: Int
    private let maxCells: Int
    private let namesOnly: Bool
    private let body: (Int, SheetRow) throws -> Void

    /// The table being read (index into `names`), nil outside a table or inside a nested one.
    private var table: Int?
    private var tableDepth = 0
    private var rowNumber = 0
    private var rowsRead = 0
    private var cellsMade = 0
    private var merged: [CellRange] = []

    private var inRow = false
    private var rowRepeat = 1
    private var cells: [Cell?] = []
    /// Empty cells seen since the last cell with a value: written out only if a value follows.
    private var pendingEmpty = 0

    private var inCell = false
    private var cellRepeat = 1
    private var cellType: String?
    private var cellValue: String?
    private var text = ""
    private var paragraphs = 0
    private var inParagraph = 0
    private var annotationDepth = 0

    /// Thrown to stop parsing once the one sheet asked for is read.
    struct Finished: Error {}

    /// Columns a row may have (LibreOffice's and Excel's maximum).
    static let maxColumns = 16_384

    init(sheet: Int?, maxRows: Int, maxCells: Int, namesOnly: Bool, body: @escaping (Int, SheetRow) throws -> Void) {
        self.only = sheet
        self.maxRows = maxRows
        self.maxCells = maxCells
        self.namesOnly = namesOnly
        self.body = body
    }

    /// An attribute by its local name (`table:name` → `name`).
    private static func value(_ a: XMLAttributes, _ local: StaticString) throws -> String? { try a.value(local) }

    private static func count(_ a: XMLAttributes, _ local: StaticString) throws -> Int {
        guard let s = try a.value(local), let n = Int(s.trimmingCharacters(in: .whitespaces)), n > 0 else { return 1 }
        return n
    }

    /// The paragraph text the scanner collected up to this tag, then whether to collect after it.
    private func flushText(_ scanner: XMLScanner) throws {
        if scanner.collecting { text += try scanner.takeText() }
    }

    func start(_ bytes: XMLBytes, _ a: XMLAttributes, _ scanner: XMLScanner) throws {
        try flushText(scanner)
        defer { scanner.collecting = inParagraph > 0 && annotationDepth == 0 }
        let name = bytes.string
        if name == "table" {
            tableDepth += 1
            if tableDepth == 1 {
                names.append(try ODSContentParser.value(a, "name") ?? "Лист\(names.count + 1)")
                let index = names.count - 1
                table = (namesOnly || (only != nil && only != index)) ? nil : index
                rowNumber = 0
                merged = []
            }
            return
        }
        guard let _ = table, tableDepth == 1 else { return }
        if annotationDepth > 0 { if name == "annotation" { annotationDepth += 1 }; return }
        switch name {
        case "table-row":
            inRow = true
            rowRepeat = try ODSContentParser.count(a, "number-rows-repeated")
            cells = []
            pendingEmpty = 0
        case "table-cell", "covered-table-cell":
            guard inRow else { return }
            inCell = true
            cellRepeat = try ODSContentParser.count(a, "number-columns-repeated")
            cellType = try ODSContentParser.value(a, "value-type")
            switch cellType {
            case "float", "percentage", "currency": cellValue = try ODSContentParser.value(a, "value")
            case "date": cellValue = try ODSContentParser.value(a, "date-value")
            case "boolean": cellValue = try ODSContentParser.value(a, "boolean-value")
            case "string": cellValue = try ODSContentParser.value(a, "string-value")
            default: cellValue = nil
            }
            text = ""
            paragraphs = 0
            if name == "table-cell" {
                let across = try ODSContentParser.count(a, "number-columns-spanned"), down = try ODSContentParser.count(a, "number-rows-spanned")
                if across > 1 || down > 1 {
                    let column = cells.count + pendingEmpty + 1, row = rowNumber + 1
                    merged.append(CellRange(firstRow: row, firstColumn: column, lastRow: row + down - 1, lastColumn: column + across - 1))
                }
            }
        case "annotation":
            annotationDepth = 1
        case "p", "h":
            guard inCell else { return }
            if paragraphs > 0 { text += "\n" }
            paragraphs += 1
            inParagraph += 1
        case "s":
            if inParagraph > 0 { text += String(repeating: " ", count: min(try ODSContentParser.count(a, "c"), 1024)) }
        case "tab":
            if inParagraph > 0 { text += "\t" }
        case "line-break":
            if inParagraph > 0 { text += "\n" }
        default:
            break
        }
    }

    func end(_ bytes: XMLBytes, _ scanner: XMLScanner) throws {
        try flushText(scanner)
        defer { scanner.collecting = inParagraph > 0 && annotationDepth == 0 }
        let name = bytes.string
        if name == "document-content" { complete = true }
        if name == "table" {
            if tableDepth == 1, let t = table { summaries[t] = SheetSummary(rowCount: rowsRead, mergedRanges: merged) }
            tableDepth -= 1
            if tableDepth == 0 {
                table = nil
                // A single sheet asked for: nothing after it matters.
                if let only, names.count > only { throw ODSContentParser.Finished() }
            }
            return
        }
        guard let t = table, tableDepth == 1 else { return }
        if annotationDepth > 0 { if name == "annotation" { annotationDepth -= 1 }; return }
        switch name {
        case "p", "h":
            if inParagraph > 0 { inParagraph -= 1 }
        case "table-cell", "covered-table-cell":
            guard inCell else { return }
            inCell = false
            let cell = makeCell()
            guard let cell else { pendingEmpty += cellRepeat; return }
            let room = ODSContentParser.maxColumns - cells.count
            guard room > 0 else { return }
            if pendingEmpty > 0 {
                let empties = min(pendingEmpty, room)
                cells.append(contentsOf: repeatElement(nil, count: empties))
                pendingEmpty = 0
            }
            let copies = min(cellRepeat, ODSContentParser.maxColumns - cells.count)
            if copies > 0 { cells.append(contentsOf: repeatElement(Optional(cell), count: copies)) }
        case "table-row":
            guard inRow else { return }
            inRow = false
            let first = rowNumber + 1
            rowNumber += rowRepeat
            guard !cells.isEmpty else { return }
            for number in first..<(first + rowRepeat) {
                rowsRead += 1
                cellsMade += cells.count
                if rowsRead > maxRows { throw SpreadsheetError.tooLarge(.rows(limit: maxRows)) }
                if cellsMade > maxCells { throw SpreadsheetError.tooLarge(.part("content.xml", limitBytes: maxCells * 15)) }
                try body(t, SheetRow(number: number, cells: cells))
            }
        default:
            break
        }
    }

    /// The cell just closed, or nil when it holds nothing.
    private func makeCell() -> Cell? {
        switch cellType {
        case "float", "percentage", "currency":
            if let v = cellValue, let d = Double(v) { return .number(d, text: v) }
        case "date":
            if let v = cellValue, let date = ODSContentParser.date(v) { return .date(date) }
        case "boolean":
            if let v = cellValue { return .boolean(v == "true") }
        case "string":
            if let v = cellValue { return v.isEmpty ? nil : .text(v) }
        default:
            break
        }
        return text.isEmpty ? nil : .text(text)
    }

    /// `2023-09-01` or `2023-09-01T08:30:00(.5)`.
    static func date(_ s: String) -> CellDate? {
        let parts = s.split(separator: "T", maxSplits: 1)
        let day = parts[0].split(separator: "-").compactMap { Int($0) }
        guard day.count == 3, (1...12).contains(day[1]), (1...31).contains(day[2]) else { return nil }
        var time = [0, 0, 0]
        if parts.count == 2 {
            let t = parts[1].split(separator: ":").map { Int(Double($0) ?? 0) }
            for i in 0..<min(3, t.count) { time[i] = t[i] }
        }
        return CellDate(year: day[0], month: day[1], day: day[2], hour: time[0], minute: time[1], second: time[2])
    }
}
