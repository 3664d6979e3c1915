import Foundation
import GRDB

public enum DecisionKind: String, Sendable, CaseIterable, Codable {
    case decision, recommendation
    public var title: String { self == .decision ? "Управленческое решение" : "Рекомендация" }
}

public enum DecisionStatus: String, Sendable, CaseIterable, Codable {
    case open, inProgress, done, withdrawn
    public var title: String {
        switch self {
        case .open: "открыто"
        case .inProgress: "в работе"
        case .done: "выполнено"
        case .withdrawn: "снято"
        }
    }
    /// Open and in progress: what can become overdue.
    public var isActive: Bool { self == .open || self == .inProgress }
}

public enum DecisionAddressee: String, Sendable, CaseIterable, Codable {
    case all, group, school
    public var title: String {
        switch self {
        case .all: "все школы программы этого года"
        case .group: "группа школ"
        case .school: "одна школа"
        }
    }
}

public struct DecisionInput: Sendable, Equatable, Codable {
    public var year: Int?
    public var kind: String
    public var text: String
    public var addressee: String
    public var schoolIds: [Int64]
    public var responsible: String
    /// dd.MM.yyyy or empty (standing).
    public var dueOn: String
    public var status: String
    public var executionNote: String

    public init(year: Int? = nil, kind: String = DecisionKind.decision.rawValue, text: String = "", addressee: String = "",
                schoolIds: [Int64] = [], responsible: String = "", dueOn: String = "", status: String = DecisionStatus.open.rawValue,
                executionNote: String = "") {
        self.year = year; self.kind = kind; self.text = text; self.addressee = addressee; self.schoolIds = schoolIds
        self.responsible = responsible; self.dueOn = dueOn; self.status = status; self.executionNote = executionNote
    }
}

public struct DecisionItem: Sendable, Equatable {
    public var id: Int64
    public var municipalityId: Int64
    public var municipalityName: String
    public var year: SchoolYear
    public var kind: DecisionKind
    public var text: String
    public var addressee: DecisionAddressee
    /// The addressed schools (for «all»: the programme's schools of the year when it was recorded).
    public var schools: [SchoolOption]
    public var responsible: String
    /// yyyy-MM-dd; nil = standing.
    public var dueOn: String?
    public var status: DecisionStatus
    public var executionNote: String
    public var isOverdue: Bool

    public var input: DecisionInput {
        DecisionInput(year: year.start, kind: kind.rawValue, text: text, addressee: addressee.rawValue, schoolIds: schools.map(\.id),
                      responsible: responsible, dueOn: DayText.russian(dueOn), status: status.rawValue, executionNote: executionNote)
    }
}

public struct DecisionFilter: Sendable, Equatable {
    public var status: DecisionStatus?
    public var overdueOnly: Bool
    public var years: ClosedRange<Int>?
    public var schoolId: Int64?
    public init(status: DecisionStatus? = nil, overdueOnly: Bool = false, years: ClosedRange<Int>? = nil, schoolId: Int64? = nil) {
        self.status = status; self.overdueOnly = overdueOnly; self.years = years; self.schoolId = schoolId
    }
}

