import GRDB

extension Policy {
    /// The watchlist rules: the region's defaults (municipalityId nil) are the region's (admin, regional coordinator);
    /// a municipality's own settings are its coordinator's (and the admin's).
    public static func mayEditWatchRules(_ scope: Scope, municipalityId: Int64?) -> Bool {
        guard scope.userId != nil || scope.role == .admin else { return false }
        switch (scope.role, municipalityId) {
        case (.admin, _): return true
        case (.regional, nil): return true
        case (.municipal, let id?): return id == scope.municipalityId
        default: return false
        }
    }

    public static func requireEditWatchRules(_ scope: Scope, municipalityId: Int64?) throws {
        try require(mayEditWatchRules(scope, municipalityId: municipalityId))
    }

    /// Reading the rules: the region's defaults for every coordinator; a municipality's for those who read its dashboard.
    public static func requireReadWatchRules(_ scope: Scope, municipalityId: Int64?) throws {
        if let municipalityId { return try requireReadMunicipalityDashboard(scope, municipalityId: municipalityId) }
        guard [.admin, .regional, .municipal].contains(scope.role) else { throw DomainError.forbidden }
    }

    /// Reading a watchlist's flags: a municipality's for those who read its dashboard; the whole region's (nil) for the region.
    public static func requireReadWatchFlags(_ scope: Scope, municipalityId: Int64?) throws {
        if let municipalityId { try requireReadMunicipalityDashboard(scope, municipalityId: municipalityId) } else { try requireReadRegion(scope) }
    }

    /// Dismissing a rule's flag on a school: the coordinators who keep a watchlist of it.
    public static func requireDismissWatchFlag(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try requireWatch(scope, school: schoolId, db)
    }

    /// Who sees schools' last activity (the school list's column and filter, the dashboard): the coordinators.
    public static func mayReadSchoolActivity(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .regional || scope.role == .municipal
    }
}
