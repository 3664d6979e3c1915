import Foundation
import GRDB

/// Server-side sessions: the cookie carries a random token, the database its SHA-256.
public struct Sessions: Sendable {
    public let database: AppDatabase
    /// A session ends this long after login, whatever happens.
    public var absoluteLifetime: TimeInterval = 12 * 3600
    /// … and this long after its last use.
    public var idleLifetime: TimeInterval = 2 * 3600

    public init(database: AppDatabase) { self.database = database }

    public struct Opened: Sendable {
        public let token: String
        public let csrfToken: String
    }

    public struct Current: Sendable {
        public let scope: Scope
        public let csrfToken: String
        public let mustChangePassword: Bool
    }

    /// Opens a fresh session (a new id at every login: no fixation).
    public func open(for user: User) throws -> Opened {
        guard let userId = user.id else { throw DomainError.notFound }
        let token = randomToken()
        let csrf = randomToken()
        let now = database.now
        let record = SessionRecord(tokenHash: sha256Hex(token), userId: userId, csrfToken: csrf, createdAt: now,
                                   lastSeenAt: now, expiresAt: now.addingTimeInterval(absoluteLifetime), revokedAt: nil)
        try database.write { db in
            try record.insert(db)
            // Old, ended sessions are swept here rather than by a timer.
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ? OR revokedAt IS NOT NULL", arguments: [now.addingTimeInterval(-86400)])
        }
        return Opened(token: token, csrfToken: csrf)
    }

    /// The live session for a cookie token, or nil when it is unknown, revoked, expired, idle too long or its user deactivated.
    public func current(token: String) throws -> Current? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        let hash = sha256Hex(token)
        let now = database.now
        // Kept in memory until a session or user row changes (a login, a logout, a touch, a deactivation): the
        // commit that revokes a session drops it before the next request. Times are checked on every request.
        let found = try database.sessionLookups.value(hash, in: database) { db -> SessionLookup? in
            guard let session = try SessionRecord.fetchOne(db, cachedKey: hash, column: "tokenHash"), session.revokedAt == nil,
                  let user = try User.fetchOne(db, cachedKey: session.userId), user.isActive
            else { return nil }
            return SessionLookup(user: user, session: session)
        }
        guard let (user, session) = found.map({ ($0.user, $0.session) }),
              session.expiresAt > now, session.lastSeenAt.addingTimeInterval(idleLifetime) > now
        else { return nil }
        // Touch at most once a minute: no write on every request. Best effort: when the database cannot take
        // writes (disk full, read-only), the user stays signed in and can still read.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            try? database.write { db in
                try db.execute(sql: "UPDATE session SET lastSeenAt = ? WHERE tokenHash = ?", arguments: [now, hash])
            }
        }
        return Current(scope: Scope(user), csrfToken: session.csrfToken, mustChangePassword: user.mustChangePassword)
    }

    public func revoke(token: String) throws {
        let now = database.now
        try database.write { db in
            guard let session = try SessionRecord.fetchOne(db, cachedKey: sha256Hex(token), column: "tokenHash") else { return }
            try db.execute(sql: "UPDATE session SET revokedAt = ? WHERE tokenHash = ?", arguments: [now, session.tokenHash])
            if let user = try User.fetchOne(db, cachedKey: session.userId) {
                try AuditLog.record(db, Scope(user), action: "logout", entity: "user", id: user.id, at: now)
            }
        }
    }

    /// Ends every session of a user at once (deactivation, password change).
    static func revokeAll(_ db: Database, userId: Int64, at now: Date) throws {
        try db.execute(sql: "UPDATE session SET revokedAt = ? WHERE userId = ? AND revokedAt IS NULL", arguments: [now, userId])
    }
}

/// A live session and its user, as the session cache keeps them.
struct SessionLookup: Sendable {
    var user: User
    var session: SessionRecord
}
