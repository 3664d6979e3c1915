import GRDB

extension Policy {
    /// True when the scope may create, edit, archive schools and change statuses in the municipality.
    public static func canManageMunicipality(_ scope: Scope, _ municipalityId: Int64) -> Bool {
        (try? requireManageMunicipality(scope, municipalityId)) != nil
    }

    /// True when the scope may create schools somewhere (admin anywhere, a municipal coordinator in their own).
    public static func canCreateSchools(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin: true
        case .municipal: scope.municipalityId != nil
        default: false
        }
    }

    /// Municipalities in which the scope may create schools.
    public static func manageableMunicipalities(_ scope: Scope, alias: String = "municipality") -> SQL {
        switch scope.role {
        case .admin: return "1"
        case .municipal: return SQL(sql: "\(alias).id = ?", arguments: [scope.municipalityId ?? -1])
        default: return "0"
        }
    }
}
