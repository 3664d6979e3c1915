import GRDB

/// Documents: kinds and their review criteria (reference data), the coordinator's matrix.
///
/// The region owns the region-wide kinds (every municipality's checklist): the regional coordinator and admin add
/// them and edit their criteria. A municipal coordinator may add kinds of their own municipality, seen and used
/// only there, and edit those kinds' criteria; region-wide kinds are read-only to them.
extension Policy {
    /// Adding a kind, or changing the criteria of a kind, of `kindMunicipalityId` (nil: region-wide).
    public static func mayEditDocumentKind(_ scope: Scope, kindMunicipalityId: Int64?) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal: kindMunicipalityId != nil && scope.municipalityId == kindMunicipalityId
        default: false
        }
    }

    public static func requireEditDocumentKind(_ scope: Scope, kindMunicipalityId: Int64?) throws {
        try require(mayEditDocumentKind(scope, kindMunicipalityId: kindMunicipalityId))
    }

    /// Which municipality a new kind added by `scope` belongs to: the region's (nil) for region and admin,
    /// the coordinator's own for a municipal coordinator.
    public static func newDocumentKindMunicipality(_ scope: Scope) throws -> Int64? {
        switch scope.role {
        case .admin, .regional: return nil
        case .municipal:
            guard let id = scope.municipalityId else { throw DomainError.forbidden }
            return id
        case .curator, .director: throw DomainError.forbidden
        }
    }

    /// The kinds `scope` sees: the region and admin every kind; anyone else the region-wide ones and those of
    /// their own municipality.
    public static func documentKindsVisible(_ scope: Scope) -> (all: Bool, municipalityId: Int64?) {
        scope.role == .admin || scope.role == .regional ? (true, nil) : (false, scope.municipalityId)
    }
}
