import GRDB

/// Pupils at risk per subject (aggregates): who enters, reads and imports them.
extension Policy {
    /// Entering a school's figures: its director, the municipality's coordinator, the admin (as the school's own content).
    public static func requireEditPupilsAtRisk(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try requireEditSchoolContent(scope, school: schoolId, db)
    }

    /// The municipal table and summary (schools × subjects): the region and the municipality's coordinator.
    public static func requireReadPupilsAtRiskSummary(_ scope: Scope, municipalityId: Int64) throws {
        try requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
    }

    /// Importing a file of figures: admins for the region, municipal coordinators for their municipality's schools.
    public static func requireImportPupilsAtRisk(_ scope: Scope) throws {
        try requireImportResults(scope)
    }
}
