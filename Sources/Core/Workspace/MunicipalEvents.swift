import Foundation
import GRDB

/// Formats of city events (seed 001: квест-игра … печа-куча; seed 002: семинары, конференции).
public enum EventFormat: String, Sendable, CaseIterable, Codable {
    case questGame, businessGame, brainstorm, debates, coaching, roundTable, pechaKucha, seminar, conference, webinar, other

    public var title: String {
        switch self {
        case .questGame: "Квест-игра"
        case .businessGame: "Деловая игра"
        case .brainstorm: "Мозговой штурм"
        case .debates: "Педагогические дебаты"
        case .coaching: "Коучинг"
        case .roundTable: "Круглый стол"
        case .pechaKucha: "Печа-куча"
        case .seminar: "Семинар"
        case .conference: "Конференция"
        case .webinar: "Вебинар"
        case .other: "Другое"
        }
    }
}

public struct EventInput: Sendable, Equatable, Codable {
    public var format: String
    public var title: String
    /// dd.MM.yyyy or yyyy-MM-dd as typed.
    public var heldOn: String
    public var hostSchoolId: Int64?
    public var organisers: String
    public var participantIds: [Int64]
    public var goal: String
    public var tasks: String
    public var expectedResults: String
    public var keyIdeas: String
    public var outcomes: String
    /// Participants as groups with head counts, a line each: «Управленческие команды — 12» (see `EventGroup.parse`).
    public var groups: String

    public init(format: String = "", title: String = "", heldOn: String = "", hostSchoolId: Int64? = nil, organisers: String = "",
                participantIds: [Int64] = [], goal: String = "", tasks: String = "", expectedResults: String = "",
                keyIdeas: String = "", outcomes: String = "", groups: String = "") {
        self.format = format; self.title = title; self.heldOn = heldOn; self.hostSchoolId = hostSchoolId
        self.organisers = organisers; self.participantIds = participantIds; self.goal = goal; self.tasks = tasks
        self.expectedResults = expectedResults; self.keyIdeas = keyIdeas; self.outcomes = outcomes; self.groups = groups
    }
}

/// A group of an event's participants: «Заместители директоров по УВР — 8» (the count may be unknown).
public struct EventGroup: Sendable, Equatable, Codable {
    public var title: String
    public var headCount: Int?
    public init(_ title: String, _ headCount: Int? = nil) { self.title = title; self.headCount = headCount }

    /// «Заместители директоров по УВР — 8»
    public var text: String { headCount.map { "\(title) — \($0)" } ?? title }

    /// One group a line; a trailing number after «—», «–», «-» or «:» is its head count. Errors go to `groups`.
    public static func parse(_ text: String) -> (groups: [EventGroup], error: FieldError?) {
        var groups: [EventGroup] = []
        for (index, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            var title = line, count: Int? = nil
            if let separator = line.lastIndex(where: { "—–-:".contains($0) }) {
                let tail = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
                if !tail.isEmpty && tail.allSatisfy(\.isNumber) {
                    guard let n = Int(tail), n <= 100_000 else {
                        return (groups, FieldError("groups", "Строка \(index + 1): число участников — не больше 100 000"))
                    }
                    count = n
                    title = line[..<separator].trimmingCharacters(in: .whitespaces)
                }
            }
            if title.isEmpty { return (groups, FieldError("groups", "Строка \(index + 1): перед числом участников напишите, кто они (например, «Управленческие команды — 12»)")) }
            if title.count > 300 { return (groups, FieldError("groups", "Строка \(index + 1): название группы — не длиннее 300 знаков")) }
            if groups.count >= 50 { return (groups, FieldError("groups", "Не больше 50 групп участников")) }
            groups.append(EventGroup(title, count))
        }
        return (groups, nil)
    }
}

public struct EventSummary: Sendable, Equatable {
    public var id: Int64
    public var municipalityId: Int64
    public var municipalityName: String
    public var format: EventFormat
    public var title: String
    /// yyyy-MM-dd
    public var heldOn: String
    public var year: SchoolYear
    public var hostSchool: SchoolOption?
    public var participants: [SchoolOption]
    /// Participants as groups with head counts, in the order typed.
    public var groups: [EventGroup] = []
    public var isArchived: Bool
}

