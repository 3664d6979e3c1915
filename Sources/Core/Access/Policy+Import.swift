import GRDB

extension Policy {
    /// Importing results files and rolling imports back: admins for the region, municipal coordinators
    /// for the schools of their municipality (the importer limits their rows to it).
    public static func mayImportResults(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin: true
        case .municipal: scope.municipalityId != nil
        default: false
        }
    }

    public static func requireImportResults(_ scope: Scope) throws { try require(mayImportResults(scope)) }

    /// Rolling an import of `municipalityId` (nil: a region-wide import) back: the admin any, a coordinator their municipality's.
    public static func mayRollBackImport(_ scope: Scope, municipalityId: Int64?) -> Bool {
        scope.role == .admin || municipalityId == scope.municipalityId
    }

    public static func requireRollBackImport(_ scope: Scope, municipalityId: Int64?) throws {
        try require(mayRollBackImport(scope, municipalityId: municipalityId))
    }
}
