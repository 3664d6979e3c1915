/// Identification of low-results schools, signals of non-objective results, the region's settings and the catalogue.
extension Policy {
    /// The identification list, the signals and the region's settings are read by the region and the
    /// municipal coordinators (a municipal coordinator sees their municipality's schools only).
    public static func requireReadIdentification(_ scope: Scope) throws {
        switch scope.role {
        case .admin, .regional, .municipal: return
        case .curator, .director: throw DomainError.forbidden
        }
    }

    /// Confirming the list into the yearly statuses: admin and municipal coordinators (each school is then
    /// checked with `requireManageSchool`). The regional coordinator reads the list but does not confirm.
    public static func canConfirmIdentification(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .municipal
    }

    public static func requireConfirmIdentification(_ scope: Scope) throws {
        guard canConfirmIdentification(scope) else { throw DomainError.forbidden }
    }

    /// The region's settings and the procedure catalogue are edited by admin and the regional coordinator.
    public static func canEditRegionSettings(_ scope: Scope) -> Bool {
        (try? requireRegionSettings(scope)) != nil
    }
}
