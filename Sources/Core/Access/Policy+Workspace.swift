import GRDB

/// The coordinator's registries (municipal events, management decisions) and staff development figures.
extension Policy {
    /// Recording events and decisions of a municipality: its coordinator, the regional coordinator, the admin.
    public static func mayManageWorkspace(_ scope: Scope, municipalityId: Int64) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal: scope.municipalityId == municipalityId
        default: false
        }
    }

    public static func requireManageWorkspace(_ scope: Scope, municipalityId: Int64) throws {
        try require(mayManageWorkspace(scope, municipalityId: municipalityId))
    }

    /// Reading a municipality's events (and decisions, narrowed for directors by `visibleDecisions`): the region,
    /// and everyone who works in that municipality.
    public static func mayReadWorkspace(_ scope: Scope, municipalityId: Int64) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal, .curator, .director: scope.municipalityId == municipalityId
        }
    }

    public static func requireReadWorkspace(_ scope: Scope, municipalityId: Int64) throws {
        try require(mayReadWorkspace(scope, municipalityId: municipalityId))
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

    /// One management decision (with its municipality `municipalityId`): readers of the workspace, narrowed by
    /// `visibleDecisions` (a director those addressed to their school or to all).
    public static func requireReadDecision(_ scope: Scope, id: Int64, municipalityId: Int64, _ db: Database) throws {
        try requireReadWorkspace(scope, municipalityId: municipalityId)
        let visible = try SQLRequest<Bool>(literal: "SELECT EXISTS (SELECT 1 FROM managementDecision d WHERE d.id = \(id) AND \(visibleDecisions(scope)))", cached: true).fetchOne(db)
        try require(visible == true)
    }

    /// Staff figures of a municipality (`municipalityId`) or, with nil, of the whole region (the region only).
    public static func requireReadStaffTotals(_ scope: Scope, municipalityId: Int64?) throws {
        if let municipalityId { try requireReadStaffTable(scope, municipalityId: municipalityId) } else { try requireReadRegion(scope) }
    }

    /// Staff development figures of a school: its director, the municipality's coordinator, the admin.
    public static func mayEditStaffFigures(_ scope: Scope, school schoolId: Int64, _ db: Database) throws -> Bool {
        try mayEditSchoolContent(scope, school: schoolId, db)
    }

    public static func requireEditStaffFigures(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try require(mayEditStaffFigures(scope, school: schoolId, db))
    }

    public static func requireEditStaffFigures(_ scope: Scope, school schoolId: Int64, in database: AppDatabase) throws {
        try database.read { try requireEditStaffFigures(scope, school: schoolId, $0) }
    }

    /// The municipal table of staff figures: the municipality's coordinator and the region.
    public static func mayReadStaffTable(_ scope: Scope, municipalityId: Int64) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal: scope.municipalityId == municipalityId
        default: false
        }
    }

    public static func requireReadStaffTable(_ scope: Scope, municipalityId: Int64) throws {
        try require(mayReadStaffTable(scope, municipalityId: municipalityId))
    }
}
