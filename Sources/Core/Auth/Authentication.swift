import Foundation
import GRDB

/// Login, guarded three ways before a password is checked: the client address's budget of attempts (in memory),
/// the delay after `freeAttempts` failures of one login from one address (the `loginThrottle` table), and the bound
/// on password checks running at once.
public struct Authentication: Sendable {
    public let database: AppDatabase
    public let hasher: PasswordHasher
    public let loginGuard: LoginGuard
    public static let freeAttempts = 5
    public static let maximumDelay = 15 * 60
    /// Longer logins are refused before anything is stored or hashed (accounts allow 64).
    public static let maximumLoginLength = 100
    /// How much of a failed login's text the audit log keeps.
    public static let auditedLoginLength = 64

    public init(database: AppDatabase, hasher: PasswordHasher = PasswordHasher(), loginGuard: LoginGuard? = nil) {
        self.database = database; self.hasher = hasher
        self.loginGuard = loginGuard ?? LoginGuard(now: { [clock = database.clock] in clock.now() })
    }

    /// The delay after `failures` failed attempts: 0 for the first five, then 2, 4, 8 … seconds up to 15 minutes.
    public static func delay(afterFailures failures: Int) -> Int {
        guard failures >= freeAttempts else { return 0 }
        let exponent = min(failures - freeAttempts + 1, 20)
        return min(1 << exponent, maximumDelay)
    }

    /// Returns the user on success. Throws `.invalid` on a wrong pair, `.throttled` when the address has used up its
    /// budget or this login is delayed for this address, `.busy` when no password check could start in time.
    public func logIn(login rawLogin: String, password: String, from address: String) throws -> User {
        let login = rawLogin.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if login.isEmpty { errors.append(FieldError("login", "Введите логин")) }
        else if login.count > Self.maximumLoginLength { errors.append(FieldError("login", "Логин не длиннее \(Self.maximumLoginLength) символов")) }
        if password.isEmpty { errors.append(FieldError("password", "Введите пароль")) }
        if !errors.isEmpty { throw DomainError.invalid(errors) }

        let budgetKey = ClientAddress.budgetKey(address)
        if let wait = loginGuard.budget.take(budgetKey) { throw DomainError.throttled(retryAfter: wait) }
        let (user, key) = try countAttempt(login: login, address: address)
        let verified: Bool?
        if let user {
            verified = loginGuard.gate.check { hasher.verify(password, against: user.passwordHash) }
        } else {
            verified = loginGuard.gate.imitate { hasher.burnTime(password) } ? false : nil
        }
        let now = database.now
        guard let verified else {
            // No check ran: the attempt is given back, to the address and to the login.
            loginGuard.budget.refund(budgetKey)
            try database.write { db in
                try db.execute(sql: "UPDATE loginThrottle SET failures = failures - 1, blockedUntil = NULL WHERE key = ?", arguments: [key])
            }
            throw DomainError.busy(retryAfter: LoginGuard.busyRetryAfter)
        }
        if verified, let user {
            try database.write { db in
                try db.execute(sql: "DELETE FROM loginThrottle WHERE key = ?", arguments: [key])
                try AuditLog.record(db, Scope(user), action: "login", entity: "user", id: user.id, at: now)
            }
            loginGuard.budget.refund(budgetKey)
            return user
        }
        try database.write { db in
            try AuditLog.record(db, actorId: nil, action: "loginFailed", entity: "user", id: user?.id, before: String?.none,
                                after: FailedLogin(login: String(login.prefix(Self.auditedLoginLength)), address: address), at: now)
        }
        throw DomainError.invalid([FieldError("password", "Неверный логин или пароль")])
    }

    /// Counts the attempt before the slow password check, so parallel guesses cannot slip past the delay; sweeps rows
    /// whose window has passed. Returns the active user of that login, if any, and the throttle row's key.
    private func countAttempt(login: String, address: String) throws -> (User?, String) {
        let now = database.now
        return try database.write { db in
            try db.execute(sql: "DELETE FROM loginThrottle WHERE lastFailureAt < ?", arguments: [now.addingTimeInterval(-LoginThrottle.window)])
            let key = try LoginThrottle.key(db, login: login, address: address)
            let row = try Row.fetchOne(db, cachedSQL: "SELECT failures, blockedUntil FROM loginThrottle WHERE key = ?", arguments: [key])
            if let blockedUntil: Date = row?["blockedUntil"], blockedUntil > now {
                throw DomainError.throttled(retryAfter: max(1, Int(blockedUntil.timeIntervalSince(now).rounded(.up))))
            }
            let failures = ((row?["failures"] as Int?) ?? 0) + 1
            let delay = Self.delay(afterFailures: failures)
            try db.execute(sql: """
                INSERT INTO loginThrottle (key, failures, lastFailureAt, blockedUntil) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, lastFailureAt = excluded.lastFailureAt,
                    blockedUntil = excluded.blockedUntil
                """, arguments: [key, failures, now, delay > 0 ? now.addingTimeInterval(Double(delay)) : nil])
            return (try User.filter(sql: "login = ? AND isActive = 1", arguments: [login]).fetchOne(db), key)
        }
    }
}

/// What the audit log keeps of a failed login: the login as typed (cut short) and the client address.
struct FailedLogin: Encodable {
    var login: String
    var address: String
}
