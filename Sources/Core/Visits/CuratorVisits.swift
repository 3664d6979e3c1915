import Foundation
import GRDB

/// A visit as typed on the form.
public struct VisitInput: Sendable, Equatable, Codable {
    /// dd.MM.yyyy or yyyy-MM-dd as typed.
    public var visitedOn: String
    public var purpose: String
    /// The curator who went (a curator records only themselves); nil: no curator (the coordinator's own visit).
    public var curatorId: Int64?
    /// Who else went, as free text («специалист МИМС Петрова А.А.»).
    public var participants: String
    public var notes: String

    public init(visitedOn: String = "", purpose: String = "", curatorId: Int64? = nil, participants: String = "", notes: String = "") {
        self.visitedOn = visitedOn; self.purpose = purpose; self.curatorId = curatorId
        self.participants = participants; self.notes = notes
    }
}

public struct Visit: Sendable, Equatable {
    public var id: Int64
    public var schoolId: Int64
    public var year: SchoolYear
    /// yyyy-MM-dd
    public var visitedOn: String
    public var purpose: String
    public var curatorId: Int64?
    public var curatorName: String?
    public var participants: String
    public var notes: String
    public var fileName: String?
    public var fileSize: Int?
    /// Whether the acting user may change this visit.
    public var canEdit: Bool

    public var input: VisitInput {
        VisitInput(visitedOn: DayText.russian(visitedOn), purpose: purpose, curatorId: curatorId, participants: participants, notes: notes)
    }
}

