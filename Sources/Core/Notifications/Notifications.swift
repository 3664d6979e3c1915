import Foundation
import GRDB

/// What a notification leads to, resolved from its `entity` + `entityId` (the web layer turns it into a path).
public enum NotificationTarget: Sendable, Equatable {
    case report(Int64)
    case roadmap(schoolId: Int64, year: Int)
    case document(Int64)
    /// A period, seen from a school: the school's reports of that year.
    case schoolReports(schoolId: Int64, year: Int)
    /// A period, seen from the municipality: its overview.
    case municipalityReports(municipalityId: Int64, periodId: Int64)
    /// A management decision: the decisions list of that year (for a director, those addressed to the school).
    case decisions(schoolId: Int64?, year: Int)
    /// An entity this area does not know how to open (e.g. a later area's), or one that no longer exists.
    case other(entity: String, id: Int64)
}

public struct NotificationItem: Sendable, Equatable {
    public var id: Int64
    public var kind: NotificationKind?
    public var title: String
    public var body: String
    public var createdAt: Date
    public var readAt: Date?
    public var target: NotificationTarget
    public var isUnread: Bool { readAt == nil }
}

public struct NotificationInbox: Sendable, Equatable {
    public var items: [NotificationItem]
    public var unread: Int
    public var page: Int
    public var hasNext: Bool
}

/// The signed-in user's own notifications: the inbox, the unread count of the header, read marks, and the
/// time-based sweep of «срок сдачи через 7 дней».
///
/// Read marks are the reader's own state, not programme data: they are not written to the audit log.
public struct Notifications: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    public static let pageSize = 50
    /// A period is announced as due when its due date is this many days away or fewer.
    public static let dueSoonDays = 7

    /// Unread notifications of the scope's user: one COUNT over the index (userId, readAt, id).
    public func unreadCount(_ scope: Scope) throws -> Int {
        guard let userId = scope.userId else { return 0 }
        return try database.read { try Self.unreadCount($0, userId: userId) }
    }

    static func unreadCount(_ db: Database, userId: Int64) throws -> Int {
        try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) FROM notification WHERE userId = ? AND readAt IS NULL", arguments: [userId]) ?? 0
    }

    /// The scope's notifications, newest first, `pageSize` per page (page 1 = newest).
    public func inbox(_ scope: Scope, page: Int = 1) throws -> NotificationInbox {
        let userId = try Policy.requireInbox(scope)
        let page = max(1, page)
        return try database.read { db in
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT * FROM notification WHERE userId = ? ORDER BY id DESC LIMIT ? OFFSET ?
                """, arguments: [userId, Self.pageSize + 1, (page - 1) * Self.pageSize])
            let items = try rows.prefix(Self.pageSize).map { try Self.item(db, $0, scope: scope) }
            return NotificationInbox(items: items, unread: try Self.unreadCount(db, userId: userId), page: page,
                                     hasNext: rows.count > Self.pageSize)
        }
    }

    static func item(_ db: Database, _ row: Row, scope: Scope) throws -> NotificationItem {
        NotificationItem(id: row["id"], kind: NotificationKind(rawValue: row["kind"]), title: row["title"], body: row["body"],
                         createdAt: row["createdAt"], readAt: row["readAt"],
                         target: try target(db, entity: row["entity"], id: row["entityId"], scope: scope))
    }

    static func target(_ db: Database, entity: String, id: Int64, scope: Scope) throws -> NotificationTarget {
        switch entity {
        case "report":
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM report WHERE id = ?)", arguments: [id]) == true { return .report(id) }
        case "roadmap":
            if let r = try Row.fetchOne(db, cachedSQL: "SELECT schoolId, schoolYear FROM roadmap WHERE id = ?", arguments: [id]),
               let schoolId: Int64 = r["schoolId"] {
                return .roadmap(schoolId: schoolId, year: r["schoolYear"])
            }
        case "document":
            if try Bool.fetchOne(db, cachedSQL: "SELECT EXISTS (SELECT 1 FROM document WHERE id = ?)", arguments: [id]) == true { return .document(id) }
        case "reportPeriod":
            if let p = try Row.fetchOne(db, cachedSQL: "SELECT municipalityId, schoolYear FROM reportPeriod WHERE id = ?", arguments: [id]) {
                if let schoolId = scope.schoolId { return .schoolReports(schoolId: schoolId, year: p["schoolYear"]) }
                return .municipalityReports(municipalityId: p["municipalityId"], periodId: id)
            }
        case "decision":
            if let year = try Int.fetchOne(db, cachedSQL: "SELECT schoolYear FROM managementDecision WHERE id = ?", arguments: [id]) {
                return .decisions(schoolId: scope.schoolId, year: year)
            }
        default: break
        }
        return .other(entity: entity, id: id)
    }

    /// Opens one's own notification: marks it read (once; the first reading time stays) and tells where it leads.
    /// Another user's notification is refused, a missing one is not found.
    public func open(_ scope: Scope, id: Int64) throws -> NotificationTarget {
        try database.write { db in
            guard let row = try Row.fetchOne(db, cachedSQL: "SELECT * FROM notification WHERE id = ?", arguments: [id]) else {
                throw DomainError.notFound
            }
            try Policy.requireOwnNotification(scope, ownerId: row["userId"])
            try db.execute(sql: "UPDATE notification SET readAt = ? WHERE id = ? AND readAt IS NULL", arguments: [database.now, id])
            return try Self.target(db, entity: row["entity"], id: row["entityId"], scope: scope)
        }
    }

    /// «Отметить все прочитанными»: returns how many were unread.
    @discardableResult
    public func markAllRead(_ scope: Scope) throws -> Int {
        let userId = try Policy.requireInbox(scope)
        return try database.write { db in
            try db.execute(sql: "UPDATE notification SET readAt = ? WHERE userId = ? AND readAt IS NULL", arguments: [database.now, userId])
            return db.changesCount
        }
    }

    /// Reminds the directors of every open period due within `dueSoonDays` days (today included, in Moscow time).
    /// Idempotent: a recipient gets one reminder per period and due date however often it runs. Returns how many
    /// notifications it wrote.
    @discardableResult
    public func sweepDueSoon(now: Date) throws -> Int {
        let today = Moscow.day(now)
        guard let horizon = NotificationDays.adding(Self.dueSoonDays, to: today) else { return 0 }
        return try database.write { db in
            let before = db.totalChangesCount
            let periods = try Row.fetchAll(db, cachedSQL: """
                SELECT * FROM reportPeriod WHERE isOpen = 1 AND dueDate >= ? AND dueDate <= ? ORDER BY id
                """, arguments: [today, horizon]).map(ReportPeriodItem.from)
            for period in periods {
                try NotificationTriggers.periodDueSoon(db, period: period, today: today, at: now)
            }
            return db.totalChangesCount - before
        }
    }
}
