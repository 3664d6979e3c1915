import GRDB

/// Comments on the working cycle: reviewers open threads, the school answers in them.
extension Policy {
    /// Opening a thread: a reviewer of the school for the target's school year (`requireReview`). A municipal plan
    /// (no school): its municipality's coordinator and the admin.
    public static func mayStartComment(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                       _ db: Database) throws -> Bool {
        guard let schoolId else { return mayManageMunicipality(scope, municipalityId) }
        return try mayReview(scope, school: schoolId, year: year, db)
    }

    public static func requireStartComment(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                           _ db: Database) throws {
        try require(mayStartComment(scope, school: schoolId, municipality: municipalityId, year: year, db))
    }

    /// Answering in a thread: the reviewers above and the school's side (`requireEditSchoolContent`: its director).
    public static func mayReplyComment(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                       _ db: Database) throws -> Bool {
        guard let schoolId else { return mayManageMunicipality(scope, municipalityId) }
        return try mayReview(scope, school: schoolId, year: year, db) || mayEditSchoolContent(scope, school: schoolId, db)
    }

    public static func requireReplyComment(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                           _ db: Database) throws {
        try require(mayReplyComment(scope, school: schoolId, municipality: municipalityId, year: year, db))
    }
}
