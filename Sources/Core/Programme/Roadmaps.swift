import Foundation
import GRDB

/// School roadmaps and municipal plans: sections, measures, the approval workflow and revisions.
public struct Roadmaps: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The sections a new roadmap starts with (the plan of seed 002).
    public static let defaultSections = [
        "Организационное обеспечение поддержки школ с низкими образовательными результатами обучения",
        "Повышение квалификации педагогических и руководящих работников школ",
        "Информационно-консультативная поддержка",
        "Формирование и организация работы партнёрских пар школ с привлечением успешных ОО",
        "Анализ эффективности функционирования системы внутреннего мониторинга качества образования",
    ]

    typealias Header = RoadmapRecord

    static func header(_ db: Database, _ id: Int64) throws -> Header {
        guard let roadmap = try RoadmapRecord.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
        return roadmap
    }

    // MARK: Access (the rules are `Policy+Roadmaps.swift`'s)

    static func requireRead(_ scope: Scope, _ h: Header, _ db: Database) throws {
        try Policy.requireReadRoadmap(scope, school: h.schoolId, municipality: h.municipalityId, db)
    }

    static func requireAuthor(_ scope: Scope, _ h: Header, _ db: Database) throws {
        try Policy.requireAuthorRoadmap(scope, school: h.schoolId, municipality: h.municipalityId, db)
    }

    static func requireReviewer(_ scope: Scope, _ h: Header, _ db: Database) throws {
        try Policy.requireReviewRoadmap(scope, school: h.schoolId, municipality: h.municipalityId, year: h.schoolYear, db)
    }

    /// Content changes: the author, and only in a draft or a returned roadmap.
    static func requireEditable(_ scope: Scope, _ h: Header, _ db: Database) throws {
        try requireAuthor(scope, h, db)
        guard h.status.isEditable else {
            throw DomainError.conflict(h.status == .approved
                ? "Дорожная карта утверждена: чтобы изменить её, начните новую редакцию («Внести изменения»)."
                : "Дорожная карта на согласовании: изменять её можно после возврата на доработку.")
        }
    }

    // MARK: Reading

    /// The school's roadmap of the year, nil when none has been started.
    public func roadmap(_ scope: Scope, school schoolId: Int64, year: SchoolYear) throws -> RoadmapDetail? {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            guard let id = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?",
                                              arguments: [schoolId, year.start]) else { return nil }
            return try detail(scope, db, id)
        }
    }

    /// The municipality's plan of the year, nil when none has been started.
    public func plan(_ scope: Scope, municipality municipalityId: Int64, year: SchoolYear) throws -> RoadmapDetail? {
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
        return try database.read { db in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE id = ?)", arguments: [municipalityId]) == true else {
                throw DomainError.notFound
            }
            guard let id = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmap WHERE schoolId IS NULL AND municipalityId = ? AND schoolYear = ?",
                                              arguments: [municipalityId, year.start]) else { return nil }
            return try detail(scope, db, id)
        }
    }

    public func detail(_ scope: Scope, id: Int64) throws -> RoadmapDetail {
        try database.read { db in try detail(scope, db, id) }
    }

    /// The status of each school's roadmap for a year (for the school page); nil when not started.
    /// The school year a school's page should show: the running one, or the latest with a roadmap when the running one has none.
    public func displayYear(_ scope: Scope, school schoolId: Int64) throws -> SchoolYear {
        let running = SchoolYear.containing(database.now)
        return try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let latest = try Int.fetchOne(db, cachedSQL: "SELECT MAX(schoolYear) FROM roadmap WHERE schoolId = ? AND schoolYear <= ?",
                                          arguments: [schoolId, running.start])
            let hasRunning = latest == running.start
            return hasRunning ? running : latest.map(SchoolYear.init) ?? running
        }
    }

    public func status(_ scope: Scope, school schoolId: Int64, year: SchoolYear) throws -> RoadmapStatus? {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            return try String.fetchOne(db, cachedSQL: "SELECT status FROM roadmap WHERE schoolId = ? AND schoolYear = ?",
                                       arguments: [schoolId, year.start]).flatMap(RoadmapStatus.init(rawValue:))
        }
    }

    func detail(_ scope: Scope, _ db: Database, _ id: Int64) throws -> RoadmapDetail {
        let h = try Self.header(db, id)
        try Self.requireRead(scope, h, db)
        let row = try Row.fetchOne(db, cachedSQL: """
            SELECT r.title, municipality.name AS municipalityName, school.name AS schoolName, school.shortName AS schoolShortName
            FROM roadmap r JOIN municipality ON municipality.id = r.municipalityId LEFT JOIN school ON school.id = r.schoolId
            WHERE r.id = ?
            """, arguments: [id])!
        let content = try Self.content(db, id)
        let events = try Row.fetchAll(db, cachedSQL: """
            SELECT e.revision, e.action, e.comment, e.at, COALESCE(user.fullName, 'Командная строка') AS actor
            FROM roadmapEvent e LEFT JOIN user ON user.id = e.actorId WHERE e.roadmapId = ? ORDER BY e.id
            """, arguments: [id]).map {
            RoadmapEventItem(revision: $0["revision"], action: $0["action"], comment: $0["comment"], actorName: $0["actor"], at: $0["at"])
        }
        let revisionRows = try Row.fetchAll(db, cachedSQL: """
            SELECT r.number, r.startedAt, r.approvedAt, r.snapshot, COALESCE(s.fullName, 'Командная строка') AS startedBy, a.fullName AS approvedBy
            FROM roadmapRevision r LEFT JOIN user s ON s.id = r.startedBy LEFT JOIN user a ON a.id = r.approvedBy
            WHERE r.roadmapId = ? ORDER BY r.number
            """, arguments: [id])
        let revisions = revisionRows.map {
            RoadmapRevisionItem(number: $0["number"], startedAt: $0["startedAt"], startedBy: $0["startedBy"],
                                approvedAt: $0["approvedAt"], approvedBy: $0["approvedBy"])
        }
        // Compared with the last approved revision before the current one.
        let previous = revisionRows.last { ($0["number"] as Int) < h.revision && ($0["snapshot"] as String?) != nil }
        let changes = previous.flatMap { RoadmapSnapshot.decode($0["snapshot"]) }.map { RoadmapDiff.between($0, content) }
        let author = try Policy.mayAuthorRoadmap(scope, school: h.schoolId, municipality: h.municipalityId, db)
        let reviewer = try Policy.mayReviewRoadmap(scope, school: h.schoolId, municipality: h.municipalityId, year: h.schoolYear, db)
        return RoadmapDetail(
            id: id, municipalityId: h.municipalityId, municipalityName: row["municipalityName"], schoolId: h.schoolId,
            schoolName: row["schoolName"], schoolShortName: row["schoolShortName"], year: SchoolYear(h.schoolYear), title: row["title"], status: h.status, revision: h.revision,
            content: content, events: events, revisions: revisions, changes: changes,
            canEdit: author && h.status.isEditable,
            canSubmit: author && h.status.isEditable && h.schoolId != nil,
            canReview: reviewer && (h.schoolId == nil ? h.status.isEditable : h.status == .submitted),
            canStartRevision: author && h.status == .approved,
            canCopyToSchools: Policy.mayManageMunicipality(scope, h.municipalityId))
    }

    /// The working copy: sections in order with their measures.
    static func content(_ db: Database, _ roadmapId: Int64) throws -> RoadmapSnapshot {
        let factors = try Row.fetchAll(db, cachedSQL: """
            SELECT mrf.measureId, rf.id, rf.title FROM measureRiskFactor mrf JOIN riskFactor rf ON rf.id = mrf.riskFactorId
            JOIN measure m ON m.id = mrf.measureId WHERE m.roadmapId = ? ORDER BY rf.sortOrder
            """, arguments: [roadmapId])
        var factorIds: [Int64: [Int64]] = [:], factorTitles: [Int64: [String]] = [:]
        for f in factors {
            factorIds[f["measureId"], default: []].append(f["id"])
            factorTitles[f["measureId"], default: []].append(f["title"])
        }
        var participants: [Int64: [MeasureParticipant]] = [:]
        for p in try Row.fetchAll(db, cachedSQL: """
            SELECT mp.measureId, mp.participantGroup FROM measureParticipant mp JOIN measure m ON m.id = mp.measureId WHERE m.roadmapId = ?
            """, arguments: [roadmapId]) {
            if let group = MeasureParticipant(rawValue: p["participantGroup"]) { participants[p["measureId"], default: []].append(group) }
        }
        let measures = try Row.fetchAll(db, cachedSQL: "SELECT * FROM measure WHERE roadmapId = ? ORDER BY position, id", arguments: [roadmapId]).map { r in
            let id: Int64 = r["id"]
            return MeasureItem(id: id, sectionId: r["sectionId"], position: r["position"], title: r["title"], description: r["description"],
                               dueKind: r["dueKind"], dueFrom: r["dueFrom"], dueTo: r["dueTo"], dueText: r["dueText"],
                               responsible: r["responsible"], expectedResult: r["expectedResult"], indicator: r["indicator"],
                               indicatorUnit: r["indicatorUnit"], baseline: r["baseline"], target: r["target"],
                               riskFactorIds: factorIds[id] ?? [], riskFactors: factorTitles[id] ?? [],
                               participantGroups: MeasureParticipant.allCases.filter { (participants[id] ?? []).contains($0) })
        }
        var sections = try Row.fetchAll(db, cachedSQL: "SELECT id, title, position FROM roadmapSection WHERE roadmapId = ? ORDER BY position, id",
                                        arguments: [roadmapId]).map { r in
            SectionItem(id: r["id"], title: r["title"], position: r["position"], measures: measures.filter { $0.sectionId == (r["id"] as Int64) })
        }
        let loose = measures.filter { m in m.sectionId == nil || !sections.contains { $0.id == m.sectionId } }
        if !loose.isEmpty { sections.append(SectionItem(id: nil, title: "Без раздела", position: Int.max, measures: loose)) }
        return RoadmapSnapshot(sections: sections)
    }

    /// Active risk factors, for the checkboxes of the measure form.
    public func riskFactors() throws -> [(id: Int64, title: String)] {
        try database.read { db in
            try Row.fetchAll(db, cachedSQL: "SELECT id, title FROM riskFactor WHERE archivedAt IS NULL ORDER BY sortOrder, id").map { ($0["id"], $0["title"]) }
        }
    }

    // MARK: Creating

    /// Starts the school's roadmap of the year with the default sections, or as a copy of last year's
    /// roadmap (its sections and measures) when `copyLastYear`.
    @discardableResult
    /// With `measureIds`, only those of last year's measures are copied (its sections all are).
    public func create(_ scope: Scope, school schoolId: Int64, year: SchoolYear, copyLastYear: Bool = false,
                       measureIds: Set<Int64>? = nil) throws -> Int64 {
        try database.write { db in
            try create(db, scope, school: schoolId, year: year, copyLastYear: copyLastYear, measureIds: measureIds)
        }
    }

    /// `create` in the caller's transaction (the new school year creates many drafts in one).
    func create(_ db: Database, _ scope: Scope, school schoolId: Int64, year: SchoolYear, copyLastYear: Bool,
                measureIds: Set<Int64>?) throws -> Int64 {
        try Policy.requireEditSchoolContent(scope, school: schoolId, db)
        guard let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM roadmap WHERE schoolId = ? AND schoolYear = ?)", arguments: [schoolId, year.start]) == true {
            throw DomainError.conflict("Дорожная карта на \(year.title) учебный год уже есть.")
        }
        var source: Int64? = nil
        if copyLastYear {
            source = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?", arguments: [schoolId, year.start - 1])
            if source == nil { throw DomainError.conflict("Дорожной карты на \(SchoolYear(year.start - 1).title) учебный год нет: копировать нечего.") }
        }
        return try insert(db, scope, municipalityId: municipalityId, schoolId: schoolId, year: year, copyFrom: source, only: measureIds)
    }

    /// Starts the municipality's plan of the year (the coordinator or the admin).
    @discardableResult
    public func createPlan(_ scope: Scope, municipality municipalityId: Int64, year: SchoolYear, copyLastYear: Bool = false) throws -> Int64 {
        try Policy.requireManageMunicipality(scope, municipalityId)
        return try database.write { db in
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE id = ?)", arguments: [municipalityId]) == true else {
                throw DomainError.notFound
            }
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM roadmap WHERE schoolId IS NULL AND municipalityId = ? AND schoolYear = ?)",
                                 arguments: [municipalityId, year.start]) == true {
                throw DomainError.conflict("Муниципальный план на \(year.title) учебный год уже есть.")
            }
            var source: Int64? = nil
            if copyLastYear {
                source = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmap WHERE schoolId IS NULL AND municipalityId = ? AND schoolYear = ?",
                                            arguments: [municipalityId, year.start - 1])
                if source == nil { throw DomainError.conflict("Плана на \(SchoolYear(year.start - 1).title) учебный год нет: копировать нечего.") }
            }
            return try insert(db, scope, municipalityId: municipalityId, schoolId: nil, year: year, copyFrom: source)
        }
    }

    private func insert(_ db: Database, _ scope: Scope, municipalityId: Int64, schoolId: Int64?, year: SchoolYear, copyFrom: Int64?,
                        only: Set<Int64>? = nil) throws -> Int64 {
        let now = database.now
        let title = schoolId == nil ? "План организационно-методического сопровождения школ с низкими образовательными результатами"
                                    : "Дорожная карта"
        try db.execute(sql: "INSERT INTO roadmap (municipalityId, schoolId, schoolYear, title, status, revision, createdAt, updatedAt) VALUES (?, ?, ?, ?, 'draft', 1, ?, ?)",
                       arguments: [municipalityId, schoolId, year.start, title, now, now])
        let id = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO roadmapRevision (roadmapId, number, startedAt, startedBy) VALUES (?, 1, ?, ?)", arguments: [id, now, scope.userId])
        if let copyFrom {
            let source = try Self.content(db, copyFrom)
            for (index, section) in source.sections.enumerated() {
                try db.execute(sql: "INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, ?)", arguments: [id, section.title, index + 1])
                let sectionId = db.lastInsertedRowID
                for measure in section.measures where only?.contains(measure.id) ?? true {
                    try Self.insertMeasure(db, roadmapId: id, sectionId: sectionId, measure: measure, at: now)
                }
            }
        } else {
            for (index, title) in Self.defaultSections.enumerated() {
                try db.execute(sql: "INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, ?)", arguments: [id, title, index + 1])
            }
        }
        try event(db, scope, id, revision: 1, "created", comment: copyFrom == nil ? "" : "Копия дорожной карты прошлого учебного года")
        try AuditLog.record(db, scope, action: "create", entity: "roadmap", id: id, before: String?.none,
                            after: ["schoolId": schoolId.map(String.init) ?? "", "municipalityId": "\(municipalityId)", "schoolYear": "\(year.start)",
                                    "copiedFrom": copyFrom.map(String.init) ?? ""], at: now)
        return id
    }

    @discardableResult
    static func insertMeasure(_ db: Database, roadmapId: Int64, sectionId: Int64?, measure m: MeasureItem, at now: Date) throws -> Int64 {
        let position = (try Int.fetchOne(db, cachedSQL: "SELECT MAX(position) FROM measure WHERE roadmapId = ?", arguments: [roadmapId]) ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO measure (roadmapId, sectionId, position, title, description, dueKind, dueFrom, dueTo, dueText, responsible,
                                 expectedResult, indicator, indicatorUnit, baseline, target, createdAt, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [roadmapId, sectionId, position, m.title, m.description, m.dueKind, m.dueFrom, m.dueTo, m.dueText, m.responsible,
                             m.expectedResult, m.indicator, m.indicatorUnit, m.baseline, m.target, now, now])
        let id = db.lastInsertedRowID
        for factor in m.riskFactorIds {
            try db.execute(sql: "INSERT OR IGNORE INTO measureRiskFactor (measureId, riskFactorId) VALUES (?, ?)", arguments: [id, factor])
        }
        try writeParticipants(db, measureId: id, m.participants)
        return id
    }

    static func writeParticipants(_ db: Database, measureId: Int64, _ groups: [MeasureParticipant]) throws {
        try db.execute(sql: "DELETE FROM measureParticipant WHERE measureId = ?", arguments: [measureId])
        for group in Set(groups) {
            try db.execute(sql: "INSERT INTO measureParticipant (measureId, participantGroup) VALUES (?, ?)", arguments: [measureId, group.rawValue])
        }
    }

    func event(_ db: Database, _ scope: Scope, _ id: Int64, revision: Int, _ action: String, comment: String = "") throws {
        try db.execute(sql: "INSERT INTO roadmapEvent (roadmapId, revision, action, comment, actorId, at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [id, revision, action, comment, scope.userId, database.now])
    }

    func touch(_ db: Database, _ id: Int64) throws {
        try db.execute(sql: "UPDATE roadmap SET updatedAt = ? WHERE id = ?", arguments: [database.now, id])
    }

    // MARK: Measures

    /// Validates a measure form: a title and a due term `Due` understands; risk factors that exist.
    static func validate(_ db: Database, _ input: MeasureInput, roadmapId: Int64, year: Int) throws -> MeasureItem {
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.append(FieldError("title", "Введите название мероприятия")) }
        if title.count > 1000 { errors.append(FieldError("title", "Название — не длиннее 1000 знаков")) }
        let due = Due(parsing: input.due, schoolYear: year)
        if input.due.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("due", "Укажите сроки: дату (15.03.2024), месяц (март), месяцы (сентябрь–декабрь) или «в течение года»"))
        } else if due == nil {
            errors.append(FieldError("due", "Сроки не распознаны: напишите дату (15.03.2024), месяц (март), месяцы (сентябрь–декабрь) или «в течение года», «по запросу», «по плану»"))
        }
        var input = input
        if input.sectionId == nil {
            input.sectionId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmapSection WHERE roadmapId = ? ORDER BY position, id LIMIT 1", arguments: [roadmapId])
        }
        if let sectionId = input.sectionId,
           try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM roadmapSection WHERE id = ? AND roadmapId = ?)", arguments: [sectionId, roadmapId]) != true {
            errors.append(FieldError("sectionId", "Выберите раздел дорожной карты"))
        }
        let factors = Array(Set(input.riskFactorIds)).sorted()
        if !factors.isEmpty {
            let known = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM riskFactor WHERE id IN (\(factors.map { _ in "?" }.joined(separator: ",")))",
                                         arguments: StatementArguments(factors)) ?? 0
            if known != factors.count { errors.append(FieldError("riskFactors", "Выберите факторы риска из списка")) }
        }
        let groups = input.participants.compactMap(MeasureParticipant.init(rawValue:))
        if groups.count != input.participants.count { errors.append(FieldError("participants", "Выберите участников из списка")) }
        guard errors.isEmpty, let due else { throw DomainError.invalid(errors) }
        func t(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        return MeasureItem(id: 0, sectionId: input.sectionId, position: 0, title: title, description: t(input.description),
                           dueKind: due.kind.rawValue, dueFrom: due.from, dueTo: due.to, dueText: due.text, responsible: t(input.responsible),
                           expectedResult: t(input.expectedResult), indicator: t(input.indicator), indicatorUnit: t(input.indicatorUnit),
                           baseline: t(input.baseline), target: t(input.target), riskFactorIds: factors, riskFactors: [],
                           participantGroups: MeasureParticipant.allCases.filter(groups.contains))
    }

    @discardableResult
    public func addMeasure(_ scope: Scope, roadmap id: Int64, _ input: MeasureInput) throws -> Int64 {
        try database.write { db in
            let h = try Self.header(db, id)
            try Self.requireEditable(scope, h, db)
            let measure = try Self.validate(db, input, roadmapId: id, year: h.schoolYear)
            let measureId = try Self.insertMeasure(db, roadmapId: id, sectionId: measure.sectionId, measure: measure, at: database.now)
            try touch(db, id)
            try AuditLog.record(db, scope, action: "create", entity: "measure", id: measureId, before: MeasureItem?.none, after: measure, at: database.now)
            return measureId
        }
    }

    static func measureRoadmap(_ db: Database, _ measureId: Int64, roadmap id: Int64) throws -> Header {
        guard try Int64.fetchOne(db, cachedSQL: "SELECT roadmapId FROM measure WHERE id = ?", arguments: [measureId]) == id else { throw DomainError.notFound }
        return try header(db, id)
    }

    /// One measure of the working copy, for its edit form.
    public func measure(_ scope: Scope, roadmap id: Int64, measure measureId: Int64) throws -> MeasureItem {
        try database.read { db in
            let h = try Self.measureRoadmap(db, measureId, roadmap: id)
            try Self.requireRead(scope, h, db)
            guard let m = try Self.content(db, id).measures.first(where: { $0.id == measureId }) else { throw DomainError.notFound }
            return m
        }
    }

    public func updateMeasure(_ scope: Scope, roadmap id: Int64, measure measureId: Int64, _ input: MeasureInput) throws {
        try database.write { db in
            let h = try Self.measureRoadmap(db, measureId, roadmap: id)
            try Self.requireEditable(scope, h, db)
            let before = try Self.content(db, id).measures.first { $0.id == measureId }
            let m = try Self.validate(db, input, roadmapId: id, year: h.schoolYear)
            try db.execute(sql: """
                UPDATE measure SET sectionId = ?, title = ?, description = ?, dueKind = ?, dueFrom = ?, dueTo = ?, dueText = ?, responsible = ?,
                    expectedResult = ?, indicator = ?, indicatorUnit = ?, baseline = ?, target = ?, updatedAt = ? WHERE id = ?
                """, arguments: [m.sectionId, m.title, m.description, m.dueKind, m.dueFrom, m.dueTo, m.dueText, m.responsible, m.expectedResult,
                                 m.indicator, m.indicatorUnit, m.baseline, m.target, database.now, measureId])
            try db.execute(sql: "DELETE FROM measureRiskFactor WHERE measureId = ?", arguments: [measureId])
            for factor in m.riskFactorIds {
                try db.execute(sql: "INSERT INTO measureRiskFactor (measureId, riskFactorId) VALUES (?, ?)", arguments: [measureId, factor])
            }
            try Self.writeParticipants(db, measureId: measureId, m.participants)
            try touch(db, id)
            try AuditLog.record(db, scope, action: "update", entity: "measure", id: measureId, before: before, after: m, at: database.now)
        }
    }

    struct Deleted<Value: Codable>: Codable { var roadmapId: Int64; var value: Value }

    /// A second delete of the same row (a second tab, a repeated form) is a conflict for those who could have deleted it.
    static func alreadyDeleted(_ scope: Scope, _ db: Database, entity: String, id: Int64, roadmap roadmapId: Int64) throws -> Never {
        let deleted = try AuditLog.entries(db, entity: entity, id: id).last { $0.action == "delete" }
        guard let text = deleted?.before,
              let record = try? JSONDecoder().decode(Deleted<String?>.self, from: Data(text.utf8)),
              record.roadmapId == roadmapId else { throw DomainError.notFound }
        try requireAuthor(scope, try header(db, roadmapId), db)
        throw DomainError.conflict(entity == "measure" ? "Мероприятие уже удалено." : "Раздел уже удалён.")
    }

    public func deleteMeasure(_ scope: Scope, roadmap id: Int64, measure measureId: Int64) throws {
        try database.write { db in
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM measure WHERE id = ?)", arguments: [measureId]) != true {
                try Self.alreadyDeleted(scope, db, entity: "measure", id: measureId, roadmap: id)
            }
            let h = try Self.measureRoadmap(db, measureId, roadmap: id)
            try Self.requireEditable(scope, h, db)
            let before = try Self.content(db, id).measures.first { $0.id == measureId }
            try db.execute(sql: "DELETE FROM measure WHERE id = ?", arguments: [measureId])
            try touch(db, id)
            try AuditLog.record(db, scope, action: "delete", entity: "measure", id: measureId,
                                before: Deleted(roadmapId: id, value: before?.title), after: String?.none, at: database.now)
        }
    }

    /// Moves a measure one place up or down within its section.
    public func moveMeasure(_ scope: Scope, roadmap id: Int64, measure measureId: Int64, up: Bool) throws {
        try database.write { db in
            let h = try Self.measureRoadmap(db, measureId, roadmap: id)
            try Self.requireEditable(scope, h, db)
            guard let section = try Self.content(db, id).sections.first(where: { $0.measures.contains { $0.id == measureId } }),
                  let index = section.measures.firstIndex(where: { $0.id == measureId }) else { throw DomainError.notFound }
            let other = up ? index - 1 : index + 1
            guard section.measures.indices.contains(other) else { return }
            try renumberMeasures(db, id, swapping: measureId, with: section.measures[other].id)
            try touch(db, id)
            try AuditLog.record(db, scope, action: up ? "moveUp" : "moveDown", entity: "measure", id: measureId, at: database.now)
        }
    }

    private func renumberMeasures(_ db: Database, _ id: Int64, swapping a: Int64, with b: Int64) throws {
        var order = try Int64.fetchAll(db, cachedSQL: "SELECT id FROM measure WHERE roadmapId = ? ORDER BY position, id", arguments: [id])
        guard let i = order.firstIndex(of: a), let j = order.firstIndex(of: b) else { return }
        order.swapAt(i, j)
        for (position, measureId) in order.enumerated() {
            try db.execute(sql: "UPDATE measure SET position = ? WHERE id = ?", arguments: [position + 1, measureId])
        }
    }

    // MARK: Sections

    static func validSectionTitle(_ title: String) throws -> String {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty { throw DomainError.invalid([FieldError("title", "Введите название раздела")]) }
        if t.count > 500 { throw DomainError.invalid([FieldError("title", "Название раздела — не длиннее 500 знаков")]) }
        return t
    }

    @discardableResult
    public func addSection(_ scope: Scope, roadmap id: Int64, title: String) throws -> Int64 {
        try database.write { db in
            let h = try Self.header(db, id)
            try Self.requireEditable(scope, h, db)
            let t = try Self.validSectionTitle(title)
            let position = (try Int.fetchOne(db, cachedSQL: "SELECT MAX(position) FROM roadmapSection WHERE roadmapId = ?", arguments: [id]) ?? 0) + 1
            try db.execute(sql: "INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, ?)", arguments: [id, t, position])
            let sectionId = db.lastInsertedRowID
            try touch(db, id)
            try AuditLog.record(db, scope, action: "create", entity: "roadmapSection", id: sectionId, before: String?.none, after: t, at: database.now)
            return sectionId
        }
    }

    static func sectionRoadmap(_ db: Database, _ sectionId: Int64, roadmap id: Int64) throws -> (Header, String) {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT roadmapId, title FROM roadmapSection WHERE id = ?", arguments: [sectionId]),
              (row["roadmapId"] as Int64) == id else { throw DomainError.notFound }
        return (try header(db, id), row["title"])
    }

    public func section(_ scope: Scope, roadmap id: Int64, section sectionId: Int64) throws -> String {
        try database.read { db in
            let (h, title) = try Self.sectionRoadmap(db, sectionId, roadmap: id)
            try Self.requireRead(scope, h, db)
            return title
        }
    }

    public func renameSection(_ scope: Scope, roadmap id: Int64, section sectionId: Int64, title: String) throws {
        try database.write { db in
            let (h, before) = try Self.sectionRoadmap(db, sectionId, roadmap: id)
            try Self.requireEditable(scope, h, db)
            let t = try Self.validSectionTitle(title)
            try db.execute(sql: "UPDATE roadmapSection SET title = ? WHERE id = ?", arguments: [t, sectionId])
            try touch(db, id)
            try AuditLog.record(db, scope, action: "update", entity: "roadmapSection", id: sectionId, before: before, after: t, at: database.now)
        }
    }

    /// Deletes a section; its measures go with it.
    public func deleteSection(_ scope: Scope, roadmap id: Int64, section sectionId: Int64) throws {
        try database.write { db in
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM roadmapSection WHERE id = ?)", arguments: [sectionId]) != true {
                try Self.alreadyDeleted(scope, db, entity: "roadmapSection", id: sectionId, roadmap: id)
            }
            let (h, before) = try Self.sectionRoadmap(db, sectionId, roadmap: id)
            try Self.requireEditable(scope, h, db)
            try db.execute(sql: "DELETE FROM measure WHERE sectionId = ?", arguments: [sectionId])
            try db.execute(sql: "DELETE FROM roadmapSection WHERE id = ?", arguments: [sectionId])
            try touch(db, id)
            try AuditLog.record(db, scope, action: "delete", entity: "roadmapSection", id: sectionId,
                                before: Deleted(roadmapId: id, value: Optional(before)), after: String?.none, at: database.now)
        }
    }

    public func moveSection(_ scope: Scope, roadmap id: Int64, section sectionId: Int64, up: Bool) throws {
        try database.write { db in
            let (h, _) = try Self.sectionRoadmap(db, sectionId, roadmap: id)
            try Self.requireEditable(scope, h, db)
            var order = try Int64.fetchAll(db, cachedSQL: "SELECT id FROM roadmapSection WHERE roadmapId = ? ORDER BY position, id", arguments: [id])
            guard let i = order.firstIndex(of: sectionId) else { throw DomainError.notFound }
            let j = up ? i - 1 : i + 1
            guard order.indices.contains(j) else { return }
            order.swapAt(i, j)
            for (position, s) in order.enumerated() {
                try db.execute(sql: "UPDATE roadmapSection SET position = ? WHERE id = ?", arguments: [position + 1, s])
            }
            try touch(db, id)
            try AuditLog.record(db, scope, action: up ? "moveUp" : "moveDown", entity: "roadmapSection", id: sectionId, at: database.now)
        }
    }

    // MARK: Workflow

    private func transition(_ scope: Scope, _ id: Int64, action: String, comment: String = "",
                            check: (Header, Database) throws -> Void, apply: (Header, Database) throws -> Void) throws {
        try database.write { db in
            let h = try Self.header(db, id)
            try check(h, db)
            try apply(h, db)
            let after = try Self.header(db, id)
            try event(db, scope, id, revision: after.revision, action, comment: comment)
            try AuditLog.record(db, scope, action: action, entity: "roadmap", id: id,
                                before: ["status": h.status.rawValue, "revision": "\(h.revision)"],
                                after: ["status": after.status.rawValue, "revision": "\(after.revision)", "comment": comment], at: database.now)
        }
    }

    /// Черновик / на доработке → на согласовании (the author); an empty roadmap is refused.
    public func submit(_ scope: Scope, roadmap id: Int64) throws {
        try transition(scope, id, action: "submitted", check: { h, db in
            try Self.requireAuthor(scope, h, db)
            guard h.schoolId != nil else { throw DomainError.conflict("Муниципальный план не отправляется на согласование: координатор утверждает его сам.") }
            guard h.status.isEditable else { throw DomainError.conflict("Отправить на согласование можно черновик или карту на доработке; сейчас она «\(h.status.title)».") }
            guard try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) FROM measure WHERE roadmapId = ?", arguments: [id]) ?? 0 > 0 else {
                throw DomainError.conflict("В дорожной карте нет ни одного мероприятия: добавьте мероприятия перед отправкой.")
            }
        }, apply: { _, db in
            try db.execute(sql: "UPDATE roadmap SET status = 'submitted', updatedAt = ? WHERE id = ?", arguments: [database.now, id])
        })
    }

    /// На согласовании → утверждена (the assigned curator of the year, the coordinator, the admin); a municipal plan
    /// is approved by its coordinator from a draft. The approved content is kept as the revision's snapshot.
    public func approve(_ scope: Scope, roadmap id: Int64) throws {
        try transition(scope, id, action: "approved", check: { h, db in
            try Self.requireReviewer(scope, h, db)
            if h.schoolId == nil {
                guard h.status.isEditable else { throw DomainError.conflict("План уже утверждён.") }
            } else {
                guard h.status == .submitted else { throw DomainError.conflict("Утвердить можно только дорожную карту на согласовании; сейчас она «\(h.status.title)».") }
            }
        }, apply: { h, db in
            let snapshot = try Self.content(db, id).json()
            try db.execute(sql: "UPDATE roadmapRevision SET approvedAt = ?, approvedBy = ?, snapshot = ? WHERE roadmapId = ? AND number = ?",
                           arguments: [database.now, scope.userId, snapshot, id, h.revision])
            try db.execute(sql: "UPDATE roadmap SET status = 'approved', updatedAt = ? WHERE id = ?", arguments: [database.now, id])
            try NotificationTriggers.roadmapApproved(db, scope, roadmapId: id, at: database.now)
        })
    }

    /// На согласовании → на доработке, with the reviewer's comment (required).
    public func returnForRework(_ scope: Scope, roadmap id: Int64, comment: String) throws {
        let text = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        try transition(scope, id, action: "returned", comment: text, check: { h, db in
            try Self.requireReviewer(scope, h, db)
            guard h.schoolId != nil, h.status == .submitted else {
                throw DomainError.conflict("Вернуть на доработку можно только дорожную карту на согласовании; сейчас она «\(h.status.title)».")
            }
            if text.isEmpty { throw DomainError.invalid([FieldError("reason", "Напишите, что нужно доработать")]) }
            if text.count > 4000 { throw DomainError.invalid([FieldError("reason", "Комментарий — не длиннее 4000 знаков")]) }
        }, apply: { _, db in
            try db.execute(sql: "UPDATE roadmap SET status = 'returned', updatedAt = ? WHERE id = ?", arguments: [database.now, id])
            try NotificationTriggers.roadmapReturned(db, scope, roadmapId: id, comment: text, at: database.now)
        })
    }

    /// «Внести изменения»: утверждена → a new revision as a draft; the approved snapshot stays in its revision.
    public func startRevision(_ scope: Scope, roadmap id: Int64) throws {
        try transition(scope, id, action: "revisionStarted", check: { h, db in
            try Self.requireAuthor(scope, h, db)
            guard h.status == .approved else { throw DomainError.conflict("Новую редакцию можно начать только у утверждённой дорожной карты.") }
        }, apply: { h, db in
            try db.execute(sql: "UPDATE roadmap SET status = 'draft', revision = ?, updatedAt = ? WHERE id = ?", arguments: [h.revision + 1, database.now, id])
            try db.execute(sql: "INSERT INTO roadmapRevision (roadmapId, number, startedAt, startedBy) VALUES (?, ?, ?, ?)",
                           arguments: [id, h.revision + 1, database.now, scope.userId])
        })
    }

    // MARK: Municipal templates

    public struct CopyOutcome: Sendable, Equatable {
        public var copied: [String]
        public var skipped: [String]
    }

    /// Schools of the roadmap's municipality a measure can be copied to (the coordinator's choice).
    public func copyTargets(_ scope: Scope, roadmap id: Int64) throws -> [SchoolOption] {
        try database.read { db in
            let h = try Self.header(db, id)
            try Policy.requireManageMunicipality(scope, h.municipalityId)
            return try Curators.schoolOptions(db, municipalityId: h.municipalityId).filter { $0.id != h.schoolId }
        }
    }

    /// Appends a copy of the measure to the roadmaps of the year of the chosen schools (creating drafts where
    /// missing); roadmaps on approval or approved are skipped and named.
    public func copyMeasure(_ scope: Scope, roadmap id: Int64, measure measureId: Int64, toSchools schoolIds: [Int64]) throws -> CopyOutcome {
        try database.write { db in
            let h = try Self.measureRoadmap(db, measureId, roadmap: id)
            try Policy.requireManageMunicipality(scope, h.municipalityId)
            let targets = Array(Set(schoolIds)).sorted()
            if targets.isEmpty { throw DomainError.invalid([FieldError("schools", "Выберите хотя бы одну школу")]) }
            guard let source = try Self.content(db, id).sections.first(where: { $0.measures.contains { $0.id == measureId } }),
                  let measure = source.measures.first(where: { $0.id == measureId }) else { throw DomainError.notFound }
            var outcome = CopyOutcome(copied: [], skipped: [])
            for schoolId in targets {
                guard let school = try Row.fetchOne(db, cachedSQL: "SELECT shortName, municipalityId FROM school WHERE id = ?", arguments: [schoolId]),
                      (school["municipalityId"] as Int64) == h.municipalityId else {
                    throw DomainError.invalid([FieldError("schools", "Выберите школы своего муниципалитета")])
                }
                let name: String = school["shortName"]
                var roadmapId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?", arguments: [schoolId, h.schoolYear])
                if let existing = roadmapId {
                    let target = try Self.header(db, existing)
                    if !target.status.isEditable { outcome.skipped.append("\(name) (\(target.status.title))"); continue }
                } else {
                    roadmapId = try insert(db, scope, municipalityId: h.municipalityId, schoolId: schoolId, year: SchoolYear(h.schoolYear), copyFrom: nil)
                }
                let target = roadmapId!
                let sectionId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmapSection WHERE roadmapId = ? AND title = ?", arguments: [target, source.title])
                    ?? {
                        let position = (try Int.fetchOne(db, cachedSQL: "SELECT MAX(position) FROM roadmapSection WHERE roadmapId = ?", arguments: [target]) ?? 0) + 1
                        try db.execute(sql: "INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, ?)", arguments: [target, source.title, position])
                        return db.lastInsertedRowID
                    }()
                let newId = try Self.insertMeasure(db, roadmapId: target, sectionId: sectionId, measure: measure, at: database.now)
                try touch(db, target)
                try AuditLog.record(db, scope, action: "copy", entity: "measure", id: newId, before: String?.none,
                                    after: ["from": "\(measureId)", "roadmapId": "\(target)"], at: database.now)
                outcome.copied.append(name)
            }
            return outcome
        }
    }
}

