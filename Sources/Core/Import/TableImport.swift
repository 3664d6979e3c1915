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

/// Matches the municipality and school of a row: by school code, else by normalised name within the
/// row's municipality (or the importer's own). Limited to one municipality for a municipal coordinator.
struct ImportSchoolMatcher {
    struct SchoolEntry {
        var id: Int64
        var municipalityId: Int64
        var code: String?
        var shortName: String
        var names: [String]
    }

    /// The municipality the import is limited to, nil for the region.
    let municipalityId: Int64?
    /// What the rows hold, for «вы можете загружать … только школ …» (e.g. «результаты»).
    let subject: String
    private(set) var schools: [Int64: SchoolEntry] = [:]
    private var byCode: [ImportBytes: Int64] = [:]
    private var byName: [Int64: [String: [Int64]]] = [:]   // municipality → normalised name → schools
    private var municipalityByName: [String: Int64] = [:]
    private var municipalityTitle: [Int64: String] = [:]
    private var municipalityCache: [ImportBytes: Int64?] = [:]
    private var yearCache: [ImportBytes: SchoolYear?] = [:]
    private var nameCache: [ImportBytes: String] = [:]

    init(_ db: Database, municipalityId: Int64?, subject: String) throws {
        self.municipalityId = municipalityId
        self.subject = subject
        for m in try Row.fetchAll(db, cachedSQL: "SELECT id, name, shortName FROM municipality") {
            let id: Int64 = m["id"]
            municipalityTitle[id] = m["name"]
            municipalityByName[ImportText.municipality(m["name"])] = id
            municipalityByName[ImportText.municipality(m["shortName"])] = id
        }
        var sql = "SELECT id, municipalityId, code, name, shortName FROM school"
        var arguments: StatementArguments = []
        if let m = municipalityId { sql += " WHERE municipalityId = ?"; arguments = [m] }
        for r in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let name: String = r["name"], short: String = r["shortName"]
            let e = SchoolEntry(id: r["id"], municipalityId: r["municipalityId"], code: r["code"], shortName: short,
                                names: Array(Set([ImportText.school(name), ImportText.school(short)])))
            schools[e.id] = e
            if let code = e.code { byCode[ImportBytes(ImportText.code(code))] = e.id; byCode[ImportBytes(code)] = e.id }
            for n in e.names { byName[e.municipalityId, default: [:]][n, default: []].append(e.id) }
        }
    }

    func shortName(_ id: Int64) -> String { schools[id]?.shortName ?? "" }

    /// The school of a row from its «Муниципалитет», «Код школы» and «Школа» cells; messages are appended.
    mutating func school(municipality municipalityText: String, code: String, name schoolText: String,
                         messages: inout [String]) -> Int64? {
        var rowMunicipality: Int64? = municipalityId
        if !municipalityText.isEmpty {
            let found: Int64?
            if let cached = municipalityCache[ImportBytes(municipalityText)] { found = cached } else {
                found = municipalityByName[ImportText.municipality(municipalityText)]
                municipalityCache[ImportBytes(municipalityText)] = found
            }
            if let m = found {
                if let own = municipalityId, own != m {
                    messages.append("Муниципалитет «\(municipalityText)» — не ваш: вы можете загружать \(subject) только школ "
                                    + "муниципалитета «\(municipalityTitle[own] ?? "")»")
                }
                rowMunicipality = m
            } else {
                messages.append("Муниципалитет «\(municipalityText)» не найден")
            }
        }

        var schoolId: Int64? = nil
        if !code.isEmpty {
            if let id = byCode[ImportBytes(code)] ?? byCode[ImportBytes(ImportText.code(code))] {
                schoolId = id
                if !schoolText.isEmpty, let other = conflictingName(schoolText, codeSchool: id, municipality: rowMunicipality) {
                    messages.append("Код «\(code)» — это «\(shortName(id))», а название «\(schoolText)» — другая школа, «\(shortName(other))»: "
                                    + "исправьте код или название")
                }
            } else if schoolText.isEmpty {
                messages.append("Школа с кодом «\(code)» не найдена" + (municipalityId != nil ? " в вашем муниципалитете" : ""))
            }
        }
        if schoolId == nil && !schoolText.isEmpty && messages.isEmpty {
            let key = ImportText.school(schoolText)
            var found: [Int64] = []
            if let m = rowMunicipality { found = byName[m]?[key] ?? [] }
            else { found = byName.values.flatMap { $0[key] ?? [] } }
            found = Array(Set(found))
            if found.count == 1 {
                schoolId = found[0]
            } else if found.count > 1 {
                messages.append("Школа «\(schoolText)» есть в нескольких муниципалитетах: укажите муниципалитет или код школы")
            } else {
                let pool = schools.values.filter { rowMunicipality == nil || $0.municipalityId == rowMunicipality }
                let closest = Self.closest(key, pool)
                var message = "Школа «\(schoolText)» не найдена"
                if !closest.isEmpty { message += ". Похожие: " + closest.joined(separator: ", ") }
                messages.append(message)
            }
        } else if schoolId == nil && code.isEmpty && schoolText.isEmpty {
            messages.append("Не указана школа: заполните «Код школы» или «Школа»")
        }
        if let id = schoolId, let m = rowMunicipality, let s = schools[id], s.municipalityId != m, messages.isEmpty {
            messages.append("Школа «\(s.shortName)» относится к другому муниципалитету, чем указан в строке")
        }
        return schoolId
    }

    /// The other school a name points to when the code points to `codeSchool`; nil when the name is that school's or no school's.
    private mutating func conflictingName(_ text: String, codeSchool: Int64, municipality: Int64?) -> Int64? {
        let key: String
        if let cached = nameCache[ImportBytes(text)] { key = cached } else {
            key = ImportText.school(text)
            nameCache[ImportBytes(text)] = key
        }
        if schools[codeSchool]?.names.contains(key) == true { return nil }
        let m = municipality ?? schools[codeSchool]?.municipalityId
        let found = m.flatMap { byName[$0]?[key] } ?? []
        return found.count == 1 ? found[0] : nil
    }

    /// Bare years read as the exam year («2016» → 2015/2016), for the preview's note.
    private(set) var bareYears: [String: SchoolYear] = [:]

    /// The school year of a row («2022/2023», «2022-2023», «2022/23», «2022–2023»; a bare «2016» is the
    /// year of the exam, 2015/2016, as ЕГЭ-2016 and the monitoring systems name it); messages are appended.
    mutating func year(_ yearText: String, messages: inout [String]) -> SchoolYear? {
        let year: SchoolYear?
        if let cached = yearCache[ImportBytes(yearText)] { year = cached } else {
            year = Self.parseYear(yearText)
            yearCache[ImportBytes(yearText)] = year
            if let year, Self.isBareYear(yearText) { bareYears[yearText] = year }
        }
        if yearText.isEmpty { messages.append("Не указан учебный год") }
        else if year == nil { messages.append("Учебный год «\(yearText)» не распознан: пишите так — 2022/2023") }
        return year
    }

    static func isBareYear(_ text: String) -> Bool {
        let digits = ImportText.number(text)
        return digits.count == 4 && digits.allSatisfy(\.isNumber)
    }

    static func parseYear(_ text: String) -> SchoolYear? {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard let first = numbers.first, (2000...2100).contains(first) else { return nil }
        if isBareYear(text) { return SchoolYear(first - 1) }   // «2016», «2016.0»: the exam year
        guard numbers.count == 2 else { return nil }
        let second = numbers[1] < 100 ? first / 100 * 100 + numbers[1] : numbers[1]
        return second == first + 1 ? SchoolYear(first) : nil
    }

    static func closest(_ key: String, _ pool: [SchoolEntry]) -> [String] {
        var scored: [(name: String, distance: Int)] = []
        for s in pool {
            var best = Int.max
            for n in s.names { best = min(best, ImportText.distance(key, n)) }
            scored.append((s.shortName, best))
        }
        scored.sort { a, b in a.distance != b.distance ? a.distance < b.distance : a.name < b.name }
        return scored.prefix(3).map { "«" + $0.name + "»" }
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

    private static let schoolPrefixes: Set<String> = ["мбоу", "маоу", "мкоу", "моу", "гбоу", "гаоу", "гкоу", "мбу", "мау", "чоу",
                                                      "ноу", "фгбоу", "мбнoу", "мао", "мбо"]
    private static let phrases: [(String, String)] = [
        ("средняя общеобразовательная школа", "сош"), ("основная общеобразовательная школа", "оош"),
        ("начальная общеобразовательная школа", "нош"), ("средняя школа", "сош"), ("основная школа", "оош"), ("муниципальное бюджетное общеобразовательное учреждение", ""),
        ("муниципальное автономное общеобразовательное учреждение", ""), ("муниципальное казенное общеобразовательное учреждение", ""),
        ("муниципальное общеобразовательное учреждение", ""), ("государственное бюджетное общеобразовательное учреждение", ""),
    ]

    /// «МБОУ "СОШ № 3"» and «Средняя общеобразовательная школа N3» both become «сош 3».
    public static func school(_ text: String) -> String {
        var t = basic(text.replacingOccurrences(of: "№", with: " "))
        for (long, short) in phrases { t = t.replacingOccurrences(of: long, with: short) }
        var words: [String] = []
        for w in t.split(separator: " ") {
            let word = String(w)
            if schoolPrefixes.contains(word) { continue }
            if word == "n" || word == "no" { continue }
            // «n3» → «3»; letters glued to digits («сош3») are split.
            if word.hasPrefix("n"), word.dropFirst().allSatisfy(\.isNumber), word.count > 1 { words.append(String(word.dropFirst())); continue }
            if let i = word.firstIndex(where: \.isNumber), i != word.startIndex, word[i...].allSatisfy(\.isNumber),
               word[..<i].allSatisfy(\.isLetter) {
                words.append(String(word[..<i])); words.append(String(word[i...])); continue
            }
            words.append(word)
        }
        // «СШ № 3» is the newer name of «СОШ № 3».
        return words.map { $0 == "сш" ? "сош" : $0 }.joined(separator: " ")
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
