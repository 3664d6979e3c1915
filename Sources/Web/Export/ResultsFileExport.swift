import Core

/// The results file (import, export and template) as bytes: one place for the web download and `opora export-results`.
public enum ResultsFileExport {
    static let columnWidths: [Double] = [28, 12, 40, 12, 10, 28, 8, 12, 6, 6, 6, 6, 14, 13, 11, 13, 11]

    public static func csv(_ table: [[String]]) -> [UInt8] {
        CSVExport.document(header: table.first ?? ResultsFile.header, rows: Array(table.dropFirst()))
    }

    /// Класс, Участников … Повысили become number cells.
    public static func xlsx(_ table: [[String]]) throws -> [UInt8] {
        try XLSXExport.document(sheet: "Результаты", header: table.first ?? ResultsFile.header, rows: Array(table.dropFirst()),
                                numeric: Set(6..<ResultsFile.header.count), columnWidths: columnWidths)
    }
}
