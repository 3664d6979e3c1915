import GRDB

/// School roadmaps (`school` set) and municipal plans (`school` nil, of `municipality`).
extension Policy {
    /// Reading: whoever reads the school; a plan, the region and the municipality's coordinator.
    public static func requireReadRoadmap(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, _ db: Database) throws {
        if let schoolId { try authorizeRead(scope, school: schoolId, db) }
        else { try requireReadMunicipalityProgramme(scope, municipalityId: municipalityId) }
    }

    /// The author's side: a school's director, coordinator, admin; a plan's coordinator or admin.
    public static func mayAuthorRoadmap(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, _ db: Database) throws -> Bool {
        if let schoolId { return try mayEditSchoolContent(scope, school: schoolId, db) }
        return mayManageMunicipality(scope, municipalityId)
    }

    public static func requireAuthorRoadmap(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, _ db: Database) throws {
        try require(mayAuthorRoadmap(scope, school: schoolId, municipality: municipalityId, db))
    }

    /// The reviewer's side: the school's reviewers of the roadmap's year (`mayReview`); a plan's coordinator or admin.
    public static func mayReviewRoadmap(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                        _ db: Database) throws -> Bool {
        if let schoolId { return try mayReview(scope, school: schoolId, year: year, db) }
        return mayManageMunicipality(scope, municipalityId)
    }

    public static func requireReviewRoadmap(_ scope: Scope, school schoolId: Int64?, municipality municipalityId: Int64, year: Int,
                                            _ db: Database) throws {
        try require(mayReviewRoadmap(scope, school: schoolId, municipality: municipalityId, year: year, db))
    }
}