/// Curators' visits to schools (Кировский plan, item 9: «выезды в образовательные организации… по графику»).
public struct CuratorVisits: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    static let columns = """
        v.id, v.schoolId, v.schoolYear, v.visitedOn, v.purpose, v.curatorId, u.fullName AS curatorName, v.participants, v.notes,
        f.originalName, f.size
        FROM curatorVisit v LEFT JOIN user u ON u.id = v.curatorId LEFT JOIN storedFile f ON f.id = v.fileId
        """

    static func visit(_ db: Database, _ scope: Scope, _ r: Row) throws -> Visit {
        let schoolId: Int64 = r["schoolId"], year: Int = r["schoolYear"], curatorId: Int64? = r["curatorId"]
        return Visit(id: r["id"], schoolId: schoolId, year: SchoolYear(year), visitedOn: r["visitedOn"], purpose: r["purpose"],
                     curatorId: curatorId, curatorName: r["curatorName"], participants: r["participants"], notes: r["notes"],
                     fileName: r["originalName"], fileSize: r["size"],
                     canEdit: try Policy.mayEditVisit(scope, school: schoolId, year: year, curatorId: curatorId, db))
    }

    // MARK: Reading

    /// A school's visits, newest first: whoever reads the school.
    public func forSchool(_ scope: Scope, schoolId: Int64) throws -> [Visit] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            return try Row.fetchAll(db, cachedSQL: "SELECT \(Self.columns) WHERE v.schoolId = ? ORDER BY v.visitedOn DESC, v.id DESC",
                                    arguments: [schoolId]).map { try Self.visit(db, scope, $0) }
        }
    }

    public func visit(_ scope: Scope, id: Int64) throws -> Visit {
        try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT \(Self.columns) WHERE v.id = ?", arguments: [id]) else { throw DomainError.notFound }
            try Policy.authorizeRead(scope, school: r["schoolId"], db)
            return try Self.visit(db, scope, r)
        }
    }

    /// Whether the scope may record some visit to the school (the card shows the link).
    public func canRecord(_ scope: Scope, schoolId: Int64) throws -> Bool {
        try database.read { db in try Policy.mayRecordSomeVisit(scope, school: schoolId, db) }
    }

    /// The curators the form offers: for the coordinator every curator assigned to the school in any year; a curator
    /// only themselves.
    public func curatorOptions(_ scope: Scope, schoolId: Int64) throws -> [AssignedCurator] {
        try database.read { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            let condition = Policy.mayRecordVisitsForOthers(scope) ? "1" : "u.id = \(scope.userId ?? -1)"
            return try Row.fetchAll(db, sql: """
                SELECT DISTINCT u.id, u.fullName, COALESCE(p.position, '') AS position FROM curatorAssignment a
                JOIN user u ON u.id = a.curatorId LEFT JOIN curatorProfile p ON p.userId = u.id
                WHERE a.schoolId = ? AND \(condition) ORDER BY u.fullName
                """, arguments: [schoolId]).map { AssignedCurator(curatorId: $0["id"], fullName: $0["fullName"], position: $0["position"]) }
        }
    }

    // MARK: Changing

    struct Snapshot: Codable { var schoolId: Int64; var visitedOn: String; var input: VisitInput; var file: String? }

    /// Checks the input; returns the day (yyyy-MM-dd) and its school year, and the curator (a curator: themselves).
    func validate(_ db: Database, _ scope: Scope, schoolId: Int64, _ input: VisitInput) throws -> (day: String, year: SchoolYear, curatorId: Int64?) {
        var errors: [FieldError] = []
        let day = WorkspaceSupport.requiredDay(input.visitedOn, field: "visitedOn", missing: "Введите дату выезда", &errors)
        let purpose = WorkspaceSupport.trim(input.purpose)
        if purpose.isEmpty { errors.append(FieldError("purpose", "Введите цель выезда")) }
        else if purpose.count > 2000 { errors.append(FieldError("purpose", "Цель — не длиннее 2000 знаков")) }
        if input.participants.count > 2000 { errors.append(FieldError("participants", "Участники — не длиннее 2000 знаков")) }
        if input.notes.count > 20000 { errors.append(FieldError("notes", "Заметки — не длиннее 20 000 знаков")) }
        let year = day.map(WorkspaceSupport.schoolYear(ofDay:))
        let curatorId = Policy.visitCurator(scope, asked: input.curatorId)
        if let curatorId, let year, Policy.mayRecordVisitsForOthers(scope) {
            let assigned = try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)
                """, arguments: [curatorId, schoolId, year.start]) == true
            if !assigned { errors.append(FieldError("curatorId", "Этот куратор не закреплён за школой в \(year.title) учебном году")) }
        }
        if let year, !(try Policy.mayRecordVisitInYear(scope, school: schoolId, year: year.start, db)) {
            errors.append(FieldError("visitedOn", "Вы не закреплены за школой в \(year.title) учебном году: выезд записывает куратор того года"))
        }
        guard errors.isEmpty, let day, let year else { throw DomainError.invalid(errors) }
        return (day, year, curatorId)
    }

    static func clean(_ input: VisitInput, curatorId: Int64?) -> VisitInput {
        VisitInput(visitedOn: input.visitedOn, purpose: WorkspaceSupport.trim(input.purpose), curatorId: curatorId,
                   participants: WorkspaceSupport.trim(input.participants), notes: WorkspaceSupport.trim(input.notes))
    }

    /// Records a visit; a file (optional) is checked like documents and stored under the school.
    @discardableResult
    public func create(_ scope: Scope, schoolId: Int64, _ input: VisitInput, file: (name: String, bytes: [UInt8])? = nil) throws -> Int64 {
        let now = database.now
        return try database.write { db in
            try Policy.authorizeRead(scope, school: schoolId, db)
            // A curator assigned to the school only in another year gets a field error on the date, not a refusal.
            try Policy.requireRecordSomeVisit(scope, school: schoolId, db)
            let (day, year, curatorId) = try validate(db, scope, schoolId: schoolId, input)
            try Policy.requireRecordVisit(scope, school: schoolId, year: year.start, db)
            let fileId = try file.map { try Documents.storeFile(db, scope, schoolId: schoolId, fileName: $0.name, bytes: $0.bytes, at: now) }
            let clean = Self.clean(input, curatorId: curatorId)
            try db.execute(sql: """
                INSERT INTO curatorVisit (schoolId, schoolYear, visitedOn, purpose, curatorId, participants, notes, fileId, createdBy, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [schoolId, year.start, day, clean.purpose, curatorId, clean.participants, clean.notes, fileId, scope.userId, now, now])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "curatorVisit", id: id, before: Snapshot?.none,
                                after: Snapshot(schoolId: schoolId, visitedOn: day, input: clean, file: file?.name), at: now)
            return id
        }
    }

    /// Changes a visit; a new file replaces the old one (the old stays stored, as document versions do).
    public func update(_ scope: Scope, id: Int64, _ input: VisitInput, file: (name: String, bytes: [UInt8])? = nil) throws {
        let now = database.now
        try database.write { db in
            guard let r = try Row.fetchOne(db, cachedSQL: "SELECT \(Self.columns) WHERE v.id = ?", arguments: [id]) else { throw DomainError.notFound }
            let schoolId: Int64 = r["schoolId"]
            try Policy.requireEditVisit(scope, school: schoolId, year: r["schoolYear"], curatorId: r["curatorId"], db)
            let before = try Self.visit(db, scope, r)
            let (day, year, curatorId) = try validate(db, scope, schoolId: schoolId, input)
            try Policy.requireEditVisit(scope, school: schoolId, year: year.start, curatorId: curatorId, db)
            let fileId = try file.map { try Documents.storeFile(db, scope, schoolId: schoolId, fileName: $0.name, bytes: $0.bytes, at: now) }
            let clean = Self.clean(input, curatorId: curatorId)
            try db.execute(sql: """
                UPDATE curatorVisit SET schoolYear = ?, visitedOn = ?, purpose = ?, curatorId = ?, participants = ?, notes = ?,
                    fileId = COALESCE(?, fileId), updatedAt = ? WHERE id = ?
                """, arguments: [year.start, day, clean.purpose, curatorId, clean.participants, clean.notes, fileId, now, id])
            try AuditLog.record(db, scope, action: "update", entity: "curatorVisit", id: id,
                                before: Snapshot(schoolId: schoolId, visitedOn: before.visitedOn, input: before.input, file: before.fileName),
                                after: Snapshot(schoolId: schoolId, visitedOn: day, input: clean, file: file?.name ?? before.fileName), at: now)
        }
    }

    /// The visit's file, for whoever reads the school.
    public func download(_ scope: Scope, visitId: Int64) throws -> FileDownload {
        try database.read { db in
            guard let r = try Row.fetchOne(db, cachedSQL: """
                SELECT v.schoolId, f.id AS fileId, f.originalName, f.contentType, f.sha256
                FROM curatorVisit v JOIN storedFile f ON f.id = v.fileId WHERE v.id = ?
                """, arguments: [visitId]) else { throw DomainError.notFound }
            try Policy.authorizeRead(scope, school: r["schoolId"], db)
            let data = try Data.fetchOne(db, cachedSQL: "SELECT content FROM storedFileContent WHERE fileId = ?", arguments: [r["fileId"] as Int64]) ?? Data()
            return FileDownload(fileName: r["originalName"], contentType: r["contentType"], sha256: r["sha256"], bytes: [UInt8](data))
        }
    }
}
