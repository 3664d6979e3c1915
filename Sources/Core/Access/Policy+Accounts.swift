import GRDB

extension Policy {
    /// The list of accounts: the region (the regional coordinator reads only) and municipal coordinators.
    public static func requireListAccounts(_ scope: Scope) throws {
        switch scope.role {
        case .admin, .regional, .municipal: return
        case .curator, .director: throw DomainError.forbidden
        }
    }

    /// One account's page: `.notFound` when there is no such account, `.forbidden` outside `visibleUsers`.
    public static func requireReadAccount(_ scope: Scope, userId: Int64, _ db: Database) throws {
        guard try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM user WHERE id = ?)", arguments: [userId]) == true else {
            throw DomainError.notFound
        }
        let visible = try SQLRequest<Bool>(literal: "SELECT EXISTS (SELECT 1 FROM user WHERE user.id = \(userId) AND \(visibleUsers(scope)))", cached: true).fetchOne(db)
        if visible != true { throw DomainError.forbidden }
    }

    /// The signed-in user's own account (`/account`): every role has one; the console has none.
    public static func requireOwnAccount(_ scope: Scope) throws -> Int64 {
        guard let id = scope.userId else { throw DomainError.forbidden }
        return id
    }

    /// Whether the scope may deactivate, reactivate or reset the password of `user` (never their own account here).
    public static func canManageAccount(_ scope: Scope, _ user: User) -> Bool {
        guard user.id != scope.userId else { return false }
        return (try? requireManageAccount(scope, role: user.role, municipalityId: user.municipalityId)) != nil
    }

    /// The roles the scope may create accounts for.
    public static func creatableRoles(_ scope: Scope) -> [Role] {
        switch scope.role {
        case .admin: return Role.allCases
        case .municipal: return [.curator, .director]
        case .regional, .curator, .director: return []
        }
    }
}
