import Crypto
import Foundation
import GRDB

/// The columns of the results file (contract in DESIGN.md).
public enum ImportColumn: String, Sendable, CaseIterable {
    case municipality, code, school, year, family, subject, grade, participants
    case mark2, mark3, mark4, mark5, belowMinimum, meanScore, lowered, confirmed, raised

    /// The header as in the template.
    public var title: String {
        switch self {
        case .municipality: "Муниципалитет"
        case .code: "Код школы"
        case .school: "Школа"
        case .year: "Учебный год"
        case .family: "Процедура"
        case .subject: "Предмет"
        case .grade: "Класс"
        case .participants: "Участников"
        case .mark2: "«2»"
        case .mark3: "«3»"
        case .mark4: "«4»"
        case .mark5: "«5»"
        case .belowMinimum: "Ниже минимума"
        case .meanScore: "Средний балл"
        case .lowered: "Понизили"
        case .confirmed: "Подтвердили"
        case .raised: "Повысили"
        }
    }

    /// Headers accepted for the column, normalised (`ImportText.header`).
    var synonyms: [String] {
        switch self {
        case .municipality:
            ["муниципалитет", "муниципальное образование", "мо", "городской округ", "муниципальный район", "муниципалитет оо",
             "территория", "ато"]
        case .code:
            ["код школы", "код оо", "код", "код организации", "код образовательной организации", "логин оо", "код учреждения"]
        case .school:
            ["школа", "наименование оо", "оо", "образовательная организация", "наименование образовательной организации",
             "название школы", "наименование школы", "наименование", "краткое наименование оо", "учреждение"]
        case .year: ["учебный год", "год", "уч год", "год проведения"]
        case .family: ["процедура", "оценочная процедура", "вид процедуры", "тип процедуры", "вид оценочной процедуры", "экзамен"]
        case .subject: ["предмет", "учебный предмет"]
        case .grade: ["класс", "параллель"]
        case .participants:
            ["участников", "кол-во участников", "количество участников", "число участников", "участники", "всего участников",
             "писали работу", "кол-во участников чел"]
        case .mark2, .mark3, .mark4, .mark5:
            Self.markSynonyms(String(rawValue.last!))
        case .belowMinimum:
            ["ниже минимума", "не преодолели минимальный порог", "не преодолели минимальный балл", "ниже минимального порога",
             "ниже минимального балла", "не преодолели порог", "кол-во не преодолевших минимальный порог", "не набрали минимальный балл"]
        case .meanScore: ["средний балл", "ср балл", "средний тестовый балл", "средняя отметка", "средний первичный балл"]
        case .lowered: ["понизили", "понизили отметку", "понизили отм", "понизили по журналу"]
        case .confirmed: ["подтвердили", "подтвердили отметку", "подтвердили отм"]
        case .raised: ["повысили", "повысили отметку", "повысили отм"]
        }
    }

    private static func markSynonyms(_ d: String) -> [String] {
        [d, "отметка \(d)", "отметки \(d)", "оценка \(d)", "кол-во \(d)", "количество \(d)", "кол-во отметок \(d)",
         "количество отметок \(d)", "получили \(d)", "на \(d)", "число отметок \(d)", "\(d) отметка"]
            + (d == "2" ? ["двойки"] : d == "3" ? ["тройки"] : d == "4" ? ["четверки"] : ["пятерки"])
    }

    static let lookup: [String: ImportColumn] = {
        var map: [String: ImportColumn] = [:]
        for c in ImportColumn.allCases { for s in c.synonyms { map[s] = c } }
        return map
    }()
}

/// A valid row of the file, matched to a school and a procedure.
public struct ImportPlanRow: PlannedImportRow, Equatable {
    public var line: Int
    public var schoolId: Int64
    public var schoolName: String
    public var procedureId: Int64
    public var procedureTitle: String
    public var year: SchoolYear
    public var action: ImportAction
    public var old: ResultValues?
    public var new: ResultValues
}

/// The preview of an import: nothing is written until every row is valid.
public struct ImportPlan: PlannedImport {
    public var fileName: String
    public var sha256: String
    public var fileErrors: [String]
    public var ignoredColumns: [String]
    public var rows: [ImportPlanRow]
    public var errors: [ImportRowError]
    /// The municipality the import is limited to (a municipal coordinator's), nil for the region.
    public var municipalityId: Int64?
    /// Lines with no figure at all (rows of the prefilled template left unfilled): skipped, not errors.
    public var blankLines: [Int] = []
}

