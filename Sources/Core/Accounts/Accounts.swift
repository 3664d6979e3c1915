import Foundation
import GRDB

public struct NewAccount: Sendable {
    public var login: String
    public var fullName: String
    public var role: Role
    public var municipalityId: Int64?
    public var schoolId: Int64?
    public var password: String
    public var mustChangePassword: Bool
    /// A curator's workplace (a school or an organisation) and position, kept in `curatorProfile`.
    public var workplace: String = ""
    public var position: String = ""
    public var workplaceSchoolId: Int64? = nil
    /// Empty: no address (no mail).
    public var email: String = ""
    public init(login: String, fullName: String, role: Role, municipalityId: Int64? = nil, schoolId: Int64? = nil,
                password: String, mustChangePassword: Bool = false) {
        self.login = login; self.fullName = fullName; self.role = role; self.municipalityId = municipalityId
        self.schoolId = schoolId; self.password = password; self.mustChangePassword = mustChangePassword
    }
}

/// Accounts of people who use Opora.
public struct Accounts: Sendable {
    public let database: AppDatabase
    public let hasher: PasswordHasher
    /// Guards the password change form's check of the current password, as the login form's.
    public let loginGuard: LoginGuard
    public static let minimumPasswordLength = PasswordRules.minimumLength

    public init(database: AppDatabase, hasher: PasswordHasher = PasswordHasher(), loginGuard: LoginGuard? = nil) {
        self.database = database; self.hasher = hasher
        self.loginGuard = loginGuard ?? LoginGuard(now: { [clock = database.clock] in clock.now() })
    }

    public func create(_ scope: Scope, _ account: NewAccount) throws -> User {
        let hash = hasher.hash(account.password)
        return try database.write { db in try create(db, scope, account, passwordHash: hash) }
    }

    /// The login and the full name, trimmed: empty, malformed or a login already taken.
    static func nameErrors(_ db: Database, login: String, fullName: String) throws -> [FieldError] {
        var errors: [FieldError] = []
        if login.isEmpty {
            errors.append(FieldError("login", "Введите логин"))
        } else if login.count > 64 || login.contains(where: { $0.isWhitespace }) {
            errors.append(FieldError("login", "Логин — до 64 символов, без пробелов"))
        } else if try User.filter(sql: "login = ?", arguments: [login]).fetchCount(db) > 0 {
            errors.append(FieldError("login", "Логин «\(login)» уже занят"))
        }
        if fullName.isEmpty { errors.append(FieldError("fullName", "Введите фамилию, имя и отчество")) }
        return errors
    }

    /// The errors of a creation form sent without a role: the role's and those of the fields every role has,
    /// so the form reports them all at once.
    public func errorsWithoutRole(_ scope: Scope, login: String, fullName: String) throws -> [FieldError] {
        try Policy.requireCreateAccounts(scope)
        let names = try database.read { db in
            try Self.nameErrors(db, login: login.trimmingCharacters(in: .whitespacesAndNewlines),
                                fullName: fullName.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return [FieldError("role", "Выберите роль")] + names
    }

    /// Inside a caller's transaction (the demo loader creates many at once).
    func create(_ db: Database, _ scope: Scope, _ account: NewAccount, passwordHash: String) throws -> User {
        var municipalityId = account.municipalityId
        if account.role == .director, let schoolId = account.schoolId {
            municipalityId = try Int64.fetchOne(db, cachedSQL: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId])
        }
        // No school chosen (or no such school): a validation error below for those who create directors at all.
        try Policy.requireCreateAccount(scope, role: account.role, municipalityId: municipalityId)
        var errors: [FieldError] = []
        var account = account
        account.login = account.login.trimmingCharacters(in: .whitespacesAndNewlines)
        account.fullName = account.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        account.workplace = account.workplace.trimmingCharacters(in: .whitespacesAndNewlines)
        account.position = account.position.trimmingCharacters(in: .whitespacesAndNewlines)
        account.email = account.email.trimmingCharacters(in: .whitespacesAndNewlines)
        errors += try Self.nameErrors(db, login: account.login, fullName: account.fullName)
        if let problem = EmailAddress.problem(account.email) { errors.append(FieldError("email", problem)) }
        if let problem = PasswordRules.problem(account.password, login: account.login) {
            errors.append(FieldError("password", problem))
        }
        switch account.role {
        case .municipal, .curator:
            if let id = account.municipalityId {
                if try Municipality.fetchOne(db, cachedKey: id) == nil { errors.append(FieldError("municipalityId", "Нет муниципалитета с номером \(id)")) }
            } else {
                errors.append(FieldError("municipalityId", "Укажите муниципалитет"))
            }
            account.schoolId = nil
        case .director:
            if let id = account.schoolId, let school = try School.fetchOne(db, cachedKey: id) {
                account.municipalityId = school.municipalityId
            } else {
                errors.append(FieldError("schoolId", "Укажите школу директора"))
            }
        case .admin, .regional:
            account.municipalityId = nil; account.schoolId = nil
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let now = database.now
        var user = User(login: account.login, fullName: account.fullName, role: account.role,
                        municipalityId: account.municipalityId, schoolId: account.schoolId, passwordHash: passwordHash,
                        mustChangePassword: account.mustChangePassword, createdAt: now, updatedAt: now)
        try user.insert(db)
        if !account.email.isEmpty {
            try db.execute(sql: "UPDATE user SET email = ? WHERE id = ?", arguments: [account.email, user.id])
        }
        // The demo loader writes its curators' profiles itself; a profile is made here when one is given.
        if account.role == .curator && (!account.workplace.isEmpty || !account.position.isEmpty || account.workplaceSchoolId != nil) {
            try db.execute(sql: "INSERT INTO curatorProfile (userId, workplaceSchoolId, workplace, position) VALUES (?, ?, ?, ?)",
                           arguments: [user.id, account.workplaceSchoolId, account.workplace, account.position])
        }
        try AuditLog.record(db, scope, action: "create", entity: "user", id: user.id, before: String?.none,
                            after: AccountAuditView(user), at: now)
        return user
    }
}

/// What the audit log keeps of an account: never the password hash.
struct AccountAuditView: Encodable {
    var login: String, fullName: String, role: String, municipalityId: Int64?, schoolId: Int64?, isActive: Bool
    init(_ user: User) {
        login = user.login; fullName = user.fullName; role = user.role.rawValue
        municipalityId = user.municipalityId; schoolId = user.schoolId; isActive = user.isActive
    }
}
