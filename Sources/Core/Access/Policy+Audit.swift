import GRDB

/// The audit log viewer: the region reads every entry; a municipal coordinator reads the entries about their
/// municipality (its schools and its own records) and the actions of their municipality's users; curators and
/// directors have no access.
extension Policy {
    public static func mayReadAudit(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin, .regional, .municipal: true
        case .curator, .director: false
        }
    }

    public static func requireReadAudit(_ scope: Scope) throws { try require(mayReadAudit(scope)) }

    /// An SQL condition over an audit row that exposes `municipalityId` (the municipality the entry is about, derived
    /// from its entity) and `actorMunicipalityId` (the acting user's municipality).
    static func visibleAuditEntries(_ scope: Scope, alias: String) -> SQL {
        switch scope.role {
        case .admin, .regional: return "1"
        case .municipal:
            let m = scope.municipalityId ?? -1
            return SQL(sql: "(\(alias).municipalityId = ? OR \(alias).actorMunicipalityId = ?)", arguments: [m, m])
        case .curator, .director: return "0"
        }
    }
}
