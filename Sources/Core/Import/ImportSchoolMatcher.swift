import Foundation
import GRDB

/// Matches the municipality and school of a row: by school code, else by normalised name (`ImportText.school`) within
/// the row's municipality (or the importer's own). Limited to one municipality for a municipal coordinator.
///
/// A name is matched whole first; when no school has it, by its beginning — the file adds a town or an honorific
/// («МБОУ СОШ №3 г. Заречного» for «СОШ № 3») or shortens the name — when that points to one school, and the preview
/// says so. A name two schools answer to is an error naming both, never a guess.
struct ImportSchoolMatcher {
    struct SchoolEntry {
        var id: Int64
        var municipalityId: Int64
        var code: String?
        var shortName: String
        var names: [String]
        var archived: Bool
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
    /// Names matched by their beginning, in the order met: the file's text and the school, for the preview's note.
    private(set) var matchedByBeginning: [(text: String, school: Int64)] = []
    private var matchedByBeginningSeen: Set<ImportBytes> = []

    init(_ db: Database, municipalityId: Int64?, subject: String) throws {
        self.municipalityId = municipalityId
        self.subject = subject
        for m in try Row.fetchAll(db, cachedSQL: "SELECT id, name, shortName FROM municipality") {
            let id: Int64 = m["id"]
            municipalityTitle[id] = m["name"]
            municipalityByName[ImportText.municipality(m["name"])] = id
            municipalityByName[ImportText.municipality(m["shortName"])] = id
        }
        var sql = "SELECT id, municipalityId, code, name, shortName, archivedAt IS NOT NULL AS archived FROM school"
        var arguments: StatementArguments = []
        if let m = municipalityId { sql += " WHERE municipalityId = ?"; arguments = [m] }
        for r in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let name: String = r["name"], short: String = r["shortName"]
            let names = [ImportText.school(name), ImportText.school(short)].filter { !$0.isEmpty }
            let e = SchoolEntry(id: r["id"], municipalityId: r["municipalityId"], code: r["code"], shortName: short,
                                names: Array(Set(names)).sorted(), archived: r["archived"])
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
            schoolId = matchName(schoolText, municipality: rowMunicipality, messages: &messages)
        } else if schoolId == nil && code.isEmpty && schoolText.isEmpty {
            messages.append("Не указана школа: заполните «Код школы» или «Школа»")
        }
        if let id = schoolId, let m = rowMunicipality, let s = schools[id], s.municipalityId != m, messages.isEmpty {
            messages.append("Школа «\(s.shortName)» относится к другому муниципалитету, чем указан в строке")
        }
        return schoolId
    }

    /// The school a name (without a code) points to: the whole name, else its beginning; nil with a message when
    /// none or several schools answer to it.
    private mutating func matchName(_ text: String, municipality: Int64?, messages: inout [String]) -> Int64? {
        let key = schoolKey(text)
        var found: Set<Int64> = []
        if let m = municipality { found = Set(byName[m]?[key] ?? []) }
        else { for names in byName.values { found.formUnion(names[key] ?? []) } }
        if found.count == 1 { return found.first }
        if found.count > 1 {
            messages.append("Школа «\(text)» — так называются несколько школ: " + listed(found, municipality: municipality))
            return nil
        }
        let pool = schools.values.filter { municipality == nil || $0.municipalityId == municipality }
        let words = key.split(separator: " ")
        let byBeginning = Set(pool.filter { s in s.names.contains { Self.sameBeginning(words, $0.split(separator: " ")) } }.map(\.id))
        if byBeginning.count == 1, let id = byBeginning.first {
            if matchedByBeginningSeen.insert(ImportBytes(text)).inserted { matchedByBeginning.append((text, id)) }
            return id
        }
        if byBeginning.count > 1 {
            messages.append("Школа «\(text)» — под это название подходят несколько школ: " + listed(byBeginning, municipality: municipality))
            return nil
        }
        let closest = Self.closest(key, pool)
        messages.append("Школа «\(text)» не найдена" + (closest.isEmpty ? "" : ". Похожие: " + closest.joined(separator: ", ")))
        return nil
    }

    /// One name is the other with words added at the end, none of them a number right after it («сош 3 г заречного»
    /// and «сош 3»; not «сош 3» and «сош 3 1», not «лицей» and «лицей 5»); the shorter has at least two words.
    static func sameBeginning(_ a: [Substring], _ b: [Substring]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= 2, long.count > short.count, long.starts(with: short) else { return false }
        return !long[short.count].allSatisfy(\.isNumber)
    }

    /// «СОШ № 7» (код 000307, в архиве), «СШ № 7» (код 000327): укажите код школы — with the municipality when the
    /// schools are in several.
    private func listed(_ ids: Set<Int64>, municipality: Int64?) -> String {
        let entries = ids.compactMap { schools[$0] }.sorted { a, b in
            (a.code ?? "", a.shortName, a.id) < (b.code ?? "", b.shortName, b.id)
        }
        let several = Set(entries.map(\.municipalityId)).count > 1
        let items = entries.map { s -> String in
            var about: [String] = []
            if let code = s.code, !code.isEmpty { about.append("код \(code)") }
            if several { about.append(municipalityTitle[s.municipalityId] ?? "") }
            if s.archived { about.append("в архиве") }
            return "«\(s.shortName)»" + (about.isEmpty ? "" : " (" + about.joined(separator: ", ") + ")")
        }
        return items.joined(separator: ", ") + (several ? ": укажите муниципалитет или код школы" : ": укажите код школы")
    }