/// Whose roadmap page this is, before a roadmap exists: the name and whether the scope may start one.
public struct RoadmapOwner: Sendable {
    public var name: String
    public var canCreate: Bool
    public var lastYearExists: Bool
    /// The nearest years before and after with a roadmap (the page's year links lead only there).
    public var previousYear: SchoolYear? = nil
    public var nextYear: SchoolYear? = nil
    /// Last year's measures offered for copying (school roadmaps), in roadmap order.
    public var lastYearMeasures: [CopyCandidate] = []
}

/// A measure of last year's roadmap that a new year's roadmap may take over.
public struct CopyCandidate: Sendable, Equatable {
    public var measureId: Int64
    public var title: String
    public var sectionTitle: String
    /// A report marked it done or cancelled: not preselected for the new year.
    public var isFinished: Bool
}

extension Roadmaps {
    public func owner(_ scope: Scope, school schoolId: Int64, year: SchoolYear) throws -> RoadmapOwner {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM school WHERE id = ?", arguments: [schoolId]) ?? ""
            let (previous, next) = try Self.neighbourYears(db, "schoolId = ?", [schoolId], year)
            let (last, candidates) = try Self.lastYearCandidates(db, school: schoolId, year: year)
            return RoadmapOwner(name: name, canCreate: try Policy.mayEditSchoolContent(scope, school: schoolId, db), lastYearExists: last != nil,
                                previousYear: previous.map(SchoolYear.init), nextYear: next.map(SchoolYear.init),
                                lastYearMeasures: candidates)
        }
    }

    public func owner(_ scope: Scope, municipality municipalityId: Int64, year: SchoolYear) throws -> RoadmapOwner {
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
        return try database.read { db in
            guard let name = try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [municipalityId]) else {
                throw DomainError.notFound
            }
            let (previous, next) = try Self.neighbourYears(db, "schoolId IS NULL AND municipalityId = ?", [municipalityId], year)
            return RoadmapOwner(name: name, canCreate: Policy.mayManageMunicipality(scope, municipalityId),
                                lastYearExists: previous == year.start - 1, previousYear: previous.map(SchoolYear.init),
                                nextYear: next.map(SchoolYear.init))
        }
    }

    /// Last year's roadmap of the school (before `year`) and its measures, those a report marked done or cancelled
    /// flagged finished: what «копировать из прошлого года» offers, unfinished ones preselected.
    static func lastYearCandidates(_ db: Database, school schoolId: Int64, year: SchoolYear) throws -> (Int64?, [CopyCandidate]) {
        guard let last = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?",
                                            arguments: [schoolId, year.start - 1]) else { return (nil, []) }
        let closed = try Set(Int64.fetchAll(db, cachedSQL: """
            SELECT DISTINCT i.measureId FROM reportItem i JOIN report rep ON rep.id = i.reportId
            WHERE rep.roadmapId = ? AND i.status IN ('done', 'cancelled') AND i.measureId IS NOT NULL
            """, arguments: [last]))
        var candidates: [CopyCandidate] = []
        for section in try content(db, last).sections {
            for m in section.measures {
                candidates.append(CopyCandidate(measureId: m.id, title: m.title, sectionTitle: section.title, isFinished: closed.contains(m.id)))
            }
        }
        return (last, candidates)
    }

    /// The latest year before `year` and the earliest after it with a roadmap of the owner `filter` selects.
    private static func neighbourYears(_ db: Database, _ filter: String, _ arguments: StatementArguments, _ year: SchoolYear) throws -> (Int?, Int?) {
        let previous = try Int.fetchOne(db, cachedSQL: "SELECT MAX(schoolYear) FROM roadmap WHERE \(filter) AND schoolYear < ?",
                                        arguments: arguments + [year.start])
        let next = try Int.fetchOne(db, cachedSQL: "SELECT MIN(schoolYear) FROM roadmap WHERE \(filter) AND schoolYear > ?",
                                    arguments: arguments + [year.start])
        return (previous, next)
    }

    /// For the edit forms' GET: the roadmap, when the scope may change its content now.
    public func editable(_ scope: Scope, roadmap id: Int64) throws -> RoadmapDetail {
        try database.read { db in
            let h = try Self.header(db, id)
            try Self.requireEditable(scope, h, db)
            return try detail(scope, db, id)
        }
    }

    /// For the «Вернуть на доработку» form's GET.
    public func reviewable(_ scope: Scope, roadmap id: Int64) throws -> RoadmapDetail {
        try database.read { db in
            let h = try Self.header(db, id)
            try Self.requireReviewer(scope, h, db)
            guard h.schoolId != nil, h.status == .submitted else {
                throw DomainError.conflict("Вернуть на доработку можно только дорожную карту на согласовании; сейчас она «\(h.status.title)».")
            }
            return try detail(scope, db, id)
        }
    }
}
