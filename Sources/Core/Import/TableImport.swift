import Foundation
import GRDB

/// The parts shared by the importers of table files (results, pupils at risk): finding the header row
/// by known column names, reading a row's cells by column, matching municipalities and schools by code
/// or normalised name with Russian messages, and parsing school years — each with per-file caches.

/// A string hashed and compared by its UTF-8 bytes: the per-row caches skip Unicode normalisation,
/// which dominates hashing Cyrillic text.
struct ImportBytes: Hashable {
    let text: String
    init(_ text: String) { self.text = text }
    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
    static func == (a: ImportBytes, b: ImportBytes) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
}

/// The header row of a file: which column of the file holds which known column.
struct ImportHeader<Column: Hashable> {
    /// The index of the header in the lines.
    var position: Int
    /// The header's line number in the file.
    var line: Int
    /// Known column → index of the cell.
    var index: [Column: Int]
    /// Headers nobody knows: reported and ignored.
    var ignored: [String]

    var present: Set<Column> { Set(index.keys) }

    /// The header's field count in a CSV file.
    var fieldCount: Int? = nil

    /// Rows searched for the header: title lines and blank lines may come first.
    static var searchRows: Int { 30 }

    /// The first of the first rows naming at least `minimum` known columns (headers normalised with `ImportText.header`).
    /// A header over two rows — a group title («Количество отметок», «Распределение отметок, %») above «2 / 3 / 4 / 5» —
    /// is read as one: each column by its lower cell, else its upper one; a «%» in the group makes its marks percentages.
    static func find(_ lines: [ImportLine], lookup: [String: Column], minimum: Int = 3) -> ImportHeader? {
        let rows = Array(lines.prefix(searchRows))
        for (i, line) in rows.enumerated() {
            if i + 1 < rows.count, let two = twoRows(line, rows[i + 1], lookup: lookup),
               two.count > match(line.values, lookup: lookup).count, two.count >= minimum {
                return make(i + 1, rows[i + 1], names: two.names, found: two.found)
            }
            let found = match(line.values, lookup: lookup)
            if found.count >= minimum { return make(i, line, names: line.values, found: found) }
        }
        return nil
    }

    private static func match(_ names: [String?], lookup: [String: Column]) -> [Int: Column] {
        var found: [Int: Column] = [:]
        for (j, cell) in names.enumerated() {
            if let cell, let c = lookup[ImportText.header(cell)], !found.values.contains(c) { found[j] = c }
        }
        return found
    }

    /// The two rows as one header, when every cell of the lower row is a known column (read under its group title).
    private static func twoRows(_ upper: ImportLine, _ lower: ImportLine, lookup: [String: Column])
        -> (names: [String?], found: [Int: Column], count: Int)? {
        let width = max(upper.values.count, lower.values.count)
        var names: [String?] = [], group: String? = nil, lowerCount = 0
        for j in 0..<width {
            let top = j < upper.values.count ? upper.values[j].map(ImportText.trim).flatMap { $0.isEmpty ? nil : $0 } : nil
            let bottom = j < lower.values.count ? lower.values[j].map(ImportText.trim).flatMap { $0.isEmpty ? nil : $0 } : nil
            if let top { group = lookup[ImportText.header(top)] == nil ? top : nil }
            guard let bottom else { names.append(top); continue }
            lowerCount += 1
            var name = bottom
            if let group, top == nil || lookup[ImportText.header(top!)] == nil {
                let g = ImportText.header(group)
                if group.contains("%") || g.contains("доля") || g.contains("процент") { name = "% " + bottom }
            }
            guard lookup[ImportText.header(name)] != nil else { return nil }
            names.append(name)
        }
        guard lowerCount >= 2 else { return nil }
        let found = match(names, lookup: lookup)
        return (names, found, found.count)
    }

