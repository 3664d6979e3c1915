import Foundation
import GRDB

/// One letter waiting in the outbox, with what the sender needs to address and compose it.
public struct OutboxLetter: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        /// Composed when the row was written (a digest).
        case composed(subject: String, text: String, html: String)
        /// A notification, composed at sending from its row.
        case notification(NotificationItem)
    }
    public var id: Int64
    public var userId: Int64
    public var address: String
    public var fullName: String
    public var createdAt: Date
    public var attempts: Int
    public var content: Content
    public var unsubscribeSignature: String
}

/// Limits of the sender's retries; `opora serve` and `opora send-digests` may change them.
public struct OutboxRetry: Sendable, Equatable {
    /// Wait after the first failure, doubled after each next one up to `maximumDelay`.
    public var firstDelay: TimeInterval = 60
    public var maximumDelay: TimeInterval = 6 * 3600
    /// Permanent refusals (5xx) of an address after which it is marked failed and its letters are given up.
    public var permanentFailuresToFail: Int = 3
    public init() {}

    public func delay(afterAttempts attempts: Int) -> TimeInterval {
        min(maximumDelay, firstDelay * pow(2, Double(max(0, attempts - 1))))
    }
}

/// The transactional outbox of mail (migration 0023): rows are written inside the transaction of what they announce
/// and leave only through `markSent`, so nothing is lost and a letter is not sent again once marked.
public struct MailOutbox: Sendable {
    public let database: AppDatabase
    public var retry: OutboxRetry
    public init(database: AppDatabase, retry: OutboxRetry = OutboxRetry()) { self.database = database; self.retry = retry }

    /// Called by `NotificationDelivery` for a notification it just wrote: a row for a user who wants every
    /// notification by mail and has a working address.
    static func enqueueNotification(_ db: Database, notificationId: Int64, userId: Int64, at: Date) throws {
        try db.execute(sql: """
            INSERT INTO mailOutbox (userId, kind, notificationId, createdAt, nextAttemptAt)
            SELECT id, 'notification', ?, ?, ? FROM user
            WHERE id = ? AND isActive = 1 AND mailPreference = 'immediate' AND email IS NOT NULL AND emailFailedAt IS NULL
            """, arguments: [notificationId, at, at, userId])
    }

