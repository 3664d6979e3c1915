import Core
import Foundation
import HTTPServer
import Spreadsheet

/// XLSX downloads: a table with a header row written by `Spreadsheet.XLSXWriter` (bold frozen header,
/// column widths, autofilter, page setup); columns in `numeric` become number cells where their text is a number, columns in
/// `dates` date cells where their text is a date «dd.MM.yyyy».
enum XLSXExport {
    static func document(sheet: String, title: String? = nil, header: [String], rows: [[String]], numeric: Set<Int> = [],
                         dates: Set<Int> = [], columnWidths: [Double] = []) throws -> [UInt8] {
        let writer = XLSXWriter()
        try writer.addSheet(name: sheet, title: title, header: header, columnWidths: columnWidths)
        for row in rows {
            try writer.addRow(row.enumerated().map { index, text -> Cell? in
                if text.isEmpty { return nil }
                if dates.contains(index), let d = date(text) { return .date(d) }
                if numeric.contains(index) {
                    if let n = Int(text) { return .number(n) }
                    if let d = Double(text.replacingOccurrences(of: ",", with: ".")), d.isFinite { return .number(d) }
                }
                return .text(text)
            })
        }
        return [UInt8](try writer.data())
    }

    /// «07.12.2026» as a calendar date; anything else (e.g. «бессрочно») stays text.
    static func date(_ text: String) -> CellDate? {
        let parts = text.split(separator: ".")
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4,
              (1...12).contains(m), (1...31).contains(d), (1900...9999).contains(y) else { return nil }
        return CellDate(year: y, month: m, day: d)
    }

    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// An attachment; `contentType` defaults to XLSX (a DOCX passes `docxType`).
    static func response(_ bytes: [UInt8], fileName: String, asciiFallback: String,
                         contentType: String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("Content-Disposition", ContentDisposition.attachment(fileName: fileName, asciiFallback: asciiFallback))
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(bytes))
    }
}
