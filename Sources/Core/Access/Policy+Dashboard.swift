import GRDB

extension Policy {
    /// A municipality's dashboard: the region (admin, regional coordinator) and the municipality's coordinator.
    public static func requireReadMunicipalityDashboard(_ scope: Scope, municipalityId: Int64) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal where scope.municipalityId == municipalityId: return
        default: throw DomainError.forbidden
        }
    }

    /// Coordinators (municipal, regional) and the admin keep a watchlist of the schools they read.
    public static func requireWatch(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        guard scope.userId != nil else { throw DomainError.forbidden }
        switch scope.role {
        case .admin, .regional, .municipal: try authorizeRead(scope, school: schoolId, db)
        case .curator, .director:
            guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM school WHERE id = ?)", arguments: [schoolId]) == true else {
                throw DomainError.notFound
            }
            throw DomainError.forbidden
        }
    }

    /// Whether the role keeps a watchlist at all (for showing the pin button).
    public static func keepsWatchlist(_ scope: Scope) -> Bool {
        scope.userId != nil && (scope.role == .admin || scope.role == .regional || scope.role == .municipal)
    }
}
