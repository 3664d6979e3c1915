import Foundation
import GRDB

/// The columns of the pupils-at-risk file.
public enum PupilsAtRiskColumn: String, Sendable, CaseIterable {
    case municipality, code, school, year, grade, subject, pupils, atRisk, withSpecialNeeds, plan

    /// The header as in the template.
    public var title: String {
        switch self {
        case .municipality: "Муниципалитет"
        case .code: "Код школы"
        case .school: "Школа"
        case .year: "Учебный год"
        case .grade: "Класс"
        case .subject: "Предмет"
        case .pupils: "Обучающихся"
        case .atRisk: "В зоне риска"
        case .withSpecialNeeds: "Из них с ОВЗ"
        case .plan: "План работы"
        }
    }

    /// Headers accepted for the column, normalised (`ImportText.header`).
    var synonyms: [String] {
        switch self {
        case .municipality: ImportColumn.municipality.synonyms
        case .code: ImportColumn.code.synonyms
        case .school: ImportColumn.school.synonyms
        case .year: ImportColumn.year.synonyms
        case .grade: ImportColumn.grade.synonyms
        case .subject: ImportColumn.subject.synonyms
        case .pupils:
            ["обучающихся", "обучающиеся", "всего обучающихся", "обучающихся в параллели", "количество обучающихся", "кол-во обучающихся",
             "численность обучающихся", "учащихся", "всего учащихся", "обучающихся в классе"]
        case .atRisk:
            ["в зоне риска", "зона риска", "в зоне риска чел", "обучающихся в зоне риска", "количество в зоне риска",
             "кол-во в зоне риска", "находятся в зоне риска", "группа риска", "в группе риска"]
        case .withSpecialNeeds:
            ["из них с овз", "с овз", "овз", "из них овз", "в том числе с овз", "в т ч с овз", "обучающихся с овз"]
        case .plan: ["план работы", "план работы с группой", "план", "мероприятия", "работа с группой"]
        }
    }

    static let lookup: [String: PupilsAtRiskColumn] = {
        var map: [String: PupilsAtRiskColumn] = [:]
        for c in PupilsAtRiskColumn.allCases { for s in c.synonyms { map[s] = c } }
        return map
    }()
}

/// A valid row of a pupils-at-risk file, matched to a school.
public struct PupilsAtRiskPlanRow: PlannedImportRow, Equatable {
    public var line: Int
    public var schoolId: Int64
    public var schoolName: String
    public var year: SchoolYear
    public var key: PupilsAtRiskKey
    public var action: ImportAction
    public var old: PupilsAtRiskFigures?
    public var new: PupilsAtRiskFigures
    /// The plan from the file; nil when the file has no «План работы» column (the stored plan is kept).
    public var plan: String?
}

/// The preview of a pupils-at-risk import: nothing is written until every row is valid.
public struct PupilsAtRiskImportPlan: PlannedImport {
    public var fileName: String
    public var fileErrors: [String]
    public var ignoredColumns: [String]
    public var rows: [PupilsAtRiskPlanRow]
    public var errors: [ImportRowError]
    public var municipalityId: Int64?
}

