import GRDB

extension Policy {
    /// The list of accounts: the region (the regional coordinator reads only) and municipal coordinators.
    public static func mayListAccounts(_ scope: Scope) -> Bool {
        switch scope.role {
        case .admin, .regional, .municipal: true
        case .curator, .director: false
        }
    }

    public static func requireListAccounts(_ scope: Scope) throws { try require(mayListAccounts(scope)) }

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
    public static func mayManageAccount(_ scope: Scope, _ user: User) -> Bool {
        guard user.id != scope.userId else { return false }
        return mayManageAccount(scope, role: user.role, municipalityId: user.municipalityId)
    }

    /// The guard of the account actions above: `.forbidden` for one's own account and for accounts one does not manage.
    public static func requireManageAccount(_ scope: Scope, _ user: User) throws { try require(mayManageAccount(scope, user)) }

    /// Creating accounts at all (the creation form): those with some role to create.
    public static func mayCreateAccounts(_ scope: Scope) -> Bool { !creatableRoles(scope).isEmpty }

    public static func requireCreateAccounts(_ scope: Scope) throws { try require(mayCreateAccounts(scope)) }

    /// Creating an account of `role` in `municipalityId` (a director's: their school's). With no municipality for a
    /// director (no school chosen), those who create directors at all: the form's validation then says what is missing.
    public static func mayCreateAccount(_ scope: Scope, role: Role, municipalityId: Int64?) -> Bool {
        if role == .director && municipalityId == nil { return creatableRoles(scope).contains(.director) }
        return mayManageAccount(scope, role: role, municipalityId: municipalityId)
    }

    public static func requireCreateAccount(_ scope: Scope, role: Role, municipalityId: Int64?) throws {
        try require(mayCreateAccount(scope, role: role, municipalityId: municipalityId))
    }

    /// The roles the scope may create accounts for (none: the scope creates no accounts).
    public static func creatableRoles(_ scope: Scope) -> [Role] {
        switch scope.role {
        case .admin: return Role.allCases
        case .municipal: return [.curator, .director]
        case .regional, .curator, .director: return []
        }
    }
}
