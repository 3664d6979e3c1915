import GRDB

extension Policy {
    /// A municipality's dashboard: the region (admin, regional coordinator) and the municipality's coordinator.
    public static func mayReadMunicipalityDashboard(_ scope: Scope, municipalityId: Int64) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal: scope.municipalityId == municipalityId
        default: false
        }
    }

    public static func requireReadMunicipalityDashboard(_ scope: Scope, municipalityId: Int64) throws {
        try require(mayReadMunicipalityDashboard(scope, municipalityId: municipalityId))
    }

    /// The region's dashboard (every municipality side by side): the region.
    public static func requireReadRegionDashboard(_ scope: Scope) throws { try requireReadRegion(scope) }

    /// A curator's own dashboard: the curator; returns whose it is.
    public static func requireCuratorDashboard(_ scope: Scope) throws -> Int64 {
        guard scope.role == .curator, let userId = scope.userId else { throw DomainError.forbidden }
        return userId
    }

    /// A director's dashboard of their school: the director; returns which school.
    public static func requireSchoolDashboard(_ scope: Scope) throws -> Int64 {
        guard scope.role == .director, let schoolId = scope.schoolId else { throw DomainError.forbidden }
        return schoolId
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
    public static func mayKeepWatchlist(_ scope: Scope) -> Bool {
        scope.userId != nil && (scope.role == .admin || scope.role == .regional || scope.role == .municipal)
    }
}
