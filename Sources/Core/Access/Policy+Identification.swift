/// Identification of low-results schools, signals of non-objective results, the region's settings and the catalogue.
extension Policy {
    /// The identification list, the signals and the region's settings are read by the region and the
    /// municipal coordinators (a municipal coordinator sees their municipality's schools only).
    public static func mayReadIdentification(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin, .regional, .municipal: true
        case .curator, .director: false
        }
    }

    public static func requireReadIdentification(_ scope: Scope) throws { try require(mayReadIdentification(scope)) }

    /// Confirming the list into the yearly statuses: admin and municipal coordinators (each school is then
    /// checked with `requireManageSchool`). The regional coordinator reads the list but does not confirm.
    public static func mayConfirmIdentification(_ scope: Scope) -> Bool {
        scope.role == .admin || scope.role == .municipal
    }

    public static func requireConfirmIdentification(_ scope: Scope) throws { try require(mayConfirmIdentification(scope)) }
}