    private static func make(_ position: Int, _ line: ImportLine, names: [String?], found: [Int: Column]) -> ImportHeader {
        var ignored: [String] = []
        for (j, cell) in names.enumerated() where found[j] == nil {
            if let cell, !ImportText.trim(cell).isEmpty { ignored.append(cell) }
        }
        return ImportHeader(position: position, line: line.line, index: Dictionary(uniqueKeysWithValues: found.map { ($0.value, $0.key) }),
                            ignored: ignored, fieldCount: line.fieldCount)
    }

    /// The trimmed text of a column in a row, empty when absent.
    func cell(_ column: Column, _ line: ImportLine) -> String {
        guard let j = index[column], j < line.values.count, let v = line.values[j] else { return "" }
        return ImportText.trim(v)
    }

    /// The message for a file without a header row.
    static func notFoundMessage(titles: [String]) -> String {
        "Не найдена строка заголовков: в первых \(searchRows) строках нет строки с названиями граф — "
            + titles.joined(separator: ", ") + ". Скачайте шаблон."
    }

    /// The message for missing required columns (`missing` already quoted), nil when none is missing.
    func missingMessage(_ missing: [String]) -> String? {
        missing.isEmpty ? nil : "В файле нет обязательных граф: " + missing.joined(separator: ", ")
            + ". Проверьте строку заголовков (строка \(line)) или скачайте шаблон."
    }
}

/// One row of a table file (results, pupils at risk) as the caller read it (Web and CLI read XLSX/CSV with `Spreadsheet`):
/// the line number in the file and the cells, `nil` when empty.
public struct ImportLine: Sendable, Equatable {
    public var line: Int
    public var values: [String?]
    /// The workbook sheet the row is on; nil for CSV and single-sheet callers.
    public var sheet: String?
    /// The fields of the CSV record before trailing empties were dropped (nil for XLSX): a row with more
    /// fields than its header is a misread (an unquoted decimal comma in a `,` file).
    public var fieldCount: Int?
    public init(line: Int, values: [String?], sheet: String? = nil, fieldCount: Int? = nil) {
        self.line = line; self.values = values; self.sheet = sheet; self.fieldCount = fieldCount
    }

    /// «строка 17» or «лист «ОГЭ», строка 17».
    public var place: String { Place(line: line, sheet: sheet).text }

    /// Where a row is, kept per row and worded only for a message.
    public struct Place: Sendable, Equatable {
        public var line: Int
        public var sheet: String?
        public var text: String { (sheet.map { "лист «\($0)», " } ?? "") + "строка \(line)" }
    }
}

/// Excel's column letters: 0 → «A», 27 → «AB».
public func excelColumn(_ index: Int) -> String {
    var n = index + 1, out = ""
    while n > 0 { let r = (n - 1) % 26; out = String(UnicodeScalar(UInt8(65 + r))) + out; n = (n - 1) / 26 }
    return out
}

/// What importing one row would do.
public enum ImportAction: String, Sendable, Equatable {
    case insert, update, unchanged
}

/// A row that cannot be imported, with Russian messages.
public struct ImportRowError: Sendable, Equatable {
    public var line: Int
    public var messages: [String]
    /// The workbook sheet of the row, nil for CSV.
    public var sheet: String? = nil

    /// «строка 17» or «лист «ОГЭ», строка 17».
    public var place: String { ImportLine.Place(line: line, sheet: sheet).text }
}

public struct ImportMatchError: Error, Sendable, Equatable {
    public let message: String
    init(_ message: String) { self.message = message }
}

extension Character {
    fileprivate var isASCIIDigitLike: Bool { isASCII && isNumber }
}

/// Text normalisation for matching headers, municipalities, schools and subjects.
public enum ImportText {
    /// Lower case, ё→е, quotes and punctuation other than `-` removed, spaces collapsed.
    static func basic(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var space = false
        for ch in text.lowercased() {
            var c = ch
            if c == "ё" { c = "е" }
            if c.isLetter || c.isNumber || c == "-" {
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.append(c)
            } else {
                space = true
            }
        }
        return out
    }

    /// «% «2»» and «Доля «2», %» keep the percent sign as the word «процент».
    static func header(_ text: String) -> String {
        text.contains("%") ? basic(text.replacingOccurrences(of: "%", with: " процент ")) : basic(text)
    }

