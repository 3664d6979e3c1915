import GRDB

/// Pupils at risk per subject (aggregates): who enters, reads and imports them.
extension Policy {
    /// Entering a school's figures: its director, the municipality's coordinator, the admin (as the school's own content).
    public static func mayEditPupilsAtRisk(_ scope: Scope, school schoolId: Int64, _ db: Database) throws -> Bool {
        try mayEditSchoolContent(scope, school: schoolId, db)
    }

    public static func requireEditPupilsAtRisk(_ scope: Scope, school schoolId: Int64, _ db: Database) throws {
        try require(mayEditPupilsAtRisk(scope, school: schoolId, db))
    }

    /// The municipal table and summary (schools × subjects): the region and the municipality's coordinator.
    public static func requireReadPupilsAtRiskSummary(_ scope: Scope, municipalityId: Int64) throws {
        try requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
    }

    /// Importing a file of figures: admins for the region, municipal coordinators for their municipality's schools.
    public static func mayImportPupilsAtRisk(_ scope: Scope) -> Bool { mayImportResults(scope) }

    public static func requireImportPupilsAtRisk(_ scope: Scope) throws { try require(mayImportPupilsAtRisk(scope)) }

    /// The municipal tables at all (and the choice of municipality on them): the region and the municipal coordinators.
    public static func mayReadPupilsAtRiskTables(_ scope: Scope) -> Bool {
        mayReadRegion(scope) || isFixedToMunicipality(scope)
    }

    public static func requireReadPupilsAtRiskTables(_ scope: Scope) throws { try require(mayReadPupilsAtRiskTables(scope)) }
}
