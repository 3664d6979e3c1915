import Foundation

/// One CSV record and the physical line (1-based) where it starts.
public struct CSVRecord: Sendable, Hashable {
    public var line: Int
    public var fields: [String]
    public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
}

/// A decoded CSV file.
public struct CSVDocument: Sendable {
    public var records: [CSVRecord]
    public var delimiter: Character
    public var encoding: TextEncoding
}

/// Reads CSV (RFC 4180 and what Excel writes): UTF-8 with or without BOM, UTF-16 with BOM,
/// Windows-1251 (any bytes that are not valid UTF-8); `;`, `,` or tab, detected from the widest of the
/// first lines; quoted fields with delimiters, doubled quotes and line breaks; CRLF, LF or CR.
///
/// Blank lines are skipped. A quote inside an unquoted field is kept as text (hand-made files
/// write `МБОУ "СОШ № 1"` unquoted); an unterminated quoted field or text after a closing quote
/// is an error naming the line.
public enum CSVReader {
    public static func read(_ data: Data, delimiter: Character? = nil) throws -> CSVDocument {
        let (text, encoding) = TextEncoding.decode(data)
        let bytes = Array(text.utf8)
        let d: UInt8
        if let delimiter, let ascii = delimiter.asciiValue { d = ascii } else { d = detectDelimiter(bytes) }
        let records = try parse(bytes, delimiter: d)
        return CSVDocument(records: records, delimiter: Character(UnicodeScalar(d)), encoding: encoding)
    }

    /// The delimiter among `;`, tab and `,` that splits some line of the first 30 into the most fields, outside quotes
    /// (ties in that order): the header row's, not a title line's above it («Результаты ВПР, 2022/2023» over a `;`
    /// table); `;` or tab before `,` when some line has two; `;` when none occurs.
    static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var best = (semicolons: 0, tabs: 0, commas: 0)
        var line = (semicolons: 0, tabs: 0, commas: 0)
        var inQuotes = false, lines = 0
        func endLine() {
            best = (max(best.semicolons, line.semicolons), max(best.tabs, line.tabs), max(best.commas, line.commas))
            line = (0, 0, 0)
        }
        for b in bytes {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            switch b {
            case 0x0A, 0x0D:
                endLine()
                if b == 0x0A { lines += 1 }
            case UInt8(ascii: ";"): line.semicolons += 1
            case 0x09: line.tabs += 1
            case UInt8(ascii: ","): line.commas += 1
            default: break
            }
            if lines >= 30 { break }
        }
        endLine()
        // A comma is also text and a decimal comma («3,44»): it wins only over a `;` or a tab that no line has twice.
        if best.semicolons >= 2 && best.semicolons >= best.tabs { return UInt8(ascii: ";") }
        if best.tabs >= 2 { return 0x09 }
        if best.semicolons >= best.tabs && best.semicolons >= best.commas && best.semicolons > 0 { return UInt8(ascii: ";") }
        if best.tabs >= best.commas && best.tabs > 0 { return 0x09 }
        if best.commas > 0 { return UInt8(ascii: ",") }
        return UInt8(ascii: ";")
    }

    static func parse(_ b: [UInt8], delimiter: UInt8) throws -> [CSVRecord] {
        let quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var records: [CSVRecord] = []
        var fields: [String] = []
        var line = 1, recordLine = 1
        var i = 0
        let n = b.count
        var field: [UInt8] = []

        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }
        /// Consumes a line break at `i` (CRLF, LF or CR), counting one physical line.
        func lineBreak() {
            if b[i] == cr, i + 1 < n, b[i + 1] == lf { i += 2 } else { i += 1 }
            line += 1
        }

        while i < n {
            // at the start of a field
            field.removeAll(keepingCapacity: true)
            if b[i] == quote {
                let startLine = line
                i += 1
                var closed = false
                while i < n {
                    let c = b[i]
                    if c == quote {
                        if i + 1 < n, b[i + 1] == quote { field.append(quote); i += 2; continue }
                        i += 1; closed = true; break
                    }
                    if c == cr || c == lf {
                        let start = i
                        lineBreak()
                        field.append(contentsOf: b[start..<i])
                        continue
                    }
                    field.append(c); i += 1
                }
                guard closed else {
                    throw SpreadsheetError.malformedCSV(line: startLine, detail: "кавычка, открытая в этой строке, не закрыта")
                }
                // spaces after the closing quote are tolerated
                while i < n, b[i] == 0x20 || (b[i] == 0x09 && delimiter != 0x09) { i += 1 }
                if i < n, b[i] != delimiter, b[i] != cr, b[i] != lf {
                    throw SpreadsheetError.malformedCSV(line: line, detail: "после закрывающей кавычки идёт текст")
                }
            } else {
                while i < n {
                    let c = b[i]
                    if c == delimiter || c == cr || c == lf { break }
                    field.append(c); i += 1
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if i >= n { break }
            if b[i] == delimiter {
                i += 1
                if i >= n { fields.append("") }
                continue
            }
            lineBreak()
            endRecord()
            recordLine = line
        }
        if !fields.isEmpty { endRecord() }
        return records
    }
}