/// Management decisions and recommendations of a municipality, addressed to schools, with their execution.
public struct ManagementDecisions: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// Overdue: the due date has passed (before `today`, yyyy-MM-dd) and the decision is open or in progress.
    public static func isOverdue(dueOn: String?, status: DecisionStatus, today: String) -> Bool {
        guard let dueOn, !dueOn.isEmpty else { return false }
        return status.isActive && dueOn < today
    }

    static let columns = """
        d.id, d.municipalityId, m.name AS municipalityName, d.schoolYear, d.kind, d.text, d.addressee, d.responsible, d.dueOn,
        d.status, d.executionNote
        """
    static let from = "FROM managementDecision d JOIN municipality m ON m.id = d.municipalityId"

    static func item(_ db: Database, _ r: Row, today: String) throws -> DecisionItem {
        let id: Int64 = r["id"]
        let schools = try Row.fetchAll(db, cachedSQL: """
            SELECT s.id, s.shortName, s.name FROM managementDecisionSchool ds JOIN school s ON s.id = ds.schoolId
            WHERE ds.decisionId = ? ORDER BY s.shortName, s.id
            """, arguments: [id]).map { SchoolOption(id: $0["id"], shortName: $0["shortName"], name: $0["name"]) }
        let status = DecisionStatus(rawValue: r["status"]) ?? .open
        let due: String? = r["dueOn"]
        return DecisionItem(id: id, municipalityId: r["municipalityId"], municipalityName: r["municipalityName"],
                            year: SchoolYear(r["schoolYear"]), kind: DecisionKind(rawValue: r["kind"]) ?? .decision, text: r["text"],
                            addressee: DecisionAddressee(rawValue: r["addressee"]) ?? .group, schools: schools,
                            responsible: r["responsible"], dueOn: due, status: status, executionNote: r["executionNote"],
                            isOverdue: isOverdue(dueOn: due, status: status, today: today))
    }

    // MARK: Reading

    /// Decisions of a municipality (nil: every one the scope reads), newest school year first, then by due date.
    public func list(_ scope: Scope, municipalityId: Int64?, filter: DecisionFilter = DecisionFilter()) throws -> [DecisionItem] {
        let today = Moscow.day(database.now)
        return try database.read { db in try Self.list(db, scope, municipalityId: municipalityId, filter: filter, today: today) }
    }

    static func list(_ db: Database, _ scope: Scope, municipalityId: Int64?, filter: DecisionFilter, today: String) throws -> [DecisionItem] {
        var conditions: [SQL] = [Policy.visibleDecisions(scope)]
        if let municipalityId {
            try Policy.requireReadWorkspace(scope, municipalityId: municipalityId)
            conditions.append("d.municipalityId = \(municipalityId)")
        }
        if let status = filter.status { conditions.append("d.status = \(status.rawValue)") }
        if filter.overdueOnly {
            conditions.append("d.status IN ('open', 'inProgress') AND d.dueOn IS NOT NULL AND d.dueOn < \(today)")
        }
        if let years = filter.years { conditions.append("d.schoolYear BETWEEN \(years.lowerBound) AND \(years.upperBound)") }
        if let schoolId = filter.schoolId {
            conditions.append("EXISTS (SELECT 1 FROM managementDecisionSchool ds WHERE ds.decisionId = d.id AND ds.schoolId = \(schoolId))")
        }
        let rows = try SQLRequest<Row>(literal: """
            SELECT \(sql: Self.columns) \(sql: Self.from) WHERE \(conditions.joined(operator: .and))
            ORDER BY d.schoolYear DESC, d.dueOn IS NULL, d.dueOn, d.id
            """, cached: true).fetchAll(db)
        return try rows.map { try Self.item(db, $0, today: today) }
    }

    /// How many decisions the scope reads in the municipality (nil: all) are overdue.
    public func overdueCount(_ scope: Scope, municipalityId: Int64?) throws -> Int {
        try list(scope, municipalityId: municipalityId, filter: DecisionFilter(overdueOnly: true)).count
    }

    /// Decisions addressed to a school, for its card.
    public func forSchool(_ scope: Scope, schoolId: Int64) throws -> [DecisionItem] {
        let today = Moscow.day(database.now)
        return try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) ?? -1
            guard Policy.mayReadWorkspace(scope, municipalityId: municipalityId) else { return [] }
            return try Self.list(db, scope, municipalityId: municipalityId, filter: DecisionFilter(schoolId: schoolId), today: today)
        }
    }

    public func decision(_ scope: Scope, id: Int64) throws -> DecisionItem {
        let today = Moscow.day(database.now)
        return try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT \(Self.columns) \(Self.from) WHERE d.id = ?", arguments: [id])
            else { throw DomainError.notFound }
            try Policy.requireReadDecision(scope, id: id, municipalityId: r["municipalityId"], db)
            return try Self.item(db, r, today: today)
        }
    }

    /// Schools the form offers, and which of them are in the programme in `year` (the «all» addressees).
    public func schoolOptions(_ scope: Scope, municipalityId: Int64) throws -> [SchoolOption] {
        try Policy.requireManageWorkspace(scope, municipalityId: municipalityId)
        return try database.read { try Curators.schoolOptions($0, municipalityId: municipalityId) }
    }

    /// Schools of the municipality in the programme in `year`: low results or participants of «500+».
    static func programmeSchools(_ db: Database, municipalityId: Int64, year: Int) throws -> [Int64] {
        try Int64.fetchAll(db, cachedSQL: """
            SELECT DISTINCT s.id FROM school s JOIN schoolStatus st ON st.schoolId = s.id
            WHERE s.municipalityId = ? AND s.archivedAt IS NULL AND st.schoolYear = ? AND st.flag IN ('lowResults', 'programmeParticipant')
            ORDER BY s.id
            """, arguments: [municipalityId, year])
    }

    // MARK: Changing

    struct Snapshot: Codable {
        var municipalityId: Int64; var year: Int; var kind: String; var text: String; var addressee: String; var schoolIds: [Int64]
        var responsible: String; var dueOn: String?; var status: String; var executionNote: String
    }

    struct Valid {
        var year: Int; var kind: DecisionKind; var text: String; var addressee: DecisionAddressee; var schoolIds: [Int64]
        var responsible: String; var dueOn: String?; var status: DecisionStatus; var executionNote: String
        func snapshot(_ municipalityId: Int64) -> Snapshot {
            Snapshot(municipalityId: municipalityId, year: year, kind: kind.rawValue, text: text, addressee: addressee.rawValue,
                     schoolIds: schoolIds, responsible: responsible, dueOn: dueOn, status: status.rawValue, executionNote: executionNote)
        }
    }

    func validate(_ db: Database, _ input: DecisionInput, municipalityId: Int64) throws -> Valid {
        var errors: [FieldError] = []
        let year = input.year.flatMap { (2000...2100).contains($0) ? $0 : nil }
        if year == nil { errors.append(FieldError("year", "Выберите учебный год")) }
        let kind = DecisionKind(rawValue: input.kind)
        if kind == nil { errors.append(FieldError("kind", "Выберите: решение или рекомендация")) }
        let text = WorkspaceSupport.trim(input.text)
        if text.isEmpty { errors.append(FieldError("text", "Введите текст решения")) }
        let addressee = DecisionAddressee(rawValue: input.addressee)
        var schoolIds = Array(Set(input.schoolIds)).sorted()
        switch addressee {
        case nil:
            errors.append(FieldError("addressee", "Выберите, кому адресовано решение"))
        case .all?:
            if let year {
                schoolIds = try Self.programmeSchools(db, municipalityId: municipalityId, year: year)
                if schoolIds.isEmpty {
                    errors.append(FieldError("addressee", "В \(SchoolYear(year).title) учебном году в программе нет школ муниципалитета: выберите школы"))
                }
            }
        case .group?:
            if schoolIds.isEmpty { errors.append(FieldError("schools", "Выберите школы группы")) }
        case .school?:
            if schoolIds.count != 1 { errors.append(FieldError("schools", "Выберите одну школу")) }
        }
        if addressee != .all { errors += try WorkspaceSupport.requireSchools(db, schoolIds, municipalityId: municipalityId, field: "schools") }
        var due: String? = nil
        if !WorkspaceSupport.trim(input.dueOn).isEmpty {
            due = ReportPeriods.parseDate(input.dueOn)
            if due == nil { errors.append(FieldError("dueOn", "Введите срок в виде дд.мм.гггг или оставьте пустым (бессрочно)")) }
        }
        let status = DecisionStatus(rawValue: input.status)
        if status == nil { errors.append(FieldError("status", "Выберите состояние")) }
        let note = WorkspaceSupport.trim(input.executionNote)
        if status == .withdrawn && note.isEmpty {
            errors.append(FieldError("executionNote", "Укажите, почему решение снято"))
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return Valid(year: year!, kind: kind!, text: text, addressee: addressee!, schoolIds: schoolIds,
                     responsible: WorkspaceSupport.trim(input.responsible), dueOn: due, status: status!, executionNote: note)
    }

    func writeAddressees(_ db: Database, decisionId: Int64, _ ids: [Int64]) throws {
        try db.execute(sql: "DELETE FROM managementDecisionSchool WHERE decisionId = ?", arguments: [decisionId])
        for id in ids {
            try db.execute(sql: "INSERT INTO managementDecisionSchool (decisionId, schoolId) VALUES (?, ?)", arguments: [decisionId, id])
        }
    }

    /// The directors of the addressed schools hear of it once (per director and decision), in the same transaction.
    static func notify(_ db: Database, decisionId: Int64, _ valid: Valid, at: Date) throws {
        var directors: [Int64] = []
        for schoolId in valid.schoolIds { directors += try NotificationDelivery.directors(db, schoolId: schoolId) }
        try NotificationDelivery.deliver(db, to: directors, kind: .decisionAddressed,
                                         title: valid.kind == .decision ? "Управленческое решение адресовано школе" : "Рекомендация адресована школе",
                                         body: String(valid.text.prefix(300)), entity: "decision", entityId: decisionId,
                                         dedupeKey: "decision:\(decisionId)", at: at)
    }

    @discardableResult
    public func create(_ scope: Scope, municipalityId: Int64, _ input: DecisionInput) throws -> Int64 {
        try Policy.requireManageWorkspace(scope, municipalityId: municipalityId)
        let now = database.now
        return try database.write { db in
            _ = try WorkspaceSupport.municipalityName(db, municipalityId)
            let v = try validate(db, input, municipalityId: municipalityId)
            try db.execute(sql: """
                INSERT INTO managementDecision (municipalityId, schoolYear, kind, text, addressee, responsible, dueOn, status, executionNote,
                                                createdBy, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [municipalityId, v.year, v.kind.rawValue, v.text, v.addressee.rawValue, v.responsible, v.dueOn,
                                 v.status.rawValue, v.executionNote, scope.userId, now, now])
            let id = db.lastInsertedRowID
            try writeAddressees(db, decisionId: id, v.schoolIds)
            try Self.notify(db, decisionId: id, v, at: now)
            try AuditLog.record(db, scope, action: "create", entity: "managementDecision", id: id, before: Snapshot?.none,
                                after: v.snapshot(municipalityId), at: now)
            return id
        }
    }

    /// Changes the decision (text, addressees, due, status and the note on execution). Schools added to it are told.
    public func update(_ scope: Scope, id: Int64, _ input: DecisionInput) throws {
        let now = database.now
        try database.write { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT * FROM managementDecision WHERE id = ?", arguments: [id])
            else { throw DomainError.notFound }
            let municipalityId: Int64 = r["municipalityId"]
            try Policy.requireManageWorkspace(scope, municipalityId: municipalityId)
            let beforeSchools = try Int64.fetchAll(db, cachedSQL: "SELECT schoolId FROM managementDecisionSchool WHERE decisionId = ? ORDER BY schoolId", arguments: [id])
            let before = Snapshot(municipalityId: municipalityId, year: r["schoolYear"], kind: r["kind"], text: r["text"], addressee: r["addressee"],
                                  schoolIds: beforeSchools, responsible: r["responsible"], dueOn: r["dueOn"], status: r["status"],
                                  executionNote: r["executionNote"])
            var v = try validate(db, input, municipalityId: municipalityId)
            // «All schools» keeps the schools it was addressed to; schools that joined the programme since are added.
            if v.addressee == .all && before.addressee == DecisionAddressee.all.rawValue && before.year == v.year {
                v.schoolIds = Array(Set(v.schoolIds).union(beforeSchools)).sorted()
            }
            try db.execute(sql: """
                UPDATE managementDecision SET schoolYear = ?, kind = ?, text = ?, addressee = ?, responsible = ?, dueOn = ?, status = ?,
                    executionNote = ?, updatedAt = ? WHERE id = ?
                """, arguments: [v.year, v.kind.rawValue, v.text, v.addressee.rawValue, v.responsible, v.dueOn, v.status.rawValue,
                                 v.executionNote, now, id])
            try writeAddressees(db, decisionId: id, v.schoolIds)
            try Self.notify(db, decisionId: id, v, at: now)
            try AuditLog.record(db, scope, action: "update", entity: "managementDecision", id: id, before: before,
                                after: v.snapshot(municipalityId), at: now)
        }
    }
}
