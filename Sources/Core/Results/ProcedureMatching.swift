/// Matching a row's procedure against the catalogue: family, subject (with a variant such as «Математика
/// (профильная)») and grade. What does not match is said in the file's own words, with what the catalogue knows —
/// its subjects sorted and capped, the grades a subject has, the closest spelling — so that a coordinator can fix the file.
extension ResultImporter {
    /// At most this many catalogue titles in one message.
    static let knownCap = 10

    static func matchProcedure(_ procedures: [Procedure], family: ProcedureFamily, subject: String, grade: Int?) -> Result<Procedure, ImportMatchError> {
        let (name, variant) = ImportText.subject(subject)
        let ofFamily = procedures.filter { $0.family == family }
        let named: [Procedure]
        switch subjectCandidates(ofFamily, name: name) {
        case .found(let found): named = found
        case .several(let subjects):
            return .failure(ImportMatchError("Предмет «\(subject)» в каталоге \(family.title) подходит к нескольким предметам: "
                                             + subjects.joined(separator: ", ") + " — напишите его полностью"))
        case .none:
            return .failure(ImportMatchError(unknownSubject(subject, name: name, family: family, procedures: procedures)))
        }
        var candidates = named
        if let grade { candidates = candidates.filter { $0.grade == nil || $0.grade == grade } }
        let catalogueSubject = named[0].subject
        if candidates.isEmpty, let grade {
            return .failure(ImportMatchError("\(family.title) «\(catalogueSubject)» в каталоге — для \(gradesText(named)), а не для \(grade)"))
        }
        let withVariant = candidates.filter { p in
            let v = p.variant.isEmpty ? nil : (ImportText.subject(p.variant).variant ?? ImportText.basic(p.variant))
            return v == variant
        }
        let title = "\(family.title) \(subject)" + (grade.map { " \($0) кл." } ?? "")
        if withVariant.count == 1 { return .success(withVariant[0]) }
        let variants = sortedUnique(candidates.map(\.variant).filter { !$0.isEmpty })
        if variant == nil && candidates.count > 1 && Set(candidates.map(\.variant)).count > 1 {
            return .failure(ImportMatchError("Для «\(title)» укажите уровень в графе «Предмет»: \(variants.joined(separator: " или "))"))
        }
        if withVariant.isEmpty, let variant {
            return .failure(ImportMatchError("Уровня «\(variant)» у «\(family.title) \(catalogueSubject)» в каталоге нет"
                                             + (variants.isEmpty ? "" : ". Известные: " + variants.joined(separator: ", "))))
        }
        if withVariant.isEmpty {
            return .failure(ImportMatchError("Для «\(title)» укажите уровень в графе «Предмет»: \(variants.joined(separator: " или "))"))
        }
        return .failure(ImportMatchError("Для «\(title)» укажите класс: в каталоге — \(gradesText(withVariant))"))
    }

    enum SubjectCandidates { case found([Procedure]), several([String]), none }

    /// The family's procedures of the subject: the same name, else «Русский» for «Русский язык», else each word the
    /// beginning of the catalogue's word («Рус. яз», «русский яз.», «Окр. мир») when that names one subject.
    static func subjectCandidates(_ ofFamily: [Procedure], name: String) -> SubjectCandidates {
        var candidates = ofFamily.filter { ImportText.subject($0.subject).name == name }
        if candidates.isEmpty { candidates = ofFamily.filter { ImportText.subject($0.subject).name.hasPrefix(name + " ") } }
        if candidates.isEmpty {
            let words = name.split(separator: " ")
            candidates = ofFamily.filter { p in
                let full = ImportText.subject(p.subject).name.split(separator: " ")
                return !words.isEmpty && words.count <= full.count && zip(words, full).allSatisfy { $1.hasPrefix($0) }
            }
        }
        let subjects = sortedUnique(candidates.map(\.subject))
        if subjects.count > 1 { return .several(subjects) }
        return candidates.isEmpty ? .none : .found(candidates)
    }

    /// «Предмет «Матиматика» не найден в каталоге ОГЭ. Похоже: «Математика». Известные: Английский язык, Биология, …».
    static func unknownSubject(_ subject: String, name: String, family: ProcedureFamily, procedures: [Procedure]) -> String {
        let ofFamily = procedures.filter { $0.family == family }
        guard !ofFamily.isEmpty else {
            return "Процедур \(family.title) в каталоге нет: добавьте «\(family.title) \(subject)» в каталог оценочных процедур"
        }
        var message = "Предмет «\(subject)» не найден в каталоге \(family.title)"
        let elsewhere = sortedUnique(procedures.filter { $0.family != family && ImportText.subject($0.subject).name == name }.map(\.family.title))
        if !elsewhere.isEmpty { message += " (он есть у " + elsewhere.joined(separator: ", ") + ")" }
        let subjects = sortedUnique(ofFamily.map(\.subject))
        // A misspelling: the catalogue's subjects within a letter or two (a quarter of the word for long ones).
        let scored = subjects.map { ($0, ImportText.distance(name, ImportText.subject($0).name)) }
        if let best = scored.map(\.1).min(), best > 0, best <= max(2, name.count / 4) {
            message += ". Похоже: " + scored.filter { $0.1 == best }.map { "«\($0.0)»" }.joined(separator: ", ")
        }
        return message + ". Известные: " + capped(subjects)
    }

    /// «4, 5, 6 классов», «9 класса» (nil grade: «всех классов»).
    static func gradesText(_ procedures: [Procedure]) -> String {
        let grades = Set(procedures.compactMap(\.grade)).sorted()
        if grades.isEmpty { return "всех классов" }
        return grades.map(String.init).joined(separator: ", ") + (grades.count == 1 ? " класса" : " классов")
    }

    /// Sorted as in a dictionary (ё with е, case aside), without repeats.
    static func sortedUnique(_ titles: [String]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for t in titles where seen.insert(t).inserted { out.append(t) }
        return out.sorted { a, b in
            let (x, y) = (ImportText.basic(a), ImportText.basic(b))
            return x != y ? x < y : a < b
        }
    }

    /// «A, B, C» — at most `knownCap`, then «и ещё N».
    static func capped(_ titles: [String]) -> String {
        titles.count <= knownCap ? titles.joined(separator: ", ")
            : titles.prefix(knownCap).joined(separator: ", ") + " и ещё \(titles.count - knownCap)"
    }
}
