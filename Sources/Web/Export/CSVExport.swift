import Core
import HTTPServer
import Spreadsheet

/// CSV for Excel users: UTF-8 with BOM, `;` between fields, quotes where needed, CRLF line ends, and
/// `CSVWriter`'s formula guard (which leaves numbers such as `-3,5` alone).
enum CSVExport {
    static func document(header: [String], rows: [[String]]) -> [UInt8] {
        var writer = CSVWriter()
        writer.append(header)
        for row in rows { writer.append(row) }
        return Array(writer.data)
    }

    /// A download named `fileName` (ASCII) — RFC 6266 with a UTF-8 `filename*` for Cyrillic names.
    static func response(_ bytes: [UInt8], fileName: String, asciiFallback: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/csv; charset=utf-8")
        headers.add("Content-Disposition", ContentDisposition.attachment(fileName: fileName, asciiFallback: asciiFallback))
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(bytes))
    }
}
