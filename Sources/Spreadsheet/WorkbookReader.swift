/// What the XLSX and ODS readers share: the sheets by name and their rows, streamed.
public protocol WorkbookReader: AnyObject {
    /// Sheet names in the workbook's order.
    var sheetNames: [String] { get }
    /// Streams the rows of the sheet at `sheetIndex` (0-based).
    @discardableResult
    func readRows(sheetIndex: Int, _ body: (SheetRow) throws -> Void) throws -> SheetSummary
    /// Streams the rows of every sheet, each with its sheet's index.
    func readAllRows(_ body: (_ sheetIndex: Int, _ row: SheetRow) throws -> Void) throws
}

extension WorkbookReader {
    /// Streams the rows of a sheet (by name; the first sheet when `nil`).
    @discardableResult
    public func readRows(sheet: String? = nil, _ body: (SheetRow) throws -> Void) throws -> SheetSummary {
        guard let sheet else { return try readRows(sheetIndex: 0, body) }
        guard let index = sheetNames.firstIndex(of: sheet) else { throw SpreadsheetError.sheetNotFound(sheet) }
        return try readRows(sheetIndex: index, body)
    }

    /// Every sheet in turn (a reader that can do it in one pass over its file says so by its own method).
    public func readAllRows(_ body: (_ sheetIndex: Int, _ row: SheetRow) throws -> Void) throws {
        for index in sheetNames.indices { try readRows(sheetIndex: index) { try body(index, $0) } }
    }
}
