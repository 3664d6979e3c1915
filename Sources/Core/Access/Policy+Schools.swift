import GRDB

extension Policy {
    /// True when the scope may create, edit, archive schools and change statuses in the municipality.
    @available(*, deprecated, renamed: "mayManageMunicipality")
    public static func canManageMunicipality(_ scope: Scope, _ municipalityId: Int64) -> Bool {
        mayManageMunicipality(scope, municipalityId)
    }

    /// True when the scope may create schools somewhere (admin anywhere, a municipal coordinator in their own).
    public static func mayCreateSchools(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin: true
        case .municipal: scope.municipalityId != nil
        default: false
        }
    }

    public static func requireCreateSchools(_ scope: Scope) throws { try require(mayCreateSchools(scope)) }

    /// The old name, kept while `Web/Areas/Schools` moves to typed routes.
    @available(*, deprecated, renamed: "mayCreateSchools")
    public static func canCreateSchools(_ scope: Scope) -> Bool { mayCreateSchools(scope) }

    /// Municipalities in which the scope may create schools.
    public static func manageableMunicipalities(_ scope: Scope, alias: String = "municipality") -> SQL {
        switch scope.role {
        case .admin: return "1"
        case .municipal: return SQL(sql: "\(alias).id = ?", arguments: [scope.municipalityId ?? -1])
        default: return "0"
        }
    }
}
