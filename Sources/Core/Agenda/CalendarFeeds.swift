import Foundation
import GRDB

/// Each user's secret calendar link (`/calendar/{token}.ics`). The database keeps only the token's SHA-256, so
/// the link is shown once, when issued; issuing a new one revokes the old.
public struct CalendarFeeds: Sendable {
    let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// A freshly issued link's secret: exists only in this value.
    public struct Issued: Sendable {
        public var token: String
        public var issuedAt: Date
    }

    /// When the user's current link was issued; nil when they have none.
    public func issuedAt(_ scope: Scope) throws -> Date? {
        let userId = try Policy.requireOwnAccount(scope)
        return try database.read { try Date.fetchOne($0, sql: "SELECT issuedAt FROM calendarFeed WHERE userId = ?", arguments: [userId]) }
    }

    /// A new link for the acting user; the previous one stops working. Audited without the token.
    public func issue(_ scope: Scope) throws -> Issued {
        let userId = try Policy.requireOwnAccount(scope)
        let token = randomToken(), now = database.now
        try database.write { db in
            let before = try Date.fetchOne(db, sql: "SELECT issuedAt FROM calendarFeed WHERE userId = ?", arguments: [userId])
            try db.execute(sql: """
                INSERT INTO calendarFeed (userId, tokenHash, issuedAt) VALUES (?, ?, ?)
                ON CONFLICT (userId) DO UPDATE SET tokenHash = excluded.tokenHash, issuedAt = excluded.issuedAt
                """, arguments: [userId, sha256Hex(token), now])
            try AuditLog.record(db, scope, action: before == nil ? "calendarFeed.issue" : "calendarFeed.reissue", entity: "user", id: userId,
                                before: before.map { FeedAuditView(issuedAt: $0) }, after: FeedAuditView(issuedAt: now), at: now)
        }
        return Issued(token: token, issuedAt: now)
    }

    /// Whose feed `token` opens: an active account with that current link; nil otherwise (unknown, revoked, disabled).
    public func owner(token: String) throws -> Scope? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        return try database.read { db in
            try User.fetchOne(db, sql: """
                SELECT user.* FROM calendarFeed f JOIN user ON user.id = f.userId WHERE f.tokenHash = ? AND user.isActive = 1
                """, arguments: [sha256Hex(token)]).map(Scope.init)
        }
    }

    struct FeedAuditView: Encodable { var issuedAt: Date }
}
