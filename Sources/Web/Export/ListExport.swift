import HTTPServer

/// The two download formats of a list page.
enum ExportFormat: String, CaseIterable, Sendable {
    case csv, xlsx
}

/// One column of a list export: its header, whether its cells are numbers (XLSX number cells), its width in XLSX.
struct ExportColumn: Sendable {
    var title: String
    var isNumeric: Bool
    var width: Double?
    /// Cells written «dd.MM.yyyy» become XLSX date cells.
    var isDate: Bool

    init(_ title: String, numeric: Bool = false, width: Double? = nil, date: Bool = false) {
        self.title = title
        self.isNumeric = numeric
        self.width = width
        self.isDate = date
    }
}

/// What a list page shows, as a table: built from the same rows as the page's HTML table (each list's page model
/// has an `export` made from its own rows), answered as CSV or XLSX by `response(_:)`.
struct ListExport: Sendable {
    /// The file name without extension (Cyrillic allowed) and the XLSX sheet name.
    var title: String
    /// The ASCII file name without extension for clients that ignore `filename*`.
    var asciiName: String
    var columns: [ExportColumn]
    var rows: [[String]]

    init(title: String, asciiName: String, columns: [ExportColumn], rows: [[String]]) {
        self.title = title
        self.asciiName = asciiName
        self.columns = columns
        self.rows = rows
    }

    /// From a header and rows with the numeric columns and widths by index (lists whose table code predates `ExportColumn`).
    init(title: String, asciiName: String, header: [String], rows: [[String]], numeric: Set<Int> = [], widths: [Double] = [],
         dates: Set<Int> = []) {
        self.init(title: title, asciiName: asciiName,
                  columns: header.indices.map { ExportColumn(header[$0], numeric: numeric.contains($0), width: $0 < widths.count ? widths[$0] : nil,
                                                             date: dates.contains($0)) },
                  rows: rows)
    }

    var header: [String] { columns.map(\.title) }

    func csv() -> [UInt8] { CSVExport.document(header: header, rows: rows) }

    func xlsx() throws -> [UInt8] {
        let numeric = Set(columns.indices.filter { columns[$0].isNumeric })
        let widths = columns.contains { $0.width != nil } ? columns.map { $0.width ?? 16 } : []
        let dates = Set(columns.indices.filter { columns[$0].isDate })
        return try XLSXExport.document(sheet: Self.sheetName(title), header: header, rows: rows, numeric: numeric, dates: dates,
                                       columnWidths: widths)
    }

    /// The download: `text/csv` or the XLSX type, `Content-Disposition: attachment` with an RFC 6266 `filename*`.
    func response(_ format: ExportFormat) throws -> HTTPResponse {
        let name = title + "." + format.rawValue
        let ascii = asciiName + "." + format.rawValue
        switch format {
        case .csv: return CSVExport.response(csv(), fileName: name, asciiFallback: ascii)
        case .xlsx: return XLSXExport.response(try xlsx(), fileName: name, asciiFallback: ascii)
        }
    }

    /// `GET <listPattern>/export.csv` and `GET <listPattern>/export.xlsx`: the same access as the list, because `build`
    /// makes the list's own page model (with the same domain calls, scope checks and query filters).
    static func routes(_ listPattern: String, _ build: @escaping @Sendable (RequestContext) throws -> ListExport) -> [Route] {
        ExportFormat.allCases.map { format in
            Route(.get, Paths.exportPattern(listPattern, format)) { context in try build(context).response(format) }
        }
    }

    /// XLSX sheet names: at most 31 characters, none of `[]:*?/\`.
    static func sheetName(_ title: String) -> String {
        let cleaned = String(title.map { "[]:*?/\\".contains($0) ? "-" : $0 })
        return String(cleaned.prefix(31))
    }
}

/// The export links of a list page: built by `Paths` from the page's path and its current query, so the download
/// carries the same filters as the page.
struct ExportLinks: Sendable {
    var csv: String
    var xlsx: String

    init(_ listPath: String, query: FormData) {
        self.init(listPath, items: query.fields.filter { $0.name != "notice" }.map { ($0.name, Optional($0.value)) })
    }

    /// From a list's own normalised filter items (empty values are left out).
    init(_ listPath: String, items: [(String, String?)]) {
        csv = Paths.export(listPath, .csv, query: items)
        xlsx = Paths.export(listPath, .xlsx, query: items)
    }
}
