import GRDB

extension Policy {
    /// Importing results files and rolling imports back: admins for the region, municipal coordinators
    /// for the schools of their municipality (the importer limits their rows to it).
    public static func requireImportResults(_ scope: Scope) throws {
        switch scope.role {
        case .admin: return
        case .municipal where scope.municipalityId != nil: return
        default: throw DomainError.forbidden
        }
    }
}