/// The results importer shared by the web page and `opora import-results`: header mapping,
/// school and procedure matching, validation, preview, all-or-nothing commit.
public struct ResultImporter: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The preview: what the import would do. Writes nothing.
    public func preview(_ scope: Scope, fileName: String, sha256: String, lines: [ImportLine]) throws -> ImportPlan {
        try Policy.requireImportResults(scope)
        return try database.read { db in try Self.plan(db, scope, fileName: fileName, sha256: sha256, lines: lines) }
    }

    /// Imports the file as a whole in one transaction: re-reads the catalogue and the stored results,
    /// refuses everything if any row is in error, records the import. Returns the import record.
    @discardableResult
    public func commit(_ scope: Scope, fileName: String, sha256: String, lines: [ImportLine]) throws -> (ResultImportRecord, ImportPlan) {
        try Policy.requireImportResults(scope)
        let now = database.now
        return try database.write { db in
            let plan = try Self.plan(db, scope, fileName: fileName, sha256: sha256, lines: lines)
            guard plan.canCommit else {
                var messages = plan.fileErrors.map { FieldError("file", $0) }
                messages += plan.errors.map { FieldError("line\($0.line)", "Строка \($0.line): " + $0.messages.joined(separator: "; ")) }
                if messages.isEmpty { messages = [FieldError("file", "В файле нет строк с результатами")] }
                throw DomainError.invalid(messages)
            }
            var record = try ResultImports.begin(db, scope, fileName: fileName, sha256: sha256,
                                                 municipalityId: plan.municipalityId, at: now)
            let insert = try db.makeStatement(sql: """
                INSERT INTO result (schoolId, procedureId, schoolYear, participants, mark2, mark3, mark4, mark5, belowMinimum,
                                    meanScore, lowered, confirmed, raised, importId, updatedAt, updatedBy)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let update = try db.makeStatement(sql: """
                UPDATE result SET participants = ?, mark2 = ?, mark3 = ?, mark4 = ?, mark5 = ?, belowMinimum = ?, meanScore = ?,
                                  lowered = ?, confirmed = ?, raised = ?, importId = ?, updatedAt = ?, updatedBy = ?
                WHERE schoolId = ? AND procedureId = ? AND schoolYear = ?
                """)
            let change = try db.makeStatement(sql: """
                INSERT INTO resultImportChange (importId, schoolId, procedureId, schoolYear, action, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            let importId = record.id
            let stamp = now.databaseValue
            for row in plan.rows {
                let v = row.new
                let figures: [DatabaseValueConvertible?] = [v.participants, v.mark2, v.mark3, v.mark4, v.mark5, v.belowMinimum,
                                                            v.meanScore, v.lowered, v.confirmed, v.raised]
                switch row.action {
                case .unchanged:
                    continue
                case .insert:
                    try insert.execute(arguments: StatementArguments([row.schoolId, row.procedureId, row.year.start] + figures
                                                                     + [importId, stamp, scope.userId]))
                    try change.execute(arguments: [importId, row.schoolId, row.procedureId, row.year.start, "insert", nil, Self.json(v)])
                case .update:
                    try update.execute(arguments: StatementArguments(figures + [importId, stamp, scope.userId,
                                                                                row.schoolId, row.procedureId, row.year.start]))
                    try change.execute(arguments: [importId, row.schoolId, row.procedureId, row.year.start, "update",
                                                   row.old.map(Self.json), Self.json(v)])
                }
            }
            record.rowCount = plan.rows.count
            record.insertedCount = plan.insertCount
            record.updatedCount = plan.updateCount
            record.unchangedCount = plan.unchangedCount
            // The import's own audit entry; each changed row keeps its before/after in resultImportChange.
            try ResultImports.finish(db, scope, record, at: now)
            return (record, plan)
        }
    }

    // MARK: - Planning

    struct Key: Hashable { var school: Int64; var procedure: Int64; var year: Int }
    struct ProcedureKey: Hashable { var family: ProcedureFamily; var subject: ImportBytes; var grade: Int? }

    static func plan(_ db: Database, _ scope: Scope, fileName: String, sha256: String, lines: [ImportLine]) throws -> ImportPlan {
        var plan = ImportPlan(fileName: fileName, sha256: sha256.lowercased(), fileErrors: [], ignoredColumns: [], rows: [], errors: [],
                              municipalityId: scope.role == .admin ? nil : scope.municipalityId)
        guard let header = ImportHeader.find(lines, lookup: ImportColumn.lookup) else {
            plan.fileErrors.append(ImportHeader<ImportColumn>.notFoundMessage(titles: ImportColumn.allCases.map(\.title)))
            return plan
        }
        plan.ignoredColumns = header.ignored
        let present = header.present
        var missing: [String] = []
        if !present.contains(.code) && !present.contains(.school) { missing.append("«Код школы» или «Школа»") }
        for c in [ImportColumn.year, .family, .subject, .participants] where !present.contains(c) { missing.append("«\(c.title)»") }
        if let message = header.missingMessage(missing) {
            plan.fileErrors.append(message)
            return plan
        }

        // Lookups: municipalities and schools in scope, the catalogue, stored results.
        var matcher = try ImportSchoolMatcher(db, municipalityId: plan.municipalityId, subject: "результаты")
        let procedures = try Procedures.all(db)
        var stored: [Key: ResultValues] = [:]
        var resultSQL = "SELECT r.* FROM result r"
        if let m = plan.municipalityId { resultSQL += " JOIN school s ON s.id = r.schoolId WHERE s.municipalityId = \(m)" }
        stored.reserveCapacity(lines.count)
        let cursor = try Row.fetchCursor(db, sql: resultSQL.replacingOccurrences(of: "r.*", with: """
            r.schoolId, r.procedureId, r.schoolYear, r.participants, r.mark2, r.mark3, r.mark4, r.mark5, r.belowMinimum,
            r.meanScore, r.lowered, r.confirmed, r.raised
            """))
        while let r = try cursor.next() {
            stored[Key(school: r[0], procedure: r[1], year: r[2])] = ResultValues(
                participants: r[3], mark2: r[4], mark3: r[5], mark4: r[6], mark5: r[7], belowMinimum: r[8], meanScore: r[9],
                lowered: r[10], confirmed: r[11], raised: r[12])
        }

        var seen: [Key: Int] = [:]
        var procedureCache: [ProcedureKey: Result<Procedure, ImportMatchError>] = [:]
        var familyCache: [ImportBytes: ProcedureFamily?] = [:]
        let figureColumns: [ImportColumn] = [.participants, .mark2, .mark3, .mark4, .mark5, .belowMinimum, .meanScore, .lowered, .confirmed, .raised]
        for line in lines[(header.position + 1)...] {
            func cell(_ c: ImportColumn) -> String { header.cell(c, line) }
            var messages: [String] = []
            if figureColumns.allSatisfy({ cell($0).isEmpty }) && !(cell(.code).isEmpty && cell(.school).isEmpty && cell(.family).isEmpty) {
                plan.blankLines.append(line.line)
                continue
            }

            // Municipality and school: by code, else by normalised name within the municipality.
            let schoolId = matcher.school(municipality: cell(.municipality), code: cell(.code), name: cell(.school), messages: &messages)
            // School year.
            let year = matcher.year(cell(.year), messages: &messages)

            // Procedure.
            var procedure: Procedure? = nil
            let familyText = cell(.family), subjectText = cell(.subject), gradeText = cell(.grade)
            if familyText.isEmpty {
                messages.append("Не указана процедура (ВПР, ОГЭ, ЕГЭ, НИКО)")
            } else if let family = { () -> ProcedureFamily? in
                if let cached = familyCache[ImportBytes(familyText)] { return cached }
                let parsed = ProcedureFamily(parsing: familyText)
                familyCache[ImportBytes(familyText)] = parsed
                return parsed
            }() {
                var grade: Int? = nil
                var gradeOK = true
                if !gradeText.isEmpty {
                    let digits = gradeText.prefix(while: { $0.isNumber })
                    if let g = Int(digits), (1...11).contains(g) { grade = g } else {
                        gradeOK = false
                        messages.append("Класс «\(gradeText)» не распознан: число от 1 до 11")
                    }
                }
                if subjectText.isEmpty {
                    messages.append("Не указан предмет")
                } else if gradeOK {
                    let cacheKey = ProcedureKey(family: family, subject: ImportBytes(subjectText), grade: grade)
                    let matched: Result<Procedure, ImportMatchError>
                    if let cached = procedureCache[cacheKey] { matched = cached } else {
                        matched = matchProcedure(procedures, family: family, subject: subjectText, grade: grade)
                        procedureCache[cacheKey] = matched
                    }
                    switch matched {
                    case .success(let p): procedure = p
                    case .failure(let error): messages.append(error.message)
                    }
                }
            } else {
                messages.append("Процедура «\(familyText)» не распознана: ВПР, ОГЭ, ЕГЭ или НИКО")
            }

            // Figures.
            var values: ResultValues? = nil
            if let procedure {
                switch Self.figures(cell, rule: procedure.lowRule) {
                case .success(let v): values = v
                case .failure(let errors): messages += errors.messages
                }
            }

            if let schoolId, let procedure, let year, let values, messages.isEmpty {
                let key = Key(school: schoolId, procedure: procedure.id!, year: year.start)
                if let first = seen[key] {
                    plan.errors.append(ImportRowError(line: line.line, messages: [
                        "Повторяет строку \(first): та же школа, процедура и учебный год"]))
                    continue
                }
                seen[key] = line.line
                let old = stored[key]
                let action: ImportAction = old == nil ? .insert : (old == values ? .unchanged : .update)
                plan.rows.append(ImportPlanRow(line: line.line, schoolId: schoolId, schoolName: matcher.shortName(schoolId),
                                               procedureId: procedure.id!, procedureTitle: procedure.title, year: year,
                                               action: action, old: old, new: values))
            } else {
                plan.errors.append(ImportRowError(line: line.line, messages: messages))
            }
        }
        if plan.rows.isEmpty && plan.errors.isEmpty {
            plan.fileErrors.append(plan.blankLines.isEmpty ? "В файле нет строк с результатами под заголовками"
                                                            : "В файле не заполнено ни одной строки: впишите число участников и отметки")
        }
        return plan
    }

    struct FigureErrors: Error { var messages: [String] }

    /// The figures of a row, parsed without Foundation on the common path (the same messages as `ResultForm`).
    static func figures(_ cell: (ImportColumn) -> String, rule: LowRule) -> Result<ResultValues, FigureErrors> {
        var messages: [String] = []
        func count(_ c: ImportColumn) -> Int? {
            let raw = cell(c)
            if raw.isEmpty { return nil }
            if let n = ImportText.integer(raw) { return n }
            let t = ImportText.number(raw)
            if let n = Int(t) { return n }
            messages.append("Графа «\(c.title)»: введите целое неотрицательное число, а не «\(raw)»")
            return nil
        }
        let p = count(.participants)
        if p == nil && cell(.participants).isEmpty { messages.append("Укажите число участников") }
        var v = ResultValues(participants: p ?? 0, mark2: count(.mark2), mark3: count(.mark3), mark4: count(.mark4), mark5: count(.mark5),
                             belowMinimum: count(.belowMinimum), lowered: count(.lowered), confirmed: count(.confirmed), raised: count(.raised))
        let mean = cell(.meanScore)
        if !mean.isEmpty {
            if let m = Double(mean) ?? Double(mean.replacingOccurrences(of: ",", with: ".")) { v.meanScore = m }
            else { messages.append("Средний балл — число, например 3,8, а не «\(mean)»") }
        }
        if !messages.isEmpty { return .failure(FigureErrors(messages: messages)) }
        let problems = v.validationErrors(for: rule)
        return problems.isEmpty ? .success(v) : .failure(FigureErrors(messages: problems.map(\.message)))
    }

    /// Matches family, subject (with a variant such as «Математика (профильная)») and grade against the catalogue.
    static func matchProcedure(_ procedures: [Procedure], family: ProcedureFamily, subject: String, grade: Int?) -> Result<Procedure, ImportMatchError> {
        let (name, variant) = ImportText.subject(subject)
        let ofFamily = procedures.filter { $0.family == family }
        var candidates = ofFamily.filter { ImportText.subject($0.subject).name == name }
        if candidates.isEmpty {
            // «Русский» for «Русский язык», «Окр. мир» is left to the catalogue's exact name.
            candidates = ofFamily.filter { ImportText.subject($0.subject).name.hasPrefix(name + " ") }
        }
        if let grade { candidates = candidates.filter { $0.grade == nil || $0.grade == grade } }
        let withVariant = candidates.filter { p in
            let v = p.variant.isEmpty ? nil : (ImportText.subject(p.variant).variant ?? ImportText.basic(p.variant))
            return v == variant
        }
        let title = "\(family.title) \(subject)" + (grade.map { " \($0) кл." } ?? "")
        if withVariant.count == 1 { return .success(withVariant[0]) }
        if candidates.isEmpty {
            return .failure(ImportMatchError("Процедуры «\(title)» нет в каталоге оценочных процедур"))
        }
        if variant == nil && candidates.count > 1 && Set(candidates.map(\.variant)).count > 1 {
            let variants = candidates.map(\.variant).filter { !$0.isEmpty }.joined(separator: " или ")
            return .failure(ImportMatchError("Для «\(title)» укажите уровень в графе «Предмет»: \(variants)"))
        }
        if withVariant.isEmpty {
            return .failure(ImportMatchError("Процедуры «\(title)» нет в каталоге оценочных процедур"))
        }
        return .failure(ImportMatchError("Для «\(title)» укажите класс"))
    }

    /// The figures as JSON with sorted keys and no nulls, as `JSONEncoder` writes them (decoded by the rollback).
    static func json(_ v: ResultValues) -> String {
        var out = "{"
        func add(_ key: String, _ value: String?) {
            guard let value else { return }
            if out.utf8.count > 1 { out += "," }
            out += "\"" + key + "\":" + value
        }
        add("belowMinimum", v.belowMinimum.map(String.init)); add("confirmed", v.confirmed.map(String.init))
        add("lowered", v.lowered.map(String.init)); add("mark2", v.mark2.map(String.init)); add("mark3", v.mark3.map(String.init))
        add("mark4", v.mark4.map(String.init)); add("mark5", v.mark5.map(String.init))
        add("meanScore", v.meanScore.flatMap { $0.isFinite ? ($0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0)) : nil })
        add("participants", String(v.participants)); add("raised", v.raised.map(String.init))
        return out + "}"
    }
}

