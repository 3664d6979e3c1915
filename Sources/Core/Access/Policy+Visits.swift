import GRDB

/// Curators' visits to schools: the curator assigned to the school that year records and edits their own; the
/// municipality's coordinator any visit in the municipality; the admin all. Whoever reads the school reads them.
extension Policy {
    /// Recording a visit to `schoolId` in `year` (for a curator: as themselves): the same people as review the
    /// school's work that year.
    public static func requireRecordVisit(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) throws {
        try requireReview(scope, school: schoolId, year: year, db)
    }

    /// Changing a recorded visit: the coordinator and the admin any; a curator their own visit, while assigned to
    /// the school in the visit's year.
    public static func mayEditVisit(_ scope: Scope, school schoolId: Int64, year: Int, curatorId: Int64?, _ db: Database) throws -> Bool {
        if scope.role == .curator && (curatorId == nil || curatorId != scope.userId) { return false }
        return try mayReview(scope, school: schoolId, year: year, db)
    }

    public static func requireEditVisit(_ scope: Scope, school schoolId: Int64, year: Int, curatorId: Int64?, _ db: Database) throws {
        try require(mayEditVisit(scope, school: schoolId, year: year, curatorId: curatorId, db))
    }

    /// Whether the scope records visits to the school in some year (the card shows the link; the form's checks
    /// tell which year): the coordinator and the admin; a curator assigned to the school in any year.
    public static func mayRecordSomeVisit(_ scope: Scope, school schoolId: Int64, _ db: Database) throws -> Bool {
        if scope.role == .curator {
            return try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ?)",
                                     arguments: [scope.userId ?? -1, schoolId]) == true
        }
        return try mayReview(scope, school: schoolId, year: 0, db)
    }

    public static func requireRecordSomeVisit(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try require(mayRecordSomeVisit(scope, school: schoolId, db))
    }

    /// Whether the form offers a curator other than oneself: only the coordinator and the admin record for others.
    public static func mayRecordVisitsForOthers(_ scope: Scope) -> Bool { scope.role == .admin || scope.role == .municipal }

    /// The curator a visit is recorded for: a curator records as themselves; others name the curator (`asked`).
    public static func visitCurator(_ scope: Scope, asked: Int64?) -> Int64? {
        scope.role == .curator ? scope.userId : asked
    }

    /// Whether a curator recording a visit in `year` is assigned to the school that year (others: always true).
    public static func mayRecordVisitInYear(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) throws -> Bool {
        guard scope.role == .curator else { return true }
        return try isAssigned(scope, school: schoolId, year: year, db)
    }

    static func isAssigned(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, cachedSQL: """
            SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)
            """, arguments: [scope.userId ?? -1, schoolId, year]) == true
    }
}
