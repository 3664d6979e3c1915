import GRDB

/// The summary report («итоговая справка») of a municipality.
extension Policy {
    /// A municipality's summary report: the municipality's coordinator, the region and admin; curators and
    /// directors do not read it.
    public static func mayReadSummary(_ scope: Scope, municipalityId: Int64) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal: scope.municipalityId == municipalityId
        default: false
        }
    }

    public static func requireReadSummary(_ scope: Scope, municipalityId: Int64) throws {
        try require(mayReadSummary(scope, municipalityId: municipalityId))
    }

    /// The form that chooses a municipality and years: those who may read some summary report.
    public static func maySummaryForm(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin, .regional, .municipal: true
        case .curator, .director: false
        }
    }

    public static func requireSummaryForm(_ scope: Scope) throws { try require(maySummaryForm(scope)) }
}