    /// Surrounding white space removed; the common case (none) costs one look at each end.
    static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        guard let f = utf8.first, let l = utf8.last else { return text }
        if f > 0x20 && f < 0x80 && l > 0x20 && l < 0x80 { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }

    /// A non-negative integer written in ASCII digits (optionally «.0»), without Foundation.
    static func integer(_ text: String) -> Int? {
        var n = 0, digits = 0, fraction = false
        for b in text.utf8 {
            if fraction { if b != UInt8(ascii: "0") { return nil }; continue }
            if b >= 48 && b <= 57 {
                digits += 1
                if digits > 12 { return nil }
                n = n * 10 + Int(b - 48)
            } else if (b == UInt8(ascii: ".") || b == UInt8(ascii: ",")) && digits > 0 {
                fraction = true
            } else { return nil }
        }
        return digits > 0 ? n : nil
    }

    /// Lower case, «.0» dropped, and leading zeros of an all-digit code dropped: a numeric cell 303 is «000303».
    static func code(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if t.hasSuffix(".0"), Double(t) != nil { t.removeLast(2) }
        if t.count > 1, t.allSatisfy(\.isASCIIDigitLike) {
            let stripped = t.drop(while: { $0 == "0" })
            t = stripped.isEmpty ? "0" : String(stripped)
        }
        return t
    }

    static func municipality(_ text: String) -> String {
        let drop: Set<String> = ["г", "город", "городской", "округ", "го", "мо", "муниципальный", "район", "муниципальное",
                                 "образование", "мр", "мо", "р-н", "гор"]
        return basic(text).split(separator: " ").filter { !drop.contains(String($0)) }.joined(separator: " ")
    }

    /// «Математика (профильная)», «Математика профиль» → («математика», «профильная»).
    static func subject(_ text: String) -> (name: String, variant: String?) {
        var variant: String? = nil
        var words: [String] = []
        for w in basic(text).split(separator: " ") {
            let word = String(w)
            if word.hasPrefix("профил") || word == "п" && !words.isEmpty { variant = "профильная"; continue }
            if word.hasPrefix("базов") || word == "б" && !words.isEmpty { variant = "базовая"; continue }
            if word == "уровень" || word == "уровня" { continue }
            words.append(word)
        }
        return (words.joined(separator: " "), variant)
    }

    /// «12», «12.0», «12,0» and « 12 » are the count 12; anything else is passed on for the form's message.
    static func number(_ text: String) -> String {
        var t = text.replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: " ", with: "")
        if let dot = t.firstIndex(where: { $0 == "." || $0 == "," }), t[t.index(after: dot)...].allSatisfy({ $0 == "0" }),
           !t[..<dot].isEmpty, t[..<dot].allSatisfy(\.isNumber) {
            t = String(t[..<dot])
        }
        return t
    }

    /// Levenshtein distance over characters.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}


/// A row of an import preview: the file's line and what committing it will do.
public protocol PlannedImportRow: Sendable {
    var line: Int { get }
    var action: ImportAction { get }
}

/// The preview of an import (results, pupils at risk): nothing is written until every row is valid.
public protocol PlannedImport: Sendable {
    associatedtype Row: PlannedImportRow
    var fileName: String { get }
    /// Errors of the file as a whole (a missing column, no header): nothing can be imported.
    var fileErrors: [String] { get }
    /// Headers the importer does not know: reported and ignored.
    var ignoredColumns: [String] { get }
    var rows: [Row] { get }
    var errors: [ImportRowError] { get }
}

extension PlannedImport {
    public var insertCount: Int { rows.count(where: { $0.action == .insert }) }
    public var updateCount: Int { rows.count(where: { $0.action == .update }) }
    public var unchangedCount: Int { rows.count(where: { $0.action == .unchanged }) }
    /// Commit is allowed only for a file with no error at all.
    public var canCommit: Bool { fileErrors.isEmpty && errors.isEmpty && !rows.isEmpty }
}
