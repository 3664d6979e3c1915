import GRDB

/// The one place that decides who may see or do what. Handlers and templates never decide.
public enum Policy {
    /// An SQL condition true for the rows of `school` (aliased `alias`) the scope may read.
    /// Lists filter in SQL with it; nothing is fetched whole and filtered later.
    public static func visibleSchools(_ scope: Scope, alias: String = "school") -> SQL {
        let column = SQL(sql: "\(alias).id")
        let municipality = SQL(sql: "\(alias).municipalityId")
        switch scope.role {
        case .admin, .regional:
            return "1"
        case .municipal:
            return "\(municipality) = \(scope.municipalityId ?? -1)"
        case .curator:
            return "\(column) IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = \(scope.userId ?? -1))"
        case .director:
            return "\(column) = \(scope.schoolId ?? -1)"
        }
    }

    /// Throws `.notFound` for a school that does not exist and `.forbidden` for one outside the scope.
    public static func authorizeRead(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM school WHERE id = ?)", arguments: [schoolId]) == true else {
            throw DomainError.notFound
        }
        let condition = visibleSchools(scope)
        let visible = try SQLRequest<Bool>(literal: "SELECT EXISTS (SELECT 1 FROM school WHERE school.id = \(schoolId) AND \(condition))").fetchOne(db)
        if visible != true { throw DomainError.forbidden }
    }

    /// Reads of region-wide pages (all municipalities).
    public static func canReadRegion(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .regional
    }
}
