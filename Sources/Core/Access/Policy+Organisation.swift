import GRDB

/// Organisation area: curators, their assignments, partner groups, coordinators' appointments.
extension Policy {
    /// Curators the scope may list: all for the region, the municipality's for its coordinator, oneself for a curator.
    public static func visibleCurators(_ scope: Scope, alias: String = "user") -> SQL {
        switch scope.role {
        case .admin, .regional: return "1"
        case .municipal: return SQL(sql: "\(alias).municipalityId = ?", arguments: [scope.municipalityId ?? -1])
        case .curator: return SQL(sql: "\(alias).id = ?", arguments: [scope.userId ?? -1])
        case .director: return "0"
        }
    }

    /// Reading the curators' list or the partner groups of a municipality: the region and its coordinator.
    public static func mayReadMunicipalityProgramme(_ scope: Scope, municipalityId: Int64?) -> Bool {
        switch scope.role {
        case .admin, .regional: true
        case .municipal: municipalityId == nil || municipalityId == scope.municipalityId
        default: false
        }
    }

    public static func requireReadMunicipalityProgramme(_ scope: Scope, municipalityId: Int64?) throws {
        try require(mayReadMunicipalityProgramme(scope, municipalityId: municipalityId))
    }

    /// A curator's profile and assignments are edited by an admin or the curator's municipal coordinator.
    public static func mayManageCurator(_ scope: Scope, curatorMunicipalityId: Int64?) -> Bool {
        guard let municipalityId = curatorMunicipalityId else { return false }
        return mayManageMunicipality(scope, municipalityId)
    }

    public static func requireManageCurator(_ scope: Scope, curatorMunicipalityId: Int64?) throws {
        try require(mayManageCurator(scope, curatorMunicipalityId: curatorMunicipalityId))
    }

    /// Recording a coordinator's appointment (order number and date): admin only.
    public static func mayRecordAppointment(_ scope: Scope) -> Bool { scope.role == .admin }

    public static func requireRecordAppointment(_ scope: Scope) throws { try require(mayRecordAppointment(scope)) }
}
