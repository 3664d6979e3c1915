import GRDB

/// The one place that decides who may see or do what. Handlers, templates and services never decide: no code
/// outside `Core/Access` compares `scope.role`.
///
/// ## One idiom
/// Every rule is written once, as a question, and is asked in one of two forms made from that one definition
/// (so they cannot disagree):
/// - `mayX(scope, …) -> Bool` — for navigation, links, buttons and the choices a form offers. When the answer
///   reads the database it is `mayX(scope, …, db) throws -> Bool` (or `in database:` outside a transaction):
///   `false` means «not allowed»; a missing record (`.notFound`) and database errors propagate, never a «no».
/// - `requireX(scope, …) throws` — the guard a domain call runs before it reads or writes:
///   `try require(mayX(…))`, throwing `.forbidden` when the answer is no.
/// An older rule still written as a guard gets its question with `may { try requireX(…) }` (only `.forbidden`
/// becomes `false`). Nobody writes `(try? requireX(…)) != nil`: it turns a broken database into «not allowed».
///
/// What a scope sees is asked here too: lists filter in SQL with the `visible…` conditions, and the key of the
/// data a role works on (its municipality, its school, its reviewer side) comes from the functions of
/// `Policy+Workplace.swift` — services ask them instead of switching on the role.
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

    /// Throws `.notFound` for a municipality that does not exist and `.forbidden` for one outside `visibleMunicipalities`.
    public static func authorizeRead(_ scope: Scope, municipality municipalityId: Int64, _ db: Database) throws {
        guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM municipality WHERE id = ?)", arguments: [municipalityId]) == true else {
            throw DomainError.notFound
        }
        let visible = try SQLRequest<Bool>(literal: """
            SELECT EXISTS (SELECT 1 FROM municipality WHERE municipality.id = \(municipalityId) AND \(visibleMunicipalities(scope)))
            """, cached: true).fetchOne(db)
        try require(visible == true)
    }

    /// Reads of region-wide pages (all municipalities side by side).
    public static func mayReadRegion(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .regional
    }

    public static func requireReadRegion(_ scope: Scope) throws { try require(mayReadRegion(scope)) }

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
    public static func mayEditRegionSettings(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .regional
    }

    public static func requireRegionSettings(_ scope: Scope) throws { try require(mayEditRegionSettings(scope)) }

    /// Running the programme in a municipality: schools, statuses, curators' assignments, partner groups.
    public static func mayManageMunicipality(_ scope: Scope, _ municipalityId: Int64) -> Bool {
        switch scope.role {
        case .admin: true
        case .municipal: scope.municipalityId == municipalityId
        default: false
        }
    }

    public static func requireManageMunicipality(_ scope: Scope, _ municipalityId: Int64) throws {
        try require(mayManageMunicipality(scope, municipalityId))
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
    public static func mayManageAccount(_ scope: Scope, role: Role, municipalityId: Int64?) -> Bool {
        switch scope.role {
        case .admin: true
        case .municipal: (role == .curator || role == .director) && municipalityId != nil && municipalityId == scope.municipalityId
        default: false
        }
    }

    public static func requireManageAccount(_ scope: Scope, role: Role, municipalityId: Int64?) throws {
        try require(mayManageAccount(scope, role: role, municipalityId: municipalityId))
    }
}

extension Policy {
    /// The guard form of a question: `.forbidden` when `allowed` is false.
    public static func require(_ allowed: Bool) throws {
        guard allowed else { throw DomainError.forbidden }
    }

    /// The question form of a rule written as a guard: false when it throws `.forbidden`; a missing record
    /// and database errors propagate.
    static func may(_ check: () throws -> Void) throws -> Bool {
        do {
            try check()
            return true
        } catch DomainError.forbidden {
            return false
        }
    }
}