/// Writes CSV for Russian Excel: UTF-8 with BOM, `;`, CRLF, quotes where needed (and around any text with a comma).
///
/// With `formulaGuard` (on by default) a text starting with `=`, `+`, `-`, `@`, tab or CR gets a
/// leading `'` so that a spreadsheet does not run it as a formula; values that are plain numbers
/// (`-12`, `+3,5`, `-1.5e3`) are left alone. Pass `formulaGuard: false` to write every value as is.
public struct CSVWriter: Sendable {
    public var delimiter: Character
    public var formulaGuard: Bool
    private var bytes: [UInt8]

    public init(delimiter: Character = ";", byteOrderMark: Bool = true, formulaGuard: Bool = true) {
        self.delimiter = delimiter
        self.formulaGuard = formulaGuard
        self.bytes = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
    }

    /// Appends a record; `nil` is an empty field.
    public mutating func append(_ row: [String?]) {
        let d = Array(String(delimiter).utf8)
        for (i, value) in row.enumerated() {
            if i > 0 { bytes.append(contentsOf: d) }
            guard var v = value, !v.isEmpty else { continue }
            if formulaGuard, let f = v.utf8.first,
               f == UInt8(ascii: "=") || f == UInt8(ascii: "+") || f == UInt8(ascii: "-") || f == UInt8(ascii: "@")
                || f == 0x09 || f == 0x0D, !CSVWriter.isPlainNumber(v) {
                v = "'" + v
            }
            // A text with a comma is quoted too, so that reading it back never takes `,` for the delimiter.
            let needsQuotes = v.contains(delimiter) || v.utf8.contains(where: { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
                || (v.utf8.contains(0x2C) && !CSVWriter.isPlainNumber(v))
            if needsQuotes {
                bytes.append(0x22)
                for c in v.utf8 {
                    if c == 0x22 { bytes.append(0x22) }
                    bytes.append(c)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: v.utf8)
            }
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// The file so far.
    public var data: Data { Data(bytes) }

    /// A whole file at once.
    public static func data(rows: [[String?]], delimiter: Character = ";", formulaGuard: Bool = true) -> Data {
        var w = CSVWriter(delimiter: delimiter, formulaGuard: formulaGuard)
        for row in rows { w.append(row) }
        return w.data
    }

    /// Optional sign, digits, optional `.` or `,` fraction, optional exponent.
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Array(s.utf8)[...]
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { u = u.dropFirst() }
        func digits() -> Int { var k = 0; while let c = u.first, (48...57).contains(c) { u = u.dropFirst(); k += 1 }; return k }
        var count = digits()
        if let c = u.first, c == UInt8(ascii: ".") || c == UInt8(ascii: ",") { u = u.dropFirst(); count += digits() }
        guard count > 0 else { return false }
        if let c = u.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            u = u.dropFirst()
            if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { u = u.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }
}