public struct EventMaterial: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var url: String?
    public var fileName: String?
    public var size: Int?
}

public struct EventDetail: Sendable {
    public var summary: EventSummary
    public var organisers: String
    public var goal: String
    public var tasks: String
    public var expectedResults: String
    public var keyIdeas: String
    public var outcomes: String
    public var materials: [EventMaterial]
    public var canManage: Bool
    public var input: EventInput {
        EventInput(format: summary.format.rawValue, title: summary.title, heldOn: DayText.russian(summary.heldOn),
                   hostSchoolId: summary.hostSchool?.id, organisers: organisers, participantIds: summary.participants.map(\.id),
                   goal: goal, tasks: tasks, expectedResults: expectedResults, keyIdeas: keyIdeas, outcomes: outcomes,
                   groups: summary.groups.map(\.text).joined(separator: "\n"))
    }
}

public struct EventFilter: Sendable, Equatable {
    public var years: ClosedRange<Int>?
    public var format: EventFormat?
    public var schoolId: Int64?
    public var includeArchived: Bool
    public init(years: ClosedRange<Int>? = nil, format: EventFormat? = nil, schoolId: Int64? = nil, includeArchived: Bool = false) {
        self.years = years; self.format = format; self.schoolId = schoolId; self.includeArchived = includeArchived
    }
}