extension ResultImporter {
    /// The header row of the results file, as in the template.
    public static var templateHeader: [String] { ImportColumn.allCases.map(\.title) }
}

/// An import as listed in the journal: the record and who made it.
public struct ImportHistoryEntry: Sendable, Equatable {
    public var record: ResultImportRecord
    public var importedByName: String?
    public var rolledBackByName: String?
    /// The scope may roll it back (not yet rolled back, and within its municipality).
    public var canRollBack: Bool
}

extension ResultImporter {
    /// The journal of imports the scope may see (admin: all; municipal coordinator: their municipality's).
    public func history(_ scope: Scope) throws -> [ImportHistoryEntry] {
        try Policy.requireImportResults(scope)
        let records = try ResultImports(database: database).list(scope)
        let names = try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, cachedSQL: "SELECT id, fullName FROM user").map { ($0["id"] as Int64, $0["fullName"] as String) })
        }
        return records.map { r in
            ImportHistoryEntry(record: r, importedByName: r.importedBy.flatMap { names[$0] } ?? (r.importedBy == nil ? "Командная строка" : nil),
                               rolledBackByName: r.rolledBackBy.flatMap { names[$0] },
                               canRollBack: r.rolledBackAt == nil && (scope.role == .admin || r.municipalityId == scope.municipalityId))
        }
    }

    /// One import of the journal, for the rollback confirmation.
    public func entry(_ scope: Scope, id: Int64) throws -> ImportHistoryEntry {
        try Policy.requireImportResults(scope)
        guard let record = try database.read({ try ResultImportRecord.fetchOne($0, key: id) }) else { throw DomainError.notFound }
        if scope.role != .admin && record.municipalityId != scope.municipalityId { throw DomainError.forbidden }
        guard let e = try history(scope).first(where: { $0.record.id == id }) else { throw DomainError.notFound }
        return e
    }
}
