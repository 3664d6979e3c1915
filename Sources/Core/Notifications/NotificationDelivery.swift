import Foundation
import GRDB

public enum NotificationKind: String, Codable, Sendable, CaseIterable {
    case reportReturned, roadmapApproved, documentReviewed, periodOpened, periodDueSoon, decisionAddressed
    case roadmapReturned, documentUploaded
}

/// The one way a notification is written. Triggers call it inside the transaction of the change they
/// announce, so a change and its notifications land together or not at all; so do their letters in the mail outbox.
public enum NotificationDelivery {
    /// One row per recipient; a recipient who already has `dedupeKey` gets nothing new (a trigger may run twice).
    public static func deliver(
        _ db: Database, to userIds: some Sequence<Int64>, kind: NotificationKind, title: String, body: String = "",
        entity: String, entityId: Int64, dedupeKey: String, at: Date
    ) throws {
        for userId in Set(userIds).sorted() {  // sorted: the same rows in the same order every time
            try db.execute(sql: """
                INSERT INTO notification (userId, kind, title, body, entity, entityId, dedupeKey, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (userId, dedupeKey) DO NOTHING
                """, arguments: [userId, kind.rawValue, title, body, entity, entityId, dedupeKey, at])
            if db.changesCount > 0 {
                try MailOutbox.enqueueNotification(db, notificationId: db.lastInsertedRowID, userId: userId, at: at)
            }
        }
    }

    /// Active directors' accounts of a school: who hears about the school's reports, roadmap, documents, decisions.
    static func directors(_ db: Database, schoolId: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, cachedSQL: "SELECT id FROM user WHERE role = 'director' AND isActive = 1 AND schoolId = ?",
                           arguments: [schoolId])
    }

    /// Active curators assigned to a school for a school year: who reviews what the school sends that year.
    static func curators(_ db: Database, schoolId: Int64, year: Int) throws -> [Int64] {
        try Int64.fetchAll(db, cachedSQL: """
            SELECT u.id FROM curatorAssignment a JOIN user u ON u.id = a.curatorId
            WHERE a.schoolId = ? AND a.schoolYear = ? AND u.role = 'curator' AND u.isActive = 1
            """, arguments: [schoolId, year])
    }
}