/// The municipal events registry: city events with host, participants, content and materials.
public struct MunicipalEvents: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    static let columns = """
        e.id, e.municipalityId, m.name AS municipalityName, e.format, e.title, e.heldOn, e.schoolYear, e.archivedAt,
        e.organisers, e.goal, e.tasks, e.expectedResults, e.keyIdeas, e.outcomes,
        h.id AS hostId, h.shortName AS hostShort, h.name AS hostName
        """
    static let from = "FROM municipalEvent e JOIN municipality m ON m.id = e.municipalityId LEFT JOIN school h ON h.id = e.hostSchoolId"

    static func summary(_ db: Database, _ r: Row) throws -> EventSummary {
        let id: Int64 = r["id"]
        let participants = try Row.fetchAll(db, cachedSQL: """
            SELECT s.id, s.shortName, s.name FROM municipalEventSchool es JOIN school s ON s.id = es.schoolId
            WHERE es.eventId = ? ORDER BY s.shortName, s.id
            """, arguments: [id]).map { SchoolOption(id: $0["id"], shortName: $0["shortName"], name: $0["name"]) }
        let hostId: Int64? = r["hostId"]
        let groups = try Row.fetchAll(db, cachedSQL: "SELECT title, headCount FROM municipalEventGroup WHERE eventId = ? ORDER BY position, id",
                                      arguments: [id]).map { EventGroup($0["title"], $0["headCount"]) }
        return EventSummary(id: id, municipalityId: r["municipalityId"], municipalityName: r["municipalityName"],
                            format: EventFormat(rawValue: r["format"]) ?? .other, title: r["title"], heldOn: r["heldOn"],
                            year: SchoolYear(r["schoolYear"]),
                            hostSchool: hostId.map { SchoolOption(id: $0, shortName: r["hostShort"], name: r["hostName"]) },
                            participants: participants, groups: groups, isArchived: (r["archivedAt"] as String?) != nil)
    }

    // MARK: Reading

    /// Events of a municipality (nil: every municipality the scope reads) in school years `years`, oldest first.
    public func list(_ scope: Scope, municipalityId: Int64?, years: ClosedRange<Int>? = nil) throws -> [EventSummary] {
        try list(scope, municipalityId: municipalityId, filter: EventFilter(years: years))
    }

    public func list(_ scope: Scope, municipalityId: Int64?, filter: EventFilter) throws -> [EventSummary] {
        try database.read { db in try Self.list(db, scope, municipalityId: municipalityId, filter: filter) }
    }

    static func list(_ db: Database, _ scope: Scope, municipalityId: Int64?, filter: EventFilter) throws -> [EventSummary] {
        var conditions: [SQL] = [Policy.visibleEvents(scope)]
        if let municipalityId {
            try Policy.requireReadWorkspace(scope, municipalityId: municipalityId)
            conditions.append("e.municipalityId = \(municipalityId)")
        }
        if let years = filter.years { conditions.append("e.schoolYear BETWEEN \(years.lowerBound) AND \(years.upperBound)") }
        if let format = filter.format { conditions.append("e.format = \(format.rawValue)") }
        if let schoolId = filter.schoolId {
            conditions.append("""
                (e.hostSchoolId = \(schoolId) OR EXISTS (SELECT 1 FROM municipalEventSchool es WHERE es.eventId = e.id AND es.schoolId = \(schoolId)))
                """)
        }
        if !filter.includeArchived { conditions.append("e.archivedAt IS NULL") }
        let rows = try SQLRequest<Row>(literal: """
            SELECT \(sql: Self.columns) \(sql: Self.from) WHERE \(conditions.joined(operator: .and)) ORDER BY e.heldOn, e.id
            """, cached: true).fetchAll(db)
        return try rows.map { try Self.summary(db, $0) }
    }

    /// Events a school hosted or took part in (not archived), newest first.
    public func forSchool(_ scope: Scope, schoolId: Int64) throws -> [EventSummary] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) ?? -1
            guard Policy.mayReadWorkspace(scope, municipalityId: municipalityId) else { return [] }
            return try Self.list(db, scope, municipalityId: municipalityId, filter: EventFilter(schoolId: schoolId)).reversed()
        }
    }

    public func event(_ scope: Scope, id: Int64) throws -> EventDetail {
        try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT \(Self.columns) \(Self.from) WHERE e.id = ?", arguments: [id])
            else { throw DomainError.notFound }
            try Policy.requireReadWorkspace(scope, municipalityId: r["municipalityId"])
            let materials = try Row.fetchAll(db, cachedSQL: """
                SELECT mt.id, mt.title, mt.url, f.originalName, f.size FROM municipalEventMaterial mt LEFT JOIN storedFile f ON f.id = mt.fileId
                WHERE mt.eventId = ? ORDER BY mt.id
                """, arguments: [id]).map { EventMaterial(id: $0["id"], title: $0["title"], url: $0["url"], fileName: $0["originalName"], size: $0["size"]) }
            return EventDetail(summary: try Self.summary(db, r), organisers: r["organisers"], goal: r["goal"], tasks: r["tasks"],
                               expectedResults: r["expectedResults"], keyIdeas: r["keyIdeas"], outcomes: r["outcomes"],
                               materials: materials,
                               canManage: Policy.mayManageWorkspace(scope, municipalityId: r["municipalityId"]))
        }
    }

    /// Schools the event form offers (the municipality's, not archived); requires the right to manage.
    public func schoolOptions(_ scope: Scope, municipalityId: Int64) throws -> [SchoolOption] {
        try Policy.requireManageWorkspace(scope, municipalityId: municipalityId)
        return try database.read { try Curators.schoolOptions($0, municipalityId: municipalityId) }
    }

    /// The municipality's schools for a list's filter: whoever reads its registries.
    public func filterSchools(_ scope: Scope, municipalityId: Int64) throws -> [SchoolOption] {
        try Policy.requireReadWorkspace(scope, municipalityId: municipalityId)
        return try database.read { try Curators.schoolOptions($0, municipalityId: municipalityId) }
    }

    // MARK: Changing

    struct Snapshot: Codable {
        var municipalityId: Int64; var input: EventInput; var heldOn: String
    }

    func validate(_ db: Database, _ input: EventInput, municipalityId: Int64) throws -> (EventFormat, String, String, [EventGroup]) {
        var errors: [FieldError] = []
        let format = EventFormat(rawValue: input.format)
        if format == nil { errors.append(FieldError("format", "Выберите форму мероприятия")) }
        let title = WorkspaceSupport.trim(input.title)
        if title.isEmpty { errors.append(FieldError("title", "Введите тему мероприятия")) }
        let day = WorkspaceSupport.requiredDay(input.heldOn, field: "heldOn", missing: "Введите дату проведения", &errors)
        if let host = input.hostSchoolId {
            errors += try WorkspaceSupport.requireSchools(db, [host], municipalityId: municipalityId, field: "hostSchool")
        }
        errors += try WorkspaceSupport.requireSchools(db, input.participantIds, municipalityId: municipalityId, field: "participants")
        let (groups, groupsError) = EventGroup.parse(input.groups)
        if let groupsError { errors.append(groupsError) }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return (format!, title, day!, groups)
    }

    func writeGroups(_ db: Database, eventId: Int64, _ groups: [EventGroup]) throws {
        try db.execute(sql: "DELETE FROM municipalEventGroup WHERE eventId = ?", arguments: [eventId])
        for (position, group) in groups.enumerated() {
            try db.execute(sql: "INSERT INTO municipalEventGroup (eventId, title, headCount, position) VALUES (?, ?, ?, ?)",
                           arguments: [eventId, group.title, group.headCount, position + 1])
        }
    }

    func writeParticipants(_ db: Database, eventId: Int64, _ ids: [Int64]) throws {
        try db.execute(sql: "DELETE FROM municipalEventSchool WHERE eventId = ?", arguments: [eventId])
        for id in Set(ids) {
            try db.execute(sql: "INSERT INTO municipalEventSchool (eventId, schoolId) VALUES (?, ?)", arguments: [eventId, id])
        }
    }

    @discardableResult
    public func create(_ scope: Scope, municipalityId: Int64, _ input: EventInput) throws -> Int64 {
        try Policy.requireManageWorkspace(scope, municipalityId: municipalityId)
        let now = database.now
        return try database.write { db in
            _ = try WorkspaceSupport.municipalityName(db, municipalityId)
            let (format, title, day, groups) = try validate(db, input, municipalityId: municipalityId)
            try db.execute(sql: """
                INSERT INTO municipalEvent (municipalityId, format, title, heldOn, schoolYear, hostSchoolId, organisers, goal, tasks,
                                            expectedResults, keyIdeas, outcomes, createdBy, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [municipalityId, format.rawValue, title, day, WorkspaceSupport.schoolYear(ofDay: day).start, input.hostSchoolId,
                                 WorkspaceSupport.trim(input.organisers), WorkspaceSupport.trim(input.goal), WorkspaceSupport.trim(input.tasks),
                                 WorkspaceSupport.trim(input.expectedResults), WorkspaceSupport.trim(input.keyIdeas), WorkspaceSupport.trim(input.outcomes),
                                 scope.userId, now, now])
            let id = db.lastInsertedRowID
            try writeParticipants(db, eventId: id, input.participantIds)
            try writeGroups(db, eventId: id, groups)
            try AuditLog.record(db, scope, action: "create", entity: "municipalEvent", id: id, before: Snapshot?.none,
                                after: Snapshot(municipalityId: municipalityId, input: input, heldOn: day), at: now)
            return id
        }
    }

    public func update(_ scope: Scope, id: Int64, _ input: EventInput) throws {
        let before = try event(scope, id: id)
        let municipalityId = before.summary.municipalityId
        try Policy.requireManageWorkspace(scope, municipalityId: municipalityId)
        let now = database.now
        try database.write { db in
            let (format, title, day, groups) = try validate(db, input, municipalityId: municipalityId)
            try db.execute(sql: """
                UPDATE municipalEvent SET format = ?, title = ?, heldOn = ?, schoolYear = ?, hostSchoolId = ?, organisers = ?, goal = ?,
                    tasks = ?, expectedResults = ?, keyIdeas = ?, outcomes = ?, updatedAt = ? WHERE id = ?
                """, arguments: [format.rawValue, title, day, WorkspaceSupport.schoolYear(ofDay: day).start, input.hostSchoolId,
                                 WorkspaceSupport.trim(input.organisers), WorkspaceSupport.trim(input.goal), WorkspaceSupport.trim(input.tasks),
                                 WorkspaceSupport.trim(input.expectedResults), WorkspaceSupport.trim(input.keyIdeas), WorkspaceSupport.trim(input.outcomes),
                                 now, id])
            try writeParticipants(db, eventId: id, input.participantIds)
            try writeGroups(db, eventId: id, groups)
            try AuditLog.record(db, scope, action: "update", entity: "municipalEvent", id: id,
                                before: Snapshot(municipalityId: municipalityId, input: before.input, heldOn: before.summary.heldOn),
                                after: Snapshot(municipalityId: municipalityId, input: input, heldOn: day), at: now)
        }
    }

    public func archive(_ scope: Scope, id: Int64) throws {
        let now = database.now
        try database.write { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT municipalityId, archivedAt FROM municipalEvent WHERE id = ?", arguments: [id])
            else { throw DomainError.notFound }
            try Policy.requireManageWorkspace(scope, municipalityId: r["municipalityId"])
            if (r["archivedAt"] as String?) != nil { return }
            try db.execute(sql: "UPDATE municipalEvent SET archivedAt = ?, updatedAt = ? WHERE id = ?", arguments: [now, now, id])
            try AuditLog.record(db, scope, action: "archive", entity: "municipalEvent", id: id, at: now)
        }
    }

    // MARK: Materials

    func requireManageEvent(_ db: Database, _ scope: Scope, eventId: Int64) throws -> Row {
        guard let r = try Row.fetchOne(db, cachedSQL: "SELECT municipalityId, hostSchoolId FROM municipalEvent WHERE id = ?", arguments: [eventId])
        else { throw DomainError.notFound }
        try Policy.requireManageWorkspace(scope, municipalityId: r["municipalityId"])
        return r
    }

    /// A link (http or https) as a material.
    @discardableResult
    public func addLink(_ scope: Scope, eventId: Int64, title: String, url: String) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            _ = try requireManageEvent(db, scope, eventId: eventId)
            let title = WorkspaceSupport.trim(title), url = WorkspaceSupport.trim(url)
            var errors: [FieldError] = []
            if title.isEmpty { errors.append(FieldError("materialTitle", "Введите название материала")) }
            if url.isEmpty {
                errors.append(FieldError("url", "Введите ссылку или выберите файл"))
            } else if let error = LinkURL.error(url, field: "url") {
                errors.append(error)
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            try db.execute(sql: "INSERT INTO municipalEventMaterial (eventId, title, url, addedAt) VALUES (?, ?, ?, ?)",
                           arguments: [eventId, title, url, now])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "municipalEventMaterial", id: id, before: String?.none,
                                after: ["eventId": "\(eventId)", "title": title, "url": url], at: now)
            return id
        }
    }

    /// A file as a material, checked like documents (type by content, 25 MiB) and stored under the host school
    /// (or the first participant).
    @discardableResult
    public func addFile(_ scope: Scope, eventId: Int64, title: String, fileName: String, bytes: [UInt8]) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            let r = try requireManageEvent(db, scope, eventId: eventId)
            let owner: Int64? = try (r["hostSchoolId"] as Int64?)
                ?? Int64.fetchOne(db, cachedSQL: "SELECT MIN(schoolId) FROM municipalEventSchool WHERE eventId = ?", arguments: [eventId])
            guard let owner else {
                throw DomainError.invalid([FieldError("file", "Укажите школу-организатора или участников мероприятия, чтобы прикрепить файл; ссылку можно добавить и без них")])
            }
            var title = WorkspaceSupport.trim(title)
            if title.isEmpty { title = WorkspaceSupport.trim(fileName) }
            let fileId = try Documents.storeFile(db, scope, schoolId: owner, fileName: fileName, bytes: bytes, at: now)
            try db.execute(sql: "INSERT INTO municipalEventMaterial (eventId, title, fileId, addedAt) VALUES (?, ?, ?, ?)",
                           arguments: [eventId, title, fileId, now])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "municipalEventMaterial", id: id, before: String?.none,
                                after: ["eventId": "\(eventId)", "title": title, "file": fileName], at: now)
            return id
        }
    }

    /// The file of a material, for whoever may read the event.
    public func download(_ scope: Scope, materialId: Int64) throws -> FileDownload {
        try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: """
                SELECT e.municipalityId, f.id AS fileId, f.originalName, f.contentType, f.sha256
                FROM municipalEventMaterial mt JOIN municipalEvent e ON e.id = mt.eventId JOIN storedFile f ON f.id = mt.fileId
                WHERE mt.id = ?
                """, arguments: [materialId]) else { throw DomainError.notFound }
            try Policy.requireReadWorkspace(scope, municipalityId: r["municipalityId"])
            let data = try Data.fetchOne(db, cachedSQL: "SELECT content FROM storedFileContent WHERE fileId = ?", arguments: [r["fileId"] as Int64]) ?? Data()
            return FileDownload(fileName: r["originalName"], contentType: r["contentType"], sha256: r["sha256"], bytes: [UInt8](data))
        }
    }
}
