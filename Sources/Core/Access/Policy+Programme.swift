import GRDB

/// The working cycle: who writes a school's content and who reviews it.
extension Policy {
    /// The school's own content (risk profile, roadmap, reports, documents): its director, the municipality's
    /// coordinator, the admin.
    public static func requireEditSchoolContent(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        guard let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        switch scope.role {
        case .admin: return
        case .municipal where scope.municipalityId == municipalityId: return
        case .director where scope.schoolId == schoolId: return
        default: throw DomainError.forbidden
        }
    }

    /// Reviewing (approve, return, accept, comment as reviewer): a curator assigned to the school for that
    /// school year, the municipality's coordinator, the admin. Other years' assignments read only.
    public static func requireReview(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) throws {
        guard let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        switch scope.role {
        case .admin: return
        case .municipal where scope.municipalityId == municipalityId: return
        case .curator:
            let assigned = try Bool.fetchOne(db, cachedSQL: """
                SELECT EXISTS (SELECT 1 FROM curatorAssignment WHERE curatorId = ? AND schoolId = ? AND schoolYear = ?)
                """, arguments: [scope.userId ?? -1, schoolId, year]) == true
            if assigned { return }
            throw DomainError.forbidden
        default: throw DomainError.forbidden
        }
    }

    public static func canEditSchoolContent(_ scope: Scope, school schoolId: Int64, _ db: Database) -> Bool {
        (try? requireEditSchoolContent(scope, school: schoolId, db)) != nil
    }

    /// The same question for a caller outside a transaction (a handler before it reads the form).
    public static func requireEditSchoolContent(_ scope: Scope, school schoolId: Int64, in database: AppDatabase) throws {
        try database.read { try requireEditSchoolContent(scope, school: schoolId, $0) }
    }

    public static func canEditSchoolContent(_ scope: Scope, school schoolId: Int64, in database: AppDatabase) -> Bool {
        (try? requireEditSchoolContent(scope, school: schoolId, in: database)) != nil
    }

    public static func canReview(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) -> Bool {
        (try? requireReview(scope, school: schoolId, year: year, db)) != nil
    }
}

/// «Новый учебный год» of a municipality.
extension Policy {
    /// Setting it up writes statuses, assignments, partner groups, periods and roadmaps: those who run the programme
    /// in the municipality (its coordinator, the admin).
    public static func requireYearRollover(_ scope: Scope, municipalityId: Int64) throws {
        try requireManageMunicipality(scope, municipalityId)
    }

    /// Reading what it would create: those who may set it up and the regional coordinator.
    public static func requireReadYearRollover(_ scope: Scope, municipalityId: Int64) throws {
        if scope.role == .regional { return }
        try requireYearRollover(scope, municipalityId: municipalityId)
    }
}
