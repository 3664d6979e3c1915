import GRDB

/// The bank of practices: published practices are read by every signed-in user of the region; unpublished ones by
/// those who read their school (the school, its curators, the municipality's coordinators, the region).
extension Policy {
    /// An SQL condition true for the rows of `practice` (aliased `alias`, its school joined as `schoolAlias`) the scope may read.
    public static func visiblePractices(_ scope: Scope, alias: String = "practice", schoolAlias: String = "school") -> SQL {
        let published = SQL(sql: "\(alias).status = 'published'")
        return "(\(published) OR \(visibleSchools(scope, alias: schoolAlias)))"
    }

    /// Writing a practice of a school (and proposing it): its director, the municipality's coordinator, the admin.
    public static func mayEditPractice(_ scope: Scope, school schoolId: Int64, _ db: Database) throws -> Bool {
        try mayEditSchoolContent(scope, school: schoolId, db)
    }

    public static func requireEditPractice(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try require(mayEditPractice(scope, school: schoolId, db))
    }

    /// Publishing or returning a proposed practice: the coordinator of the school's municipality, the admin.
    public static func mayPublishPractice(_ scope: Scope, school schoolId: Int64, _ db: Database) throws -> Bool {
        try may { try requireManageSchool(scope, school: schoolId, db) }
    }

    public static func requirePublishPractice(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try requireManageSchool(scope, school: schoolId, db)
    }
}
