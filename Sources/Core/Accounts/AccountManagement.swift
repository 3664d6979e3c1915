import Foundation
import GRDB

public struct AccountListFilter: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable { case active, deactivated }
    public var search: String = ""
    public var role: Role? = nil
    public var municipalityId: Int64? = nil
    /// nil: both active and deactivated accounts.
    public var state: State? = nil
    public init() {}
}

public struct AccountListItem: Sendable, Equatable {
    public var id: Int64
    public var login: String
    public var fullName: String
    public var role: Role
    public var municipalityName: String?
    public var schoolName: String?
    public var isActive: Bool
    public var mustChangePassword: Bool
}

/// One account as its page shows it.
public struct AccountDetails: Sendable {
    public var user: User
    public var municipalityName: String?
    public var schoolName: String?
    public var workplace: String?
    public var position: String?
    /// The acting user may deactivate, reactivate and reset this account.
    public var canManage: Bool
    public var isSelf: Bool
}

/// What the creation form offers the acting user.
public struct AccountFormOptions: Sendable {
    public struct Option: Sendable, Equatable { public var id: Int64; public var title: String }
    public var roles: [Role]
    public var municipalities: [Option]
    public var schools: [Option]
}

/// A new account and its one-time password, which exists only in this value: it is shown once and never stored.
public struct IssuedPassword: Sendable {
    public var user: User
    public var password: String
}

extension Accounts {
    // MARK: Reading

    public func list(_ scope: Scope, filter: AccountListFilter = AccountListFilter()) throws -> [AccountListItem] {
        try Policy.requireListAccounts(scope)
        return try database.read { db in
            var conditions: [SQL] = [Policy.visibleUsers(scope)]
            let search = filter.search.trimmingCharacters(in: .whitespacesAndNewlines)
            if !search.isEmpty {
                let pattern = "%" + search.lowercased() + "%"
                conditions.append("(lower_ru(user.fullName) LIKE \(pattern) OR lower_ru(user.login) LIKE \(pattern))")
            }
            if let role = filter.role { conditions.append("user.role = \(role.rawValue)") }
            if let id = filter.municipalityId { conditions.append("user.municipalityId = \(id)") }
            switch filter.state {
            case .active: conditions.append("user.isActive = 1")
            case .deactivated: conditions.append("user.isActive = 0")
            case nil: break
            }
            let rows = try SQLRequest<Row>(literal: """
                SELECT user.id, user.login, user.fullName, user.role, user.isActive, user.mustChangePassword,
                       municipality.name AS municipalityName, school.shortName AS schoolName
                FROM user
                LEFT JOIN municipality ON municipality.id = user.municipalityId
                LEFT JOIN school ON school.id = user.schoolId
                WHERE \(conditions.joined(operator: .and))
                ORDER BY user.isActive DESC, lower_ru(user.fullName), user.id
                """).fetchAll(db)
            return rows.map { row in
                AccountListItem(id: row["id"], login: row["login"], fullName: row["fullName"],
                                role: Role(rawValue: row["role"]) ?? .director, municipalityName: row["municipalityName"],
                                schoolName: row["schoolName"], isActive: row["isActive"], mustChangePassword: row["mustChangePassword"])
            }
        }
    }

    public func details(_ scope: Scope, id: Int64) throws -> AccountDetails {
        try database.read { db in
            try Policy.requireReadAccount(scope, userId: id, db)
            guard let user = try User.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
            let municipality = try user.municipalityId.flatMap { try String.fetchOne(db, cachedSQL: "SELECT name FROM municipality WHERE id = ?", arguments: [$0]) }
            let school = try user.schoolId.flatMap { try String.fetchOne(db, cachedSQL: "SELECT name FROM school WHERE id = ?", arguments: [$0]) }
            let profile = try Row.fetchOne(db, cachedSQL: """
                SELECT COALESCE(NULLIF(p.workplace, ''), s.name) AS workplace, p.position
                FROM curatorProfile p LEFT JOIN school s ON s.id = p.workplaceSchoolId WHERE p.userId = ?
                """, arguments: [id])
            return AccountDetails(user: user, municipalityName: municipality, schoolName: school,
                                  workplace: profile?["workplace"], position: profile?["position"],
                                  canManage: Policy.mayManageAccount(scope, user), isSelf: user.id == scope.userId)
        }
    }

