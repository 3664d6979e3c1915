import Foundation
import GRDB

/// Login with throttling: after `freeAttempts` failures for a login, each further attempt waits longer.
public struct Authentication: Sendable {
    public let database: AppDatabase
    public let hasher: PasswordHasher
    public static let freeAttempts = 5
    public static let maximumDelay = 15 * 60

    public init(database: AppDatabase, hasher: PasswordHasher = PasswordHasher()) {
        self.database = database; self.hasher = hasher
    }

    /// The delay after `failures` failed attempts: 0 for the first five, then 2, 4, 8 … seconds up to 15 minutes.
    public static func delay(afterFailures failures: Int) -> Int {
        guard failures >= freeAttempts else { return 0 }
        let exponent = min(failures - freeAttempts + 1, 20)
        return min(1 << exponent, maximumDelay)
    }

    /// Returns the user on success. Throws `.throttled` while a login is blocked and `.invalid` on a wrong pair.
    public func logIn(login rawLogin: String, password: String) throws -> User {
        let login = rawLogin.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !login.isEmpty, !password.isEmpty else {
            var errors: [FieldError] = []
            if login.isEmpty { errors.append(FieldError("login", "Введите логин")) }
            if password.isEmpty { errors.append(FieldError("password", "Введите пароль")) }
            throw DomainError.invalid(errors)
        }
        // The attempt is counted before the slow password check, so parallel guesses cannot slip past the limit.
        let now = database.now
        let user: User? = try database.write { db in
            if let blockedUntil = try Date.fetchOne(db, cachedSQL: "SELECT blockedUntil FROM loginThrottle WHERE login = ?", arguments: [login]),
               blockedUntil > now {
                throw DomainError.throttled(retryAfter: max(1, Int(blockedUntil.timeIntervalSince(now).rounded(.up))))
            }
            let failures = (try Int.fetchOne(db, cachedSQL: "SELECT failures FROM loginThrottle WHERE login = ?", arguments: [login]) ?? 0) + 1
            let delay = Self.delay(afterFailures: failures)
            try db.execute(sql: """
                INSERT INTO loginThrottle (login, failures, lastFailureAt, blockedUntil) VALUES (?, ?, ?, ?)
                ON CONFLICT(login) DO UPDATE SET failures = excluded.failures, lastFailureAt = excluded.lastFailureAt,
                    blockedUntil = excluded.blockedUntil
                """, arguments: [login, failures, now, delay > 0 ? now.addingTimeInterval(Double(delay)) : nil])
            return try User.filter(sql: "login = ? AND isActive = 1", arguments: [login]).fetchOne(db)
        }
        guard let user else {
            hasher.burnTime(password)
            throw DomainError.invalid([FieldError("password", "Неверный логин или пароль")])
        }
        guard hasher.verify(password, against: user.passwordHash) else {
            throw DomainError.invalid([FieldError("password", "Неверный логин или пароль")])
        }
        try database.write { db in
            try db.execute(sql: "DELETE FROM loginThrottle WHERE login = ?", arguments: [login])
            try AuditLog.record(db, Scope(user), action: "login", entity: "user", id: user.id, at: now)
        }
        return user
    }
}
