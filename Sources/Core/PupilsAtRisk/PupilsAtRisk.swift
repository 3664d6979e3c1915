import Foundation
import GRDB

/// Pupils at risk per subject (seeds 000, 001): per school, school year, grade (9 or 11) and subject, the
/// pupils in the grade, those in the risk zone and of them with ОВЗ, and a plan of work with the group
/// (text and links to roadmap measures). Entered by the school, read on its card, summed per municipality.
public struct PupilsAtRisk: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static let planLimit = 2000

    // MARK: A school's year

    /// The figures of a school for a year (nil: the latest year with figures, else the running year).
    public func school(_ scope: Scope, school schoolId: Int64, year: SchoolYear?) throws -> SchoolPupilsAtRisk {
        let running = SchoolYear.containing(database.now)
        return try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let years = try Int.fetchAll(db, cachedSQL: "SELECT DISTINCT schoolYear FROM pupilsAtRisk WHERE schoolId = ? ORDER BY schoolYear DESC",
                                         arguments: [schoolId]).map(SchoolYear.init)
            let year = year ?? years.first ?? running
            return try Self.load(db, scope, school: schoolId, year: year, years: years)
        }
    }

    static func load(_ db: Database, _ scope: Scope, school schoolId: Int64, year: SchoolYear, years: [SchoolYear]) throws -> SchoolPupilsAtRisk {
        guard let school = try Row.fetchOne(db, cachedSQL: "SELECT shortName, municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        let sql = "SELECT * FROM pupilsAtRisk WHERE schoolId = ? AND schoolYear = ?"
        let records = try PupilsAtRiskRecord.fetchAll(db, cachedSQL: sql, arguments: [schoolId, year.start])
        let previous = try PupilsAtRiskRecord.fetchAll(db, cachedSQL: sql, arguments: [schoolId, year.start - 1])
        let previousByKey = Dictionary(previous.map { ($0.key, $0.figures) }, uniquingKeysWith: { a, _ in a })
        var linked: [Int64: [PupilsAtRiskMeasure]] = [:]
        for r in try Row.fetchAll(db, cachedSQL: """
            SELECT l.pupilsAtRiskId, m.id, m.title FROM pupilsAtRiskMeasure l JOIN measure m ON m.id = l.measureId
            JOIN pupilsAtRisk p ON p.id = l.pupilsAtRiskId WHERE p.schoolId = ? AND p.schoolYear = ? ORDER BY m.position, m.id
            """, arguments: [schoolId, year.start]) {
            linked[r[0], default: []].append(PupilsAtRiskMeasure(id: r[1], title: r[2]))
        }
        let lines = records.sorted { $0.key < $1.key }.map { r in
            PupilsAtRiskLine(record: r, measures: linked[r.id ?? 0] ?? [], previous: previousByKey[r.key])
        }
        return SchoolPupilsAtRisk(schoolId: schoolId, schoolName: school["shortName"], municipalityId: school["municipalityId"],
                                  year: year, lines: lines, years: years, measures: try measures(db, school: schoolId, year: year),
                                  canEdit: try Policy.mayEditPupilsAtRisk(scope, school: schoolId, db))
    }

    /// The measures of the school's roadmap of the year.
    static func measures(_ db: Database, school schoolId: Int64, year: SchoolYear) throws -> [PupilsAtRiskMeasure] {
        try Row.fetchAll(db, cachedSQL: """
            SELECT m.id, m.title FROM measure m JOIN roadmap r ON r.id = m.roadmapId
            WHERE r.schoolId = ? AND r.schoolYear = ? ORDER BY m.position, m.id
            """, arguments: [schoolId, year.start]).map { PupilsAtRiskMeasure(id: $0[0], title: $0[1]) }
    }

    /// One stored row, for the removal's confirmation.
    public func row(_ scope: Scope, id: Int64) throws -> PupilsAtRiskRecord {
        try database.read { db in
            guard let r = try PupilsAtRiskRecord.fetchOne(db, key: id) else { throw DomainError.notFound }
            try Policy.requireEditPupilsAtRisk(scope, school: r.schoolId, db)
            return r
        }
    }

    // MARK: Changing

    /// Saves the rows of a school's year as a whole: every row valid or nothing is written.
    /// Rows with an id update the stored row (of this school and year); a row without an id is added,
    /// unless it is blank. Each changed row is audited.
    public func save(_ scope: Scope, school schoolId: Int64, year: SchoolYear, rows: [PupilsAtRiskInput]) throws {
        let now = database.now
        try database.write { db in
            try Policy.requireEditPupilsAtRisk(scope, school: schoolId, db)
            let stored = try PupilsAtRiskRecord.filter(Column("schoolId") == schoolId && Column("schoolYear") == year.start).fetchAll(db)
            let byId = Dictionary(uniqueKeysWithValues: stored.map { ($0.id!, $0) })
            let allowedMeasures = Set(try Self.measures(db, school: schoolId, year: year).map(\.id))
            var errors: [FieldError] = []
            var valid: [(PupilsAtRiskInput, PupilsAtRiskKey, PupilsAtRiskFigures, String)] = []
            var seen: [PupilsAtRiskKey: String] = [:]
            // Keys of stored rows not in the form keep their place (a row edited elsewhere still counts for duplicates).
            let submittedIds = Set(rows.compactMap(\.id))
            for r in stored where !submittedIds.contains(r.id!) { seen[r.key] = "\(r.id!)" }
            for input in rows {
                if input.id == nil && input.isBlank { continue }
                if let id = input.id, byId[id] == nil { throw DomainError.notFound }
                let checked = Self.validate(input, allowedMeasures: allowedMeasures)
                switch checked {
                case .failure(let e): errors += e.errors
                case .success(let (key, figures, plan)):
                    if seen[key] != nil {
                        errors.append(FieldError("subject-\(input.fieldKey)", "Строка «\(key.title)» уже есть: у предмета в классе одна строка"))
                    } else {
                        seen[key] = input.fieldKey
                        valid.append((input, key, figures, plan))
                    }
                }
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            for (input, key, figures, plan) in valid {
                var record = input.id.flatMap { byId[$0] } ?? PupilsAtRiskRecord(
                    id: nil, schoolId: schoolId, schoolYear: year.start, grade: key.grade, subject: key.subject, pupils: 0, atRisk: 0,
                    withSpecialNeeds: 0, plan: "", updatedAt: now, updatedBy: scope.userId)
                let before = input.id == nil ? nil : record
                let oldMeasures = try input.id.map { try Int64.fetchAll(db, cachedSQL: "SELECT measureId FROM pupilsAtRiskMeasure WHERE pupilsAtRiskId = ? ORDER BY measureId", arguments: [$0]) } ?? []
                let newMeasures = Array(Set(input.measureIds)).sorted()
                record.grade = key.grade; record.subject = key.subject
                record.pupils = figures.pupils; record.atRisk = figures.atRisk; record.withSpecialNeeds = figures.withSpecialNeeds
                record.plan = plan
                if let before, Self.same(before, record), oldMeasures == newMeasures { continue }
                record.updatedAt = now; record.updatedBy = scope.userId
                if before == nil { try record.insert(db) } else { try record.update(db) }
                if oldMeasures != newMeasures {
                    try db.execute(sql: "DELETE FROM pupilsAtRiskMeasure WHERE pupilsAtRiskId = ?", arguments: [record.id])
                    for m in newMeasures {
                        try db.execute(sql: "INSERT INTO pupilsAtRiskMeasure (pupilsAtRiskId, measureId) VALUES (?, ?)", arguments: [record.id, m])
                    }
                }
                try AuditLog.record(db, scope, action: before == nil ? "create" : "update", entity: "pupilsAtRisk", id: record.id,
                                    before: before.map { AuditRow($0, measures: oldMeasures) }, after: AuditRow(record, measures: newMeasures), at: now)
            }
        }
    }

    /// Removes a row.
    public func remove(_ scope: Scope, id: Int64) throws {
        let now = database.now
        try database.write { db in
            guard let r = try PupilsAtRiskRecord.fetchOne(db, key: id) else { throw DomainError.notFound }
            try Policy.requireEditPupilsAtRisk(scope, school: r.schoolId, db)
            let measures = try Int64.fetchAll(db, cachedSQL: "SELECT measureId FROM pupilsAtRiskMeasure WHERE pupilsAtRiskId = ? ORDER BY measureId", arguments: [id])
            _ = try r.delete(db)
            try AuditLog.record(db, scope, action: "delete", entity: "pupilsAtRisk", id: id, before: AuditRow(r, measures: measures),
                                after: AuditRow?.none, at: now)
        }
    }

    static func same(_ a: PupilsAtRiskRecord, _ b: PupilsAtRiskRecord) -> Bool {
        a.grade == b.grade && a.subject == b.subject && a.figures == b.figures && a.plan == b.plan
    }

    struct AuditRow: Encodable {
        var schoolId: Int64, schoolYear: Int, grade: Int, subject: String, pupils: Int, atRisk: Int, withSpecialNeeds: Int, plan: String
        var measureIds: [Int64]
        init(_ r: PupilsAtRiskRecord, measures: [Int64]) {
            schoolId = r.schoolId; schoolYear = r.schoolYear; grade = r.grade; subject = r.subject; pupils = r.pupils; atRisk = r.atRisk
            withSpecialNeeds = r.withSpecialNeeds; plan = r.plan; measureIds = measures
        }
    }

    // MARK: Validation

    /// A non-negative whole number written by a person or a file («12», « 12 », «12,0»).
    static func count(_ text: String) -> Int? {
        let t = ImportText.number(text.trimmingCharacters(in: .whitespaces))
        guard !t.isEmpty, t.allSatisfy(\.isASCII), t.allSatisfy(\.isNumber), t.count <= 6 else { return nil }
        return Int(t)
    }

    /// Checks one row; messages in Russian keyed by the row's fields (`pupils-12`, `atRisk-new`, …).
    public static func validate(_ input: PupilsAtRiskInput, allowedMeasures: Set<Int64>? = nil)
        -> Result<(PupilsAtRiskKey, PupilsAtRiskFigures, String), InvalidRow> {
        let k = input.fieldKey
        var errors: [FieldError] = []
        let gradeText = input.grade.trimmingCharacters(in: .whitespaces)
        let grade = Int(gradeText.prefix(while: \.isNumber))
        if gradeText.isEmpty { errors.append(FieldError("grade-\(k)", "Выберите класс: 9 или 11")) }
        else if grade != 9 && grade != 11 { errors.append(FieldError("grade-\(k)", "Класс «\(gradeText)»: данные собираются только по 9 и 11 классам")) }
        let subjectText = input.subject.trimmingCharacters(in: .whitespaces)
        let subject = PupilsAtRiskSubjects.canonical(subjectText)
        if subjectText.isEmpty { errors.append(FieldError("subject-\(k)", "Выберите учебный предмет")) }
        else if subject == nil {
            errors.append(FieldError("subject-\(k)", "Предмет «\(subjectText)» не распознан: " + PupilsAtRiskSubjects.all.joined(separator: ", ")))
        }
        func number(_ field: String, _ text: String, _ what: String) -> Int? {
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { errors.append(FieldError("\(field)-\(k)", "Укажите \(what)")); return nil }
            guard let n = count(t) else {
                errors.append(FieldError("\(field)-\(k)", "Укажите \(what) целым неотрицательным числом, а не «\(t)»")); return nil
            }
            return n
        }
        let pupils = number("pupils", input.pupils, "число обучающихся в параллели")
        let atRisk = number("atRisk", input.atRisk, "число обучающихся в «зоне риска»")
        let special = input.withSpecialNeeds.trimmingCharacters(in: .whitespaces).isEmpty ? 0
            : number("withSpecialNeeds", input.withSpecialNeeds, "число обучающихся с ОВЗ")
        if let p = pupils {
            if p == 0 { errors.append(FieldError("pupils-\(k)", "Обучающихся в параллели должно быть больше нуля")) }
            else if p > 10_000 { errors.append(FieldError("pupils-\(k)", "Обучающихся в параллели не может быть больше 10 000")) }
        }
        if let p = pupils, let r = atRisk, p > 0, r > p {
            errors.append(FieldError("atRisk-\(k)", "В «зоне риска» не может быть больше обучающихся (\(r)), чем в параллели (\(p))"))
        }
        if let r = atRisk, let s = special, s > r {
            errors.append(FieldError("withSpecialNeeds-\(k)", "Обучающихся с ОВЗ (\(s)) не может быть больше, чем в «зоне риска» (\(r))"))
        }
        let plan = input.plan.trimmingCharacters(in: .whitespacesAndNewlines)
        if plan.count > planLimit { errors.append(FieldError("plan-\(k)", "План работы — не длиннее \(planLimit) знаков (сейчас \(plan.count))")) }
        if let allowed = allowedMeasures, input.measureIds.contains(where: { !allowed.contains($0) }) {
            errors.append(FieldError("measures-\(k)", "Выберите мероприятия из дорожной карты школы за этот учебный год"))
        }
        guard errors.isEmpty, let grade, let subject, let pupils, let atRisk, let special else { return .failure(InvalidRow(errors)) }
        return .success((PupilsAtRiskKey(grade: grade, subject: subject),
                         PupilsAtRiskFigures(pupils: pupils, atRisk: atRisk, withSpecialNeeds: special), plan))
    }

    public struct InvalidRow: Error, Sendable, Equatable {
        public var errors: [FieldError]
        init(_ errors: [FieldError]) { self.errors = errors }
    }
}

extension Result where Failure == PupilsAtRisk.InvalidRow {
    fileprivate static func failure(_ e: [FieldError]) -> Self { .failure(PupilsAtRisk.InvalidRow(e)) }
}

// MARK: - The municipality

extension PupilsAtRisk {
    /// Per grade and subject, the municipality's totals for the year and the change of the share from the
    /// previous year (the dashboard's figures). Checks the scope.
    public func municipalSummary(_ scope: Scope, municipalityId: Int64, year: SchoolYear) throws -> PupilsAtRiskSummary {
        try Policy.requireReadPupilsAtRiskSummary(scope, municipalityId: municipalityId)
        return try database.read { db in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE id = ?)", arguments: [municipalityId]) == true
            else { throw DomainError.notFound }
            return Self.summary(try Self.schoolLines(db, municipalityId: municipalityId, year: year), municipalityId: municipalityId, year: year)
        }
    }

    /// The municipal page: the schools' lines and the summary; nil year = the latest with figures, else the running year.
    public func municipalTable(_ scope: Scope, municipalityId: Int64, year: SchoolYear?) throws -> PupilsAtRiskMunicipalTable {
        try Policy.requireReadPupilsAtRiskSummary(scope, municipalityId: municipalityId)
        let running = SchoolYear.containing(database.now)
        return try database.read { db in
            guard let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId]) else {
                throw DomainError.notFound
            }
            let years = try Int.fetchAll(db, cachedSQL: """
                SELECT DISTINCT p.schoolYear FROM pupilsAtRisk p JOIN school s ON s.id = p.schoolId
                WHERE s.municipalityId = ? ORDER BY p.schoolYear DESC
                """, arguments: [municipalityId]).map(SchoolYear.init)
            let year = year ?? years.first ?? running
            let lines = try Self.schoolLines(db, municipalityId: municipalityId, year: year)
            return PupilsAtRiskMunicipalTable(municipalityId: municipalityId, municipalityName: name, year: year, years: years,
                                              schools: lines, summary: Self.summary(lines, municipalityId: municipalityId, year: year))
        }
    }

    static func schoolLines(_ db: Database, municipalityId: Int64, year: SchoolYear) throws -> [PupilsAtRiskSchoolLine] {
        let rows = try Row.fetchAll(db, cachedSQL: """
            SELECT p.schoolId, s.shortName, p.schoolYear, p.grade, p.subject, p.pupils, p.atRisk, p.withSpecialNeeds, p.plan
            FROM pupilsAtRisk p JOIN school s ON s.id = p.schoolId
            WHERE s.municipalityId = ? AND p.schoolYear IN (?, ?)
            """, arguments: [municipalityId, year.start, year.start - 1])
        struct K: Hashable { var school: Int64; var key: PupilsAtRiskKey }
        var previous: [K: PupilsAtRiskFigures] = [:]
        var current: [PupilsAtRiskSchoolLine] = []
        for r in rows {
            let key = PupilsAtRiskKey(grade: r["grade"], subject: r["subject"])
            let f = PupilsAtRiskFigures(pupils: r["pupils"], atRisk: r["atRisk"], withSpecialNeeds: r["withSpecialNeeds"])
            if (r["schoolYear"] as Int) == year.start {
                current.append(PupilsAtRiskSchoolLine(schoolId: r["schoolId"], schoolName: r["shortName"], key: key, figures: f,
                                                      previous: nil, plan: r["plan"]))
            } else {
                previous[K(school: r["schoolId"], key: key)] = f
            }
        }
        for i in current.indices { current[i].previous = previous[K(school: current[i].schoolId, key: current[i].key)] }
        return current.sorted { a, b in
            a.schoolName != b.schoolName
                ? NaturalSortKey(a.schoolName) < NaturalSortKey(b.schoolName)
                : a.key < b.key
        }
    }

    /// Totals per grade and subject. The previous year's totals are over the same schools (those with the
    /// grade and subject in both years), so that a school added this year does not move the change.
    static func summary(_ lines: [PupilsAtRiskSchoolLine], municipalityId: Int64, year: SchoolYear) -> PupilsAtRiskSummary {
        var byKey: [PupilsAtRiskKey: PupilsAtRiskSummaryLine] = [:]
        for l in lines {
            var s = byKey[l.key] ?? PupilsAtRiskSummaryLine(key: l.key, schoolCount: 0, figures: .zero, previous: nil, compared: nil)
            s.schoolCount += 1
            s.figures = s.figures + l.figures
            if let p = l.previous {
                s.previous = (s.previous ?? .zero) + p
                s.compared = (s.compared ?? .zero) + l.figures
            }
            byKey[l.key] = s
        }
        return PupilsAtRiskSummary(municipalityId: municipalityId, year: year, lines: byKey.values.sorted { $0.key < $1.key })
    }
}

extension PupilsAtRisk {
    /// Municipalities whose table the scope may read, by name (for the filter of the municipal page).
    public func readableMunicipalities(_ scope: Scope) throws -> [(id: Int64, name: String)] {
        try Policy.requireReadPupilsAtRiskTables(scope)
        return try database.read { db in
            try SQLRequest<Row>(literal: "SELECT id, name FROM municipality WHERE \(Policy.visibleMunicipalities(scope)) ORDER BY name")
                .fetchAll(db).map { ($0["id"], $0["name"]) }
        }
    }
}
