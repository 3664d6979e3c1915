import GRDB

/// The working cycle: who writes a school's content and who reviews it.
extension Policy {
    /// The school's own content (risk profile, roadmap, reports, documents): its director, the municipality's
    /// coordinator, the admin.
    public static func mayEditSchoolContent(_ scope: Scope, school schoolId: Int64, _ db: Database) throws -> Bool {
        guard let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        switch scope.role {
        case .admin: return true
        case .municipal: return scope.municipalityId == municipalityId
        case .director: return scope.schoolId == schoolId
        default: return false
        }
    }

    public static func requireEditSchoolContent(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try require(mayEditSchoolContent(scope, school: schoolId, db))
    }

    /// The list form of `mayEditSchoolContent`: an SQL condition true for the rows of `school` (aliased `alias`)
    /// whose content the scope writes.
    public static func editableSchools(_ scope: Scope, alias: String = "school") -> SQL {
        switch scope.role {
        case .admin: return "1"
        case .municipal: return SQL(sql: "\(alias).municipalityId = ?", arguments: [scope.municipalityId ?? -1])
        case .director: return SQL(sql: "\(alias).id = ?", arguments: [scope.schoolId ?? -1])
        case .regional, .curator: return "0"
        }
    }

    /// Reviewing (approve, return, accept, comment as reviewer): a curator assigned to the school for that
    /// school year, the municipality's coordinator, the admin. Other years' assignments read only.
    public static func mayReview(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) throws -> Bool {
        guard let municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId]) else {
            throw DomainError.notFound
        }
        switch scope.role {
        case .admin: return true
        case .municipal: return scope.municipalityId == municipalityId
        case .curator: return try isAssigned(scope, school: schoolId, year: year, db)
        default: return false
        }
    }

    public static func requireReview(_ scope: Scope, school schoolId: Int64, year: Int, _ db: Database) throws {
        try require(mayReview(scope, school: schoolId, year: year, db))
    }

    /// The same question for a caller outside a transaction (a handler before it reads the form).
    public static func mayEditSchoolContent(_ scope: Scope, school schoolId: Int64, in database: AppDatabase) throws -> Bool {
        try database.read { try mayEditSchoolContent(scope, school: schoolId, $0) }
    }

    public static func requireEditSchoolContent(_ scope: Scope, school schoolId: Int64, in database: AppDatabase) throws {
        try require(mayEditSchoolContent(scope, school: schoolId, in: database))
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

    public static func mayYearRollover(_ scope: Scope, municipalityId: Int64) -> Bool {
        mayManageMunicipality(scope, municipalityId)
    }
}