    /// The acting user's own account, for `/account`.
    public func ownAccount(_ scope: Scope) throws -> AccountDetails {
        try details(scope, id: try Policy.requireOwnAccount(scope))
    }

    /// Roles, municipalities and schools the creation form may offer; forbidden for those who create no accounts.
    public func formOptions(_ scope: Scope) throws -> AccountFormOptions {
        try Policy.requireCreateAccounts(scope)
        let roles = Policy.creatableRoles(scope)
        return try database.read { db in
            let municipalityCondition = Policy.withinManagedMunicipality(scope, column: "municipality.id")
            let municipalities = try SQLRequest<Row>(literal: """
                SELECT id, name FROM municipality WHERE archivedAt IS NULL AND \(municipalityCondition) ORDER BY name
                """).fetchAll(db).map { AccountFormOptions.Option(id: $0["id"], title: $0["name"]) }
            let schoolCondition = Policy.withinManagedMunicipality(scope, column: "school.municipalityId")
            // By municipality, then by school name as people read it («СШ № 2» before «СШ № 19»).
            let rows = try SQLRequest<Row>(literal: """
                SELECT school.id, school.shortName, school.municipalityId, municipality.shortName AS municipality FROM school
                JOIN municipality ON municipality.id = school.municipalityId
                WHERE school.archivedAt IS NULL AND \(schoolCondition) ORDER BY municipality.name, municipality.id
                """).fetchAll(db)
            let schools = NaturalSortKey.order(rows, group: { "\($0["municipalityId"] as Int64)" }, name: { $0["shortName"] }, id: { $0["id"] }).map { i -> AccountFormOptions.Option in
                let row = rows[i], title: String = row["shortName"]
                return AccountFormOptions.Option(id: row["id"], title: Policy.managesEveryMunicipality(scope) ? "\(title) (\(row["municipality"] as String))" : title)
            }
            return AccountFormOptions(roles: roles, municipalities: municipalities, schools: schools)
        }
    }

    /// Municipalities for the list's filter: those the scope may read.
    public func municipalityOptions(_ scope: Scope) throws -> [AccountFormOptions.Option] {
        try Policy.requireListAccounts(scope)
        return try database.read { db in
            try SQLRequest<Row>(literal: "SELECT id, name FROM municipality WHERE \(Policy.visibleMunicipalities(scope)) ORDER BY name")
                .fetchAll(db).map { AccountFormOptions.Option(id: $0["id"], title: $0["name"]) }
        }
    }

    // MARK: Changing

