import GRDB

/// Comments on the working cycle: reviewers open threads, the school answers in them.
extension Policy {
    /// Opening a thread: a reviewer of the school for the target's school year (`requireReview`). A municipal plan
    /// (no school): its municipality's coordinator and the admin.
    public static func requireStartComment(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                           _ db: Database) throws {
        guard let schoolId else { return try requireManageMunicipality(scope, municipalityId) }
        try requireReview(scope, school: schoolId, year: year, db)
    }

    /// Answering in a thread: the reviewers above and the school's side (`requireEditSchoolContent`: its director).
    public static func requireReplyComment(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                           _ db: Database) throws {
        guard let schoolId else { return try requireManageMunicipality(scope, municipalityId) }
        if canReview(scope, school: schoolId, year: year, db) { return }
        try requireEditSchoolContent(scope, school: schoolId, db)
    }
}