    /// A digest of `day` for a user: written once; a second call the same day writes nothing (returns false).
    static func enqueueDigest(_ db: Database, userId: Int64, day: String, subject: String, text: String, html: String, at: Date) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO mailOutbox (userId, kind, digestDay, subject, textBody, htmlBody, createdAt, nextAttemptAt)
            VALUES (?, 'digest', ?, ?, ?, ?, ?, ?) ON CONFLICT (userId, digestDay) DO NOTHING
            """, arguments: [userId, day, subject, text, html, at, at])
        return db.changesCount > 0
    }

    static func abandonPending(_ db: Database, userId: Int64, at: Date, reason: String) throws {
        try db.execute(sql: "UPDATE mailOutbox SET abandonedAt = ?, lastError = ? WHERE userId = ? AND sentAt IS NULL AND abandonedAt IS NULL",
                       arguments: [at, reason, userId])
    }

    /// Letters due to be tried now, oldest first. A row whose user lost the address or switched mail off is
    /// given up here rather than sent.
    public func due(limit: Int = 100) throws -> [OutboxLetter] {
        let now = database.now
        // The background sender asks every half minute: an idle outbox costs one read, no write.
        let anyDue = try database.read { db in
            try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM mailOutbox WHERE sentAt IS NULL AND abandonedAt IS NULL AND nextAttemptAt <= ?)",
                              arguments: [now]) ?? false
        }
        guard anyDue else { return [] }
        return try database.write { db in
            try db.execute(sql: """
                UPDATE mailOutbox SET abandonedAt = ?, lastError = 'Письма отключены или адреса нет'
                WHERE sentAt IS NULL AND abandonedAt IS NULL AND userId IN
                    (SELECT id FROM user WHERE email IS NULL OR emailFailedAt IS NOT NULL OR isActive = 0 OR mailPreference = 'none')
                """, arguments: [now])
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT o.*, u.email, u.fullName, u.role, u.login, u.municipalityId, u.schoolId, n.id AS nId
                FROM mailOutbox o JOIN user u ON u.id = o.userId LEFT JOIN notification n ON n.id = o.notificationId
                WHERE o.sentAt IS NULL AND o.abandonedAt IS NULL AND o.nextAttemptAt <= ? ORDER BY o.nextAttemptAt, o.id LIMIT ?
                """, arguments: [now, limit])
            return try rows.compactMap { row -> OutboxLetter? in
                let content: OutboxLetter.Content
                if let notificationId: Int64 = row["notificationId"] {
                    guard let n = try Row.fetchOne(db, cachedSQL: "SELECT * FROM notification WHERE id = ?", arguments: [notificationId]) else { return nil }
                    let scope = Scope(userId: row["userId"], login: row["login"], fullName: row["fullName"],
                                      role: Role(rawValue: row["role"]) ?? .director, municipalityId: row["municipalityId"], schoolId: row["schoolId"])
                    content = .notification(try Notifications.item(db, n, scope: scope))
                } else {
                    content = .composed(subject: row["subject"] ?? "", text: row["textBody"] ?? "", html: row["htmlBody"] ?? "")
                }
                return OutboxLetter(id: row["id"], userId: row["userId"], address: row["email"], fullName: row["fullName"],
                                    createdAt: row["createdAt"], attempts: row["attempts"], content: content,
                                    unsubscribeSignature: try MailUnsubscribe.signature(db, userId: row["userId"]))
            }
        }
    }

    /// Right after the server's 250 to DATA.
    public func markSent(_ id: Int64) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE mailOutbox SET sentAt = ?, attempts = attempts + 1, lastError = NULL WHERE id = ? AND sentAt IS NULL",
                           arguments: [database.now, id])
        }
    }

    /// The server was unreachable or answered 4xx: try again later.
    public func markTransientFailure(_ id: Int64, error: String) throws {
        try database.write { db in
            let attempts = (try Int.fetchOne(db, cachedSQL: "SELECT attempts FROM mailOutbox WHERE id = ?", arguments: [id]) ?? 0) + 1
            try db.execute(sql: "UPDATE mailOutbox SET attempts = ?, lastError = ?, nextAttemptAt = ? WHERE id = ? AND sentAt IS NULL",
                           arguments: [attempts, String(error.prefix(500)), database.now.addingTimeInterval(retry.delay(afterAttempts: attempts)), id])
        }
    }

    /// The server refused the letter for good (5xx). After `permanentFailuresToFail` such refusals the address is
    /// marked failed (shown on the account page) and every letter waiting for it is given up.
    public func markPermanentFailure(_ id: Int64, error: String) throws {
        try database.write { db in
            guard let row = try Row.fetchOne(db, cachedSQL: "SELECT userId, attempts, permanentFailures FROM mailOutbox WHERE id = ?", arguments: [id]) else { return }
            let attempts = (row["attempts"] as Int) + 1, failures = (row["permanentFailures"] as Int) + 1
            let now = database.now
            try db.execute(sql: """
                UPDATE mailOutbox SET attempts = ?, permanentFailures = ?, lastError = ?, nextAttemptAt = ? WHERE id = ? AND sentAt IS NULL
                """, arguments: [attempts, failures, String(error.prefix(500)), now.addingTimeInterval(retry.delay(afterAttempts: attempts)), id])
            if failures >= retry.permanentFailuresToFail {
                let userId: Int64 = row["userId"]
                try db.execute(sql: "UPDATE user SET emailFailedAt = ? WHERE id = ?", arguments: [now, userId])
                try Self.abandonPending(db, userId: userId, at: now, reason: "Почтовый сервер отказывается принимать письма на этот адрес: " + String(error.prefix(300)))
            }
        }
    }

    /// Counts of the outbox, for the command line.
    public func pendingCount() throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM mailOutbox WHERE sentAt IS NULL AND abandonedAt IS NULL") ?? 0 }
    }
}
