import GRDB

/// The coordinator's registries (municipal events, management decisions) and staff development figures.
extension Policy {
    /// Recording events and decisions of a municipality: its coordinator, the regional coordinator, the admin.
    public static func requireManageWorkspace(_ scope: Scope, municipalityId: Int64) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal where scope.municipalityId == municipalityId: return
        default: throw DomainError.forbidden
        }
    }

    /// Reading a municipality's events (and decisions, narrowed for directors by `visibleDecisions`): the region,
    /// and everyone who works in that municipality.
    public static func requireReadWorkspace(_ scope: Scope, municipalityId: Int64) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal, .curator, .director:
            if scope.municipalityId != municipalityId { throw DomainError.forbidden }
        }
    }

    /// Municipal events (aliased `alias`) the scope may read.
    public static func visibleEvents(_ scope: Scope, alias: String = "e") -> SQL {
        switch scope.role {
        case .admin, .regional: return "1"
        case .municipal, .curator, .director:
            return SQL(sql: "\(alias).municipalityId = ?", arguments: [scope.municipalityId ?? -1])
        }
    }

    /// Management decisions (aliased `alias`) the scope may read: a director those addressed to their school and
    /// the decisions for all schools of the municipality.
    public static func visibleDecisions(_ scope: Scope, alias: String = "d") -> SQL {
        switch scope.role {
        case .admin, .regional: return "1"
        case .municipal, .curator:
            return SQL(sql: "\(alias).municipalityId = ?", arguments: [scope.municipalityId ?? -1])
        case .director:
            return SQL(sql: """
                (\(alias).municipalityId = ? AND (\(alias).addressee = 'all'
                 OR EXISTS (SELECT 1 FROM managementDecisionSchool mds WHERE mds.decisionId = \(alias).id AND mds.schoolId = ?)))
                """, arguments: [scope.municipalityId ?? -1, scope.schoolId ?? -1])
        }
    }

    /// Staff development figures of a school: its director, the municipality's coordinator, the admin.
    public static func requireEditStaffFigures(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try requireEditSchoolContent(scope, school: schoolId, db)
    }

    public static func requireEditStaffFigures(_ scope: Scope, school schoolId: Int64, in database: AppDatabase) throws {
        try requireEditSchoolContent(scope, school: schoolId, in: database)
    }

    /// The municipal table of staff figures: the municipality's coordinator and the region.
    public static func requireReadStaffTable(_ scope: Scope, municipalityId: Int64) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal where scope.municipalityId == municipalityId: return
        default: throw DomainError.forbidden
        }
    }
}