    private mutating func schoolKey(_ text: String) -> String {
        if let cached = nameCache[ImportBytes(text)] { return cached }
        let key = ImportText.school(text)
        nameCache[ImportBytes(text)] = key
        return key
    }

    /// The other school a name points to when the code points to `codeSchool`; nil when the name is that school's or no school's.
    private mutating func conflictingName(_ text: String, codeSchool: Int64, municipality: Int64?) -> Int64? {
        let key = schoolKey(text)
        if schools[codeSchool]?.names.contains(key) == true { return nil }
        let m = municipality ?? schools[codeSchool]?.municipalityId
        let found = m.flatMap { byName[$0]?[key] } ?? []
        return found.count == 1 ? found[0] : nil
    }

    /// Bare years read as the exam year («2016» → 2015/2016), for the preview's note.
    private(set) var bareYears: [String: SchoolYear] = [:]

    /// The school year of a row («2022/2023», «2022-2023», «2022/23», «2022–2023»; a bare «2016» is the
    /// year of the exam, 2015/2016, as ЕГЭ-2016 and the monitoring systems name it); messages are appended.
    /// `column` («столбец D («Учебный год»): ») places an unreadable year as Excel shows it.
    mutating func year(_ yearText: String, column: String? = nil, messages: inout [String]) -> SchoolYear? {
        let year: SchoolYear?
        if let cached = yearCache[ImportBytes(yearText)] { year = cached } else {
            year = Self.parseYear(yearText)
            yearCache[ImportBytes(yearText)] = year
            if let year, Self.isBareYear(yearText) { bareYears[yearText] = year }
        }
        if yearText.isEmpty { messages.append("Не указан учебный год") }
        else if year == nil, let column { messages.append(column + "«\(yearText)» — ожидается учебный год, например 2022/2023") }
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

extension ImportText {
    /// Legal forms written as letters: «МБОУ», «МАОУ», «МОБУ», «ГБОУ», … — dropped from a school's name.
    private static let schoolPrefixes: Set<String> = [
        "мбоу", "маоу", "мкоу", "моу", "мобу", "моау", "моку", "гбоу", "гаоу", "гкоу", "гоу", "огбоу", "огаоу", "огкоу", "кгбоу",
        "кгаоу", "кгкоу", "гбоуш", "мбу", "мау", "мку", "чоу", "ноу", "аноо", "ано", "фгбоу", "фгкоу", "мбноу", "мао", "мбо",
    ]
    /// Words of a legal form written out («Муниципальное бюджетное общеобразовательное учреждение»): a run of them
    /// ending in «учреждение» or «организация» is dropped.
    private static let legalWords: Set<String> = [
        "муниципальное", "государственное", "областное", "краевое", "республиканское", "городское", "федеральное", "частное",
        "негосударственное", "бюджетное", "автономное", "казенное", "общеобразовательное", "образовательное", "учреждение",
        "автономная", "некоммерческая", "общеобразовательная", "организация",
    ]
    private static let phrases: [(String, String)] = [
        ("средняя общеобразовательная школа", "сош"), ("основная общеобразовательная школа", "оош"),
        ("начальная общеобразовательная школа", "нош"), ("средняя школа", "сош"), ("основная школа", "оош"),
        ("с углубленным изучением отдельных предметов", "с уиоп"),
    ]

    /// «МБОУ "СОШ № 3"», «Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа N3»»
    /// and «СШ №3» all become «сош 3»; ё is е, quotes and punctuation go, «им.» is «имени».
    public static func school(_ text: String) -> String {
        var t = basic(text.replacingOccurrences(of: "№", with: " "))
        for (long, short) in phrases where t.contains(long) { t = t.replacingOccurrences(of: long, with: short) }
        var words: [String] = []
        var legal: [String] = []
        func flushLegal() { words += legal; legal = [] }
        for w in t.split(separator: " ") {
            let word = String(w)
            if legalWords.contains(word) {
                legal.append(word)
                if (word == "учреждение" || word == "организация") && legal.count >= 2 { legal = [] }
                continue
            }
            flushLegal()
            if schoolPrefixes.contains(word) { continue }
            if word == "n" || word == "no" { continue }
            if word == "им" { words.append("имени"); continue }
            // «n3» → «3»; letters glued to digits («сош3») are split.
            if word.hasPrefix("n"), word.dropFirst().allSatisfy(\.isNumber), word.count > 1 { words.append(String(word.dropFirst())); continue }
            if let i = word.firstIndex(where: \.isNumber), i != word.startIndex, word[i...].allSatisfy(\.isNumber),
               word[..<i].allSatisfy(\.isLetter) {
                words.append(String(word[..<i])); words.append(String(word[i...])); continue
            }
            words.append(word)
        }
        flushLegal()
        // «СШ № 3» is the newer name of «СОШ № 3».
        return words.map { $0 == "сш" ? "сош" : $0 }.joined(separator: " ")
    }
}
