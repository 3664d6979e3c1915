import GRDB

/// The summary report («итоговая справка») of a municipality.
extension Policy {
    /// A municipality's summary report: the municipality's coordinator, the region and admin; curators and
    /// directors do not read it.
    public static func requireReadSummary(_ scope: Scope, municipalityId: Int64) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal where scope.municipalityId == municipalityId: return
        default: throw DomainError.forbidden
        }
    }

    /// The form that chooses a municipality and years: those who may read some summary report.
    public static func requireSummaryForm(_ scope: Scope) throws {
        switch scope.role {
        case .admin, .regional, .municipal: return
        case .curator, .director: throw DomainError.forbidden
        }
    }
}
