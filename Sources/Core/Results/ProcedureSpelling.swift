/// How files spell a procedure in a cell or a sheet name: «ВПР», «впр 5 класс», «ОГЭ-9», «ЕГЭ 2016 Русский язык»,
/// «Математика» — the family, the grade, an exam year and what is left as the subject.
struct ProcedureSpelling: Sendable {
    var family: ProcedureFamily?
    var grade: Int?
    /// A year in the name («ВПР 2022/23», «ЕГЭ-2016»), read as the importer reads the year column.
    var year: SchoolYear?
    var subject: String

    init(_ text: String) {
        if let f = ProcedureFamily(parsing: text) { family = f; subject = ""; return }
        var words: [String] = []
        var numbers: [Substring] = []
        for w in ImportText.basic(text).split(whereSeparator: { $0 == " " || $0 == "-" }) {
            if let f = ProcedureFamily(parsing: String(w)), family == nil { family = f; continue }
            if w.allSatisfy(\.isNumber) { numbers.append(w); continue }
            if ["класс", "классы", "кл", "класса", "год", "г", "уч"].contains(w) { continue }
            words.append(String(w))
        }
        let years = numbers.filter { $0.count == 4 }
        if !years.isEmpty { year = ImportSchoolMatcher.parseYear(years.joined(separator: "/")) }
        if let g = numbers.first(where: { $0.count <= 2 }).flatMap({ Int($0) }), (1...11).contains(g), years.count != 1 || numbers.count > 1 {
            grade = g
        }
        if years.count == 1, let short = numbers.first(where: { $0.count == 2 }), year == nil || grade == nil {
            year = ImportSchoolMatcher.parseYear(years[0] + "/" + short)
            if year != nil { grade = nil }
        }
        subject = words.joined(separator: " ")
    }
}
