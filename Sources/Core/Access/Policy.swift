import GRDB

/// The one place that decides who may see or do what. Handlers and templates never decide;
/// lists filter in SQL with the `visible…` conditions, single records go through `require…`.
public enum Policy {
    // MARK: Reading

    /// An SQL condition true for the rows of `school` (aliased `alias`) the scope may read.
    public static func visibleSchools(_ scope: Scope, alias: String = "school") -> SQL {
        let column = SQL(sql: "\(alias).id")
        let municipality = SQL(sql: "\(alias).municipalityId")
        switch scope.role {
        case .admin, .regional:
            return "1"
        case .municipal:
            return "\(municipality) = \(scope.municipalityId ?? -1)"
        case .curator:
            // Curators read their schools of every year they were assigned.
            return "\(column) IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = \(scope.userId ?? -1))"
        case .director:
            return "\(column) = \(scope.schoolId ?? -1)"
        }
    }

    /// Municipalities whose pages the scope may read.
    public static func visibleMunicipalities(_ scope: Scope, alias: String = "municipality") -> SQL {
        switch scope.role {
        case .admin, .regional: return "1"
        case .municipal, .curator, .director: return SQL(sql: "\(alias).id = ?", arguments: [scope.municipalityId ?? -1])
        }
    }

    /// Accounts the scope may list: everyone for the region, the municipality's for its coordinator, oneself otherwise.
    public static func visibleUsers(_ scope: Scope, alias: String = "user") -> SQL {
        switch scope.role {
        case .admin, .regional: return "1"
        case .municipal: return SQL(sql: "\(alias).municipalityId = ?", arguments: [scope.municipalityId ?? -1])
        case .curator, .director: return SQL(sql: "\(alias).id = ?", arguments: [scope.userId ?? -1])
        }
    }

    /// Throws `.notFound` for a school that does not exist and `.forbidden` for one outside the scope.
    public static func authorizeRead(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM school WHERE id = ?)", arguments: [schoolId]) == true else {
            throw DomainError.notFound
        }
        let condition = visibleSchools(scope)
        let visible = try SQLRequest<Bool>(literal: "SELECT EXISTS (SELECT 1 FROM school WHERE school.id = \(schoolId) AND \(condition))", cached: true).fetchOne(db)
        if visible != true { throw DomainError.forbidden }
    }

    /// Reads of region-wide pages (all municipalities side by side).
    public static func canReadRegion(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .regional
    }

    /// A curator's page: the region, the curator's municipal coordinator, the curator.
    public static func requireReadCurator(_ scope: Scope, curatorId: Int64, municipalityId: Int64?) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal where municipalityId != nil && municipalityId == scope.municipalityId: return
        case .curator where scope.userId == curatorId: return
        default: throw DomainError.forbidden
        }
    }

    // MARK: Changing

    /// Municipalities themselves and region-level settings: admin and the regional coordinator.
    public static func requireRegionSettings(_ scope: Scope) throws {
        guard scope.role == .admin || scope.role == .regional else { throw DomainError.forbidden }
    }

    /// Running the programme in a municipality: schools, statuses, curators' assignments, partner groups.
    public static func requireManageMunicipality(_ scope: Scope, _ municipalityId: Int64) throws {
        switch scope.role {
        case .admin: return
        case .municipal where scope.municipalityId == municipalityId: return
        default: throw DomainError.forbidden
        }
    }

    /// The same for the municipality a school belongs to.
    public static func requireManageSchool(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        guard let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        try requireManageMunicipality(scope, municipalityId)
    }

    /// Creating, deactivating and resetting accounts: admins any; a municipal coordinator the curators and
    /// directors of their municipality.
    public static func requireManageAccount(_ scope: Scope, role: Role, municipalityId: Int64?) throws {
        switch scope.role {
        case .admin: return
        case .municipal where (role == .curator || role == .director) && municipalityId != nil && municipalityId == scope.municipalityId:
            return
        default: throw DomainError.forbidden
        }
    }
}

extension Policy {
    /// Whether a check passes: for showing a link or a form; the domain call checks again when it is used.
    public static func permits(_ check: () throws -> Void) -> Bool {
        (try? check()) != nil
    }
}
