import Foundation
import GRDB

public struct StatusChange: Sendable {
    public var schoolId: Int64
    public var year: SchoolYear
    public var flag: StatusFlag
    public var isSet: Bool
    public var isExit: Bool
    public var cohortYear: Int?
    public var reason: String
    public init(schoolId: Int64, year: SchoolYear, flag: StatusFlag, isSet: Bool, isExit: Bool = false, cohortYear: Int? = nil, reason: String) {
        self.schoolId = schoolId; self.year = year; self.flag = flag; self.isSet = isSet
        self.isExit = isExit; self.cohortYear = cohortYear; self.reason = reason
    }
}

/// Yearly status flags of schools: every change is kept as the school's timeline.
public enum SchoolStatuses {
    /// Records a change and updates the flags in force, in the caller's transaction.
    static func apply(_ db: Database, _ scope: Scope, _ change: StatusChange, at now: Date) throws {
        let reason = change.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if reason.isEmpty { errors.append(FieldError("reason", "Укажите основание")) }
        if change.isExit && (change.flag != .lowResults || change.isSet) {
            errors.append(FieldError("flag", "Выход из перечня ШНОР — это снятие статуса ШНОР"))
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let changedBy = scope.userId
        try db.execute(sql: """
            INSERT INTO schoolStatusChange (schoolId, schoolYear, flag, isSet, isExit, cohortYear, reason, changedBy, changedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [change.schoolId, change.year.start, change.flag, change.isSet, change.isExit,
                             change.cohortYear, reason, changedBy, now])
        let id = db.lastInsertedRowID
        if change.isSet {
            try db.execute(sql: "INSERT OR REPLACE INTO schoolStatus (schoolId, schoolYear, flag, cohortYear) VALUES (?, ?, ?, ?)",
                           arguments: [change.schoolId, change.year.start, change.flag, change.cohortYear])
        } else {
            try db.execute(sql: "DELETE FROM schoolStatus WHERE schoolId = ? AND schoolYear = ? AND flag = ?",
                           arguments: [change.schoolId, change.year.start, change.flag])
        }
        try AuditLog.record(db, scope, action: change.isExit ? "exit" : (change.isSet ? "set" : "clear"),
                            entity: "schoolStatus", id: id, before: String?.none,
                            after: StatusAuditView(change, reason: reason), at: now)
    }
}

struct StatusAuditView: Encodable {
    var schoolId: Int64, schoolYear: Int, flag: String, isSet: Bool, isExit: Bool, cohortYear: Int?, reason: String
    init(_ c: StatusChange, reason: String) {
        schoolId = c.schoolId; schoolYear = c.year.start; flag = c.flag.rawValue; isSet = c.isSet
        isExit = c.isExit; cohortYear = c.cohortYear; self.reason = reason
    }
}
