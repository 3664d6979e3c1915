import HTTPServer

/// CSV for Excel users: UTF-8 with BOM, `;` between fields, quotes where needed, CRLF line ends.
enum CSVExport {
    static func document(header: [String], rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        for line in [header] + rows {
            for (index, field) in line.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ";")) }
                append(field, to: &out)
            }
            out.append(contentsOf: [13, 10])
        }
        return out
    }

    private static func append(_ field: String, to out: inout [UInt8]) {
        // A leading = + - @ would make Excel run a formula: prefix it with an apostrophe.
        var value = field
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        let needsQuotes = value.contains { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "," }
        if needsQuotes {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: value.replacingOccurrences(of: "\"", with: "\"\"").utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: value.utf8)
        }
    }

    /// A download named `fileName` (ASCII) — RFC 6266 with a UTF-8 `filename*` for Cyrillic names.
    static func response(_ bytes: [UInt8], fileName: String, asciiFallback: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/csv; charset=utf-8")
        headers.add("Content-Disposition",
                    "attachment; filename=\"\(asciiFallback)\"; filename*=UTF-8''\(PercentDecoding.encode(fileName))")
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(bytes))
    }
}