    /// Creates an account with a generated one-time password that must be changed at first login.
    /// A municipal coordinator's new curators belong to their municipality whatever the form says.
    public func createWithOneTimePassword(_ scope: Scope, _ account: NewAccount) throws -> IssuedPassword {
        var account = account
        if account.role == .curator && account.municipalityId == nil {
            account.municipalityId = Policy.coordinatedMunicipality(scope)
        }
        let password = OneTimePassword.generate()
        account.password = password
        account.mustChangePassword = true
        let hash = hasher.hash(password)
        let user = try database.write { db -> User in
            if account.role == .curator {
                // The policy first: an outsider learns nothing from the validation.
                try Policy.requireManageAccount(scope, role: .curator, municipalityId: account.municipalityId)
                var errors: [FieldError] = []
                if account.workplace.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && account.workplaceSchoolId == nil {
                    errors.append(FieldError("workplace", "Укажите место работы куратора"))
                }
                if account.position.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    errors.append(FieldError("position", "Укажите должность куратора"))
                }
                if !errors.isEmpty {
                    do { _ = try create(db, scope, account, passwordHash: hash) } catch DomainError.invalid(let more) {
                        throw DomainError.invalid(more + errors)
                    }
                    throw DomainError.invalid(errors)
                }
            }
            return try create(db, scope, account, passwordHash: hash)
        }
        return IssuedPassword(user: user, password: password)
    }

    /// Switches an account off and ends all its sessions at once. Deactivating an inactive account changes nothing.
    public func deactivate(_ scope: Scope, id: Int64) throws {
        try database.write { db in
            let user = try managedAccount(db, scope, id)
            guard user.isActive else { return }
            var after = user
            after.isActive = false
            after.updatedAt = database.now
            try after.update(db)
            try Sessions.revokeAll(db, userId: id, at: database.now)
            try AuditLog.record(db, scope, action: "deactivate", entity: "user", id: id,
                                before: AccountAuditView(user), after: AccountAuditView(after), at: database.now)
        }
    }

    public func reactivate(_ scope: Scope, id: Int64) throws {
        try database.write { db in
            let user = try managedAccount(db, scope, id)
            guard !user.isActive else { return }
            var after = user
            after.isActive = true
            after.updatedAt = database.now
            try after.update(db)
            try AuditLog.record(db, scope, action: "reactivate", entity: "user", id: id,
                                before: AccountAuditView(user), after: AccountAuditView(after), at: database.now)
        }
    }

    /// A new one-time password: the old one stops working, sessions end, the user must change it at next login.
    public func resetPassword(_ scope: Scope, id: Int64) throws -> IssuedPassword {
        // The policy is checked before the slow hash, and again in the write.
        _ = try database.read { db in try managedAccount(db, scope, id) }
        let password = OneTimePassword.generate()
        let hash = hasher.hash(password)
        let user = try database.write { db -> User in
            var user = try managedAccount(db, scope, id)
            user.passwordHash = hash
            user.mustChangePassword = true
            user.updatedAt = database.now
            try user.update(db)
            try Sessions.revokeAll(db, userId: id, at: database.now)
            try AuditLog.record(db, scope, action: "resetPassword", entity: "user", id: id, at: database.now)
            return user
        }
        return IssuedPassword(user: user, password: password)
    }

    /// The acting user's own password. Ends all their sessions: the caller opens a fresh one for the current browser.
    /// A wrong current password is a guess like a wrong login: it spends the address's budget, under the same bound.
    @discardableResult
    public func changeOwnPassword(_ scope: Scope, current: String, new: String, repeated: String, from address: String) throws -> User {
        guard let userId = scope.userId,
              let user = try database.read({ db in try User.fetchOne(db, cachedKey: userId) }), user.isActive
        else { throw DomainError.forbidden }
        var errors: [FieldError] = []
        if current.isEmpty {
            errors.append(FieldError("currentPassword", "Введите нынешний пароль"))
        } else {
            let budgetKey = ClientAddress.budgetKey(address)
            if let wait = loginGuard.budget.take(budgetKey) { throw DomainError.throttled(retryAfter: wait) }
            guard let right = loginGuard.gate.check({ hasher.verify(current, against: user.passwordHash) }) else {
                loginGuard.budget.refund(budgetKey)
                throw DomainError.busy(retryAfter: LoginGuard.busyRetryAfter)
            }
            if right { loginGuard.budget.refund(budgetKey) }
            else { errors.append(FieldError("currentPassword", "Нынешний пароль введён неверно")) }
        }
        if new.isEmpty {
            errors.append(FieldError("newPassword", "Введите новый пароль"))
        } else if let problem = PasswordRules.problem(new, login: user.login) {
            errors.append(FieldError("newPassword", problem))
        } else if new == current {
            errors.append(FieldError("newPassword", "Новый пароль должен отличаться от нынешнего"))
        }
        if !new.isEmpty && new != repeated {
            errors.append(FieldError("newPasswordRepeat", "Пароли не совпадают"))
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        guard let hash = loginGuard.gate.check({ hasher.hash(new) }) else { throw DomainError.busy(retryAfter: LoginGuard.busyRetryAfter) }
        return try database.write { db in
            guard var user = try User.fetchOne(db, cachedKey: userId), user.isActive else { throw DomainError.forbidden }
            user.passwordHash = hash
            user.mustChangePassword = false
            user.updatedAt = database.now
            try user.update(db)
            try Sessions.revokeAll(db, userId: userId, at: database.now)
            try AuditLog.record(db, scope, action: "changePassword", entity: "user", id: userId, at: database.now)
            return user
        }
    }

    /// An account the scope may manage: exists (404), in the scope (403), not the acting user's own (403).
    private func managedAccount(_ db: Database, _ scope: Scope, _ id: Int64) throws -> User {
        guard let user = try User.fetchOne(db, cachedKey: id) else { throw DomainError.notFound }
        try Policy.requireManageAccount(scope, user)
        return user
    }
}
