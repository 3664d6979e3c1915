import GRDB

/// Documents: kinds and their review criteria (reference data), the coordinator's matrix.
extension Policy {
    /// Document kinds and their criteria are edited by the municipal coordinators and the admin.
    public static func requireEditDocumentKinds(_ scope: Scope) throws {
        switch scope.role {
        case .admin, .municipal: return
        default: throw DomainError.forbidden
        }
    }

    public static func canEditDocumentKinds(_ scope: Scope) -> Bool { (try? requireEditDocumentKinds(scope)) != nil }
}