/// Imports pupils at risk from CSV/XLSX with the machinery of the results importer (`ImportHeader`,
/// `ImportSchoolMatcher`): header synonyms, schools by code or normalised name, preview, all-or-nothing commit.
public struct PupilsAtRiskImporter: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static var templateHeader: [String] { PupilsAtRiskColumn.allCases.map(\.title) }
    public static let templateExample: [String?] = ["Каменск-Уральский", "", "МАОУ «Средняя общеобразовательная школа № 1»",
                                                    "2023/2024", "9", "Математика", "52", "9", "2",
                                                    "Индивидуальные консультации, пробные ОГЭ раз в четверть"]

    public func preview(_ scope: Scope, fileName: String, lines: [ImportLine]) throws -> PupilsAtRiskImportPlan {
        try Policy.requireImportPupilsAtRisk(scope)
        return try database.read { db in try Self.plan(db, scope, fileName: fileName, lines: lines) }
    }

    /// Imports the whole file in one transaction, or nothing when any row is in error. Unchanged rows are not written.
    @discardableResult
    public func commit(_ scope: Scope, fileName: String, lines: [ImportLine]) throws -> PupilsAtRiskImportPlan {
        try Policy.requireImportPupilsAtRisk(scope)
        let now = database.now
        return try database.write { db in
            let plan = try Self.plan(db, scope, fileName: fileName, lines: lines)
            guard plan.canCommit else {
                var messages = plan.fileErrors.map { FieldError("file", $0) }
                messages += plan.errors.map { FieldError("line\($0.line)", "Строка \($0.line): " + $0.messages.joined(separator: "; ")) }
                if messages.isEmpty { messages = [FieldError("file", "В файле нет строк с данными")] }
                throw DomainError.invalid(messages)
            }
            for row in plan.rows where row.action != .unchanged {
                var record = try PupilsAtRiskRecord
                    .filter(Column("schoolId") == row.schoolId && Column("schoolYear") == row.year.start
                            && Column("grade") == row.key.grade && Column("subject") == row.key.subject)
                    .fetchOne(db)
                let before = record
                if record == nil {
                    record = PupilsAtRiskRecord(id: nil, schoolId: row.schoolId, schoolYear: row.year.start, grade: row.key.grade,
                                                subject: row.key.subject, pupils: 0, atRisk: 0, withSpecialNeeds: 0, plan: "",
                                                updatedAt: now, updatedBy: scope.userId)
                }
                guard var r = record else { continue }
                r.pupils = row.new.pupils; r.atRisk = row.new.atRisk; r.withSpecialNeeds = row.new.withSpecialNeeds
                if let p = row.plan { r.plan = p }
                r.updatedAt = now; r.updatedBy = scope.userId
                if before == nil { try r.insert(db) } else { try r.update(db) }
                try AuditLog.record(db, scope, action: before == nil ? "import-create" : "import-update", entity: "pupilsAtRisk", id: r.id,
                                    before: before.map { PupilsAtRisk.AuditRow($0, measures: []) },
                                    after: PupilsAtRisk.AuditRow(r, measures: []), at: now)
            }
            try AuditLog.record(db, scope, action: "import", entity: "pupilsAtRiskImport", id: nil, before: String?.none,
                                after: ["file": plan.fileName, "rows": "\(plan.rows.count)", "inserted": "\(plan.insertCount)",
                                        "updated": "\(plan.updateCount)", "unchanged": "\(plan.unchangedCount)"], at: now)
            return plan
        }
    }

    static func plan(_ db: Database, _ scope: Scope, fileName: String, lines: [ImportLine]) throws -> PupilsAtRiskImportPlan {
        var plan = PupilsAtRiskImportPlan(fileName: fileName, fileErrors: [], ignoredColumns: [], rows: [], errors: [],
                                          municipalityId: Policy.managedMunicipality(scope))
        guard let header = ImportHeader.find(lines, lookup: PupilsAtRiskColumn.lookup) else {
            plan.fileErrors.append(ImportHeader<PupilsAtRiskColumn>.notFoundMessage(titles: PupilsAtRiskColumn.allCases.map(\.title)))
            return plan
        }
        plan.ignoredColumns = header.ignored
        let present = header.present
        var missing: [String] = []
        if !present.contains(.code) && !present.contains(.school) { missing.append("«Код школы» или «Школа»") }
        for c in [PupilsAtRiskColumn.year, .grade, .subject, .pupils, .atRisk] where !present.contains(c) { missing.append("«\(c.title)»") }
        if let message = header.missingMessage(missing) {
            plan.fileErrors.append(message)
            return plan
        }
        var matcher = try ImportSchoolMatcher(db, municipalityId: plan.municipalityId, subject: "данные")
        struct Key: Hashable { var school: Int64; var year: Int; var key: PupilsAtRiskKey }
        var stored: [Key: (PupilsAtRiskFigures, String)] = [:]
        var sql = "SELECT p.schoolId, p.schoolYear, p.grade, p.subject, p.pupils, p.atRisk, p.withSpecialNeeds, p.plan FROM pupilsAtRisk p"
        var arguments: StatementArguments = []
        if let m = plan.municipalityId { sql += " JOIN school s ON s.id = p.schoolId WHERE s.municipalityId = ?"; arguments = [m] }
        for r in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            stored[Key(school: r[0], year: r[1], key: PupilsAtRiskKey(grade: r[2], subject: r[3]))] =
                (PupilsAtRiskFigures(pupils: r[4], atRisk: r[5], withSpecialNeeds: r[6]), r[7])
        }
        var seen: [Key: Int] = [:]
        for line in lines[(header.position + 1)...] {
            func cell(_ c: PupilsAtRiskColumn) -> String { header.cell(c, line) }
            var messages: [String] = []
            let schoolId = matcher.school(municipality: cell(.municipality), code: cell(.code), name: cell(.school), messages: &messages)
            let year = matcher.year(cell(.year), messages: &messages)
            let input = PupilsAtRiskInput(id: nil, grade: cell(.grade), subject: cell(.subject), pupils: cell(.pupils), atRisk: cell(.atRisk),
                                          withSpecialNeeds: cell(.withSpecialNeeds), plan: cell(.plan))
            var checked: (PupilsAtRiskKey, PupilsAtRiskFigures, String)? = nil
            switch PupilsAtRisk.validate(input) {
            case .success(let v): checked = v
            case .failure(let e): messages += e.errors.map(\.message)
            }
            guard let schoolId, let year, let checked, messages.isEmpty else {
                plan.errors.append(ImportRowError(line: line.line, messages: messages))
                continue
            }
            let (key, figures, planText) = checked
            let k = Key(school: schoolId, year: year.start, key: key)
            if let first = seen[k] {
                plan.errors.append(ImportRowError(line: line.line, messages: ["Повторяет строку \(first): та же школа, учебный год, класс и предмет"]))
                continue
            }
            seen[k] = line.line
            let newPlan: String? = present.contains(.plan) ? planText : nil
            let old = stored[k]
            let action: ImportAction
            if let old { action = old.0 == figures && (newPlan == nil || newPlan == old.1) ? .unchanged : .update } else { action = .insert }
            plan.rows.append(PupilsAtRiskPlanRow(line: line.line, schoolId: schoolId, schoolName: matcher.shortName(schoolId), year: year,
                                                 key: key, action: action, old: old?.0, new: figures, plan: newPlan))
        }
        if plan.rows.isEmpty && plan.errors.isEmpty { plan.fileErrors.append("В файле нет строк с данными под заголовками") }
        return plan
    }
}
