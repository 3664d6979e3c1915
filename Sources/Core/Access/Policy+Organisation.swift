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
    public static func requireReadMunicipalityProgramme(_ scope: Scope, municipalityId: Int64?) throws {
        switch scope.role {
        case .admin, .regional: return
        case .municipal where municipalityId == nil || municipalityId == scope.municipalityId: return
        default: throw DomainError.forbidden
        }
    }

    /// A curator's profile and assignments are edited by an admin or the curator's municipal coordinator.
    public static func requireManageCurator(_ scope: Scope, curatorMunicipalityId: Int64?) throws {
        guard let municipalityId = curatorMunicipalityId else { throw DomainError.forbidden }
        try requireManageMunicipality(scope, municipalityId)
    }

    /// Recording a coordinator's appointment (order number and date): admin only.
    public static func requireRecordAppointment(_ scope: Scope) throws {
        guard scope.role == .admin else { throw DomainError.forbidden }
    }
}
