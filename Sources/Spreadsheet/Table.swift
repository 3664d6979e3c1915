import Foundation

/// The format of a table file, told by its content.
public enum TableFormat: String, Sendable, Hashable {
    case xlsx, ods, csv

    /// A zip (the magic `PK\u{3}\u{4}`) is an ODS when its `mimetype` says so, else an XLSX; anything else is CSV.
    /// (`FileKind.identify` tells more: what a file that is no table is.)
    public static func detect(_ data: Data) -> TableFormat {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return .csv }
        return FileKind.zipKind(data) == .ods ? .ods : .xlsx
    }
}

/// A row of a table: the line it came from (the XLSX row number, or the physical line where a
/// CSV record starts) and its values, `nil` for empty cells.
public struct TableRow: Sendable, Hashable {
    public var line: Int
    public var values: [String?]
    public init(line: Int, values: [String?]) { self.line = line; self.values = values }
}

/// A table of strings with line numbers, read from XLSX or CSV alike.
public struct Table: Sendable {
    public var format: TableFormat
    public var rows: [TableRow]

    public init(format: TableFormat, rows: [TableRow]) {
        self.format = format
        self.rows = rows
    }

    /// Reads bytes of an XLSX or ODS (its first sheet, or `sheet`; held to `limits`) or a CSV file.
    /// Empty strings become `nil`, trailing `nil`s are dropped, and rows with no value are skipped.
    public init(data: Data, sheet: String? = nil, limits: XLSXLimits = .default) throws {
        format = TableFormat.detect(data)
        var rows: [TableRow] = []
        switch format {
        case .xlsx:
            try XLSXReader(data: data, limits: limits).readRows(sheet: sheet) { row in
                if let r = Table.row(row.number, row.cells.map { $0?.string }) { rows.append(r) }
            }
        case .ods:
            try ODSReader(data: data, limits: limits).readRows(sheet: sheet) { row in
                if let r = Table.row(row.number, row.cells.map { $0?.string }) { rows.append(r) }
            }
        case .csv:
            for record in try CSVReader.read(data).records {
                if let r = Table.row(record.line, record.fields) { rows.append(r) }
            }
        }
        self.rows = rows
    }

    /// Reads a file; an XLSX file is streamed from disk rather than loaded whole.
    public init(path: String, sheet: String? = nil, limits: XLSXLimits = .default) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SpreadsheetError.io("cannot read \(path)") }
        let head = handle.readData(ofLength: 4)
        try? handle.close()
        if TableFormat.detect(head) == .xlsx, FileKind.zipKind(path: path) != .ods {
            var rows: [TableRow] = []
            try XLSXReader(path: path, limits: limits).readRows(sheet: sheet) { row in
                if let r = Table.row(row.number, row.cells.map { $0?.string }) { rows.append(r) }
            }
            self.init(format: .xlsx, rows: rows)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else { throw SpreadsheetError.io("cannot read \(path)") }
            try self.init(data: data, sheet: sheet, limits: limits)
        }
    }

    /// Streams the rows of a file without holding them (an XLSX sheet is parsed row by row; a
    /// CSV file is decoded in memory). Same row rules as `init(path:)`. Returns the format.
    @discardableResult
    public static func forEachRow(path: String, sheet: String? = nil, limits: XLSXLimits = .default, _ body: (TableRow) throws -> Void) throws -> TableFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SpreadsheetError.io("cannot read \(path)") }
        let head = handle.readData(ofLength: 4)
        try? handle.close()
        if TableFormat.detect(head) == .xlsx {
            if FileKind.zipKind(path: path) == .ods {
                try ODSReader(path: path, limits: limits).readRows(sheet: sheet) { row in
                    if let r = Table.row(row.number, row.cells.map { $0?.string }) { try body(r) }
                }
                return .ods
            }
            try XLSXReader(path: path, limits: limits).readRows(sheet: sheet) { row in
                if let r = Table.row(row.number, row.cells.map { $0?.string }) { try body(r) }
            }
            return .xlsx
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw SpreadsheetError.io("cannot read \(path)") }
        for record in try CSVReader.read(data).records {
            if let r = Table.row(record.line, record.fields) { try body(r) }
        }
        return .csv
    }

    static func row(_ line: Int, _ raw: [String?]) -> TableRow? {
        var values = raw.map { v -> String? in (v?.isEmpty ?? true) ? nil : v }
        while let last = values.last, last == nil { values.removeLast() }
        return values.isEmpty ? nil : TableRow(line: line, values: values)
    }
}
