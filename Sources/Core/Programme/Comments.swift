import Foundation
import GRDB

/// What a comment is about.
public enum CommentTargetKind: String, Sendable, CaseIterable, Codable {
    case roadmap, measure, report, riskProfile
}

public struct CommentTarget: Sendable, Hashable, Codable {
    public var kind: CommentTargetKind
    public var id: Int64
    public init(_ kind: CommentTargetKind, _ id: Int64) { self.kind = kind; self.id = id }
}

public struct CommentMessage: Sendable, Equatable {
    public var id: Int64
    public var authorName: String?
    public var authorRole: Role?
    public var body: String
    public var createdAt: Date
    /// Written by the school's side (its director), not by a reviewer.
    public var isBySchool: Bool { authorRole == .director }
}

/// A thread: the reviewer's opening comment and the answers, oldest first.
public struct CommentThread: Sendable, Equatable {
    public var root: CommentMessage
    public var replies: [CommentMessage]
    public var id: Int64 { root.id }
    /// The school answered last: the reviewer's turn.
    public var awaitsReviewer: Bool { (replies.last ?? root).isBySchool }
}

/// The threads on one target and what the acting user may do there.
public struct CommentThreads: Sendable {
    public var target: CommentTarget
    /// Oldest thread first (the newest is last, next to the form).
    public var threads: [CommentThread]
    public var canStart: Bool
    public var canReply: Bool
}

/// Comments on roadmaps, measures, reports and risk profiles.
public struct Comments: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// The school (nil for a municipal plan), the municipality and the school year of a target.
    struct Owner { var schoolId: Int64?; var municipalityId: Int64; var year: Int }

    static func owner(_ db: Database, _ target: CommentTarget) throws -> Owner {
        let sql: String
        switch target.kind {
        case .roadmap:
            sql = "SELECT schoolId, municipalityId, schoolYear FROM roadmap WHERE id = ?"
        case .measure:
            sql = "SELECT r.schoolId, r.municipalityId, r.schoolYear FROM measure m JOIN roadmap r ON r.id = m.roadmapId WHERE m.id = ?"
        case .report:
            sql = "SELECT r.schoolId, r.municipalityId, r.schoolYear FROM report JOIN roadmap r ON r.id = report.roadmapId WHERE report.id = ?"
        case .riskProfile:
            sql = "SELECT p.schoolId, s.municipalityId, p.schoolYear FROM riskProfile p JOIN school s ON s.id = p.schoolId WHERE p.id = ?"
        }
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [target.id]) else { throw DomainError.notFound }
        return Owner(schoolId: row["schoolId"], municipalityId: row["municipalityId"], year: row["schoolYear"])
    }

    static func authorizeRead(_ scope: Scope, _ owner: Owner, _ db: Database) throws {
        if let schoolId = owner.schoolId { try Policy.authorizeRead(scope, school: schoolId, db) }
        else { try Policy.requireReadMunicipalityProgramme(scope, municipalityId: owner.municipalityId) }
    }

    static func threads(_ db: Database, _ target: CommentTarget) throws -> [CommentThread] {
        let rows = try Row.fetchAll(db, cachedSQL: """
            SELECT c.id, c.parentId, c.body, c.createdAt, user.fullName, user.role FROM comment c
            LEFT JOIN user ON user.id = c.authorId
            WHERE c.targetKind = ? AND c.targetId = ? ORDER BY c.id
            """, arguments: [target.kind.rawValue, target.id])
        var threads: [CommentThread] = []
        var index: [Int64: Int] = [:]
        for row in rows {
            let message = CommentMessage(id: row["id"], authorName: row["fullName"],
                                         authorRole: (row["role"] as String?).flatMap(Role.init(rawValue:)),
                                         body: row["body"], createdAt: row["createdAt"])
            if let parentId: Int64 = row["parentId"], let position = index[parentId] {
                threads[position].replies.append(message)
            } else {
                index[message.id] = threads.count
                threads.append(CommentThread(root: message, replies: []))
            }
        }
        return threads
    }

    /// The threads on a target, for whoever may read it.
    public func threads(_ scope: Scope, _ target: CommentTarget) throws -> CommentThreads {
        try database.read { db in
            let owner = try Self.owner(db, target)
            try Self.authorizeRead(scope, owner, db)
            return CommentThreads(
                target: target, threads: try Self.threads(db, target),
                canStart: try Policy.mayStartComment(scope, school: owner.schoolId, municipality: owner.municipalityId, year: owner.year, db),
                canReply: try Policy.mayReplyComment(scope, school: owner.schoolId, municipality: owner.municipalityId, year: owner.year, db))
        }
    }

    /// Opens a thread (no parent) or answers in one (a reply to a reply joins the same thread). Returns the new id.
    @discardableResult
    public func add(_ scope: Scope, _ target: CommentTarget, parentId: Int64?, body: String) throws -> Int64 {
        try database.write { db in
            let owner = try Self.owner(db, target)
            var rootId: Int64? = nil
            if let parentId {
                guard let parent = try Row.fetchOne(db, cachedSQL: "SELECT id, parentId, targetKind, targetId FROM comment WHERE id = ?", arguments: [parentId]),
                      parent["targetKind"] == target.kind.rawValue, parent["targetId"] == target.id
                else { throw DomainError.notFound }
                rootId = (parent["parentId"] as Int64?) ?? (parent["id"] as Int64)
                try Policy.requireReplyComment(scope, school: owner.schoolId, municipality: owner.municipalityId, year: owner.year, db)
            } else {
                try Policy.requireStartComment(scope, school: owner.schoolId, municipality: owner.municipalityId, year: owner.year, db)
            }
            let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { throw DomainError.invalid([FieldError("body", "Введите текст комментария")]) }
            if text.count > 4000 { throw DomainError.invalid([FieldError("body", "Комментарий должен быть не длиннее 4000 символов")]) }
            let now = database.now
            try db.execute(sql: """
                INSERT INTO comment (schoolId, municipalityId, targetKind, targetId, parentId, authorId, body, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [owner.schoolId, owner.municipalityId, target.kind.rawValue, target.id, rootId, scope.userId, text, now])
            let id = db.lastInsertedRowID
            try AuditLog.record(db, scope, action: "create", entity: "comment", id: id, before: String?.none,
                                after: AuditView(target: target, parentId: rootId, body: text), at: now)
            return id
        }
    }

    struct AuditView: Encodable { var target: CommentTarget; var parentId: Int64?; var body: String }

    /// The school of a target and its name, for the page that asks again after an empty comment.
    public func targetTitle(_ scope: Scope, _ target: CommentTarget) throws -> String {
        try database.read { db in
            let owner = try Self.owner(db, target)
            try Self.authorizeRead(scope, owner, db)
            let place = try owner.schoolId.flatMap { try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [$0]) }
                ?? String.fetchOne(db, cachedSQL: "SELECT shortName FROM municipality WHERE id = ?", arguments: [owner.municipalityId]) ?? ""
            let what: String
            switch target.kind {
            case .roadmap: what = owner.schoolId == nil ? "Муниципальный план" : "Дорожная карта"
            case .measure: what = "Мероприятие дорожной карты"
            case .report: what = "Отчёт"
            case .riskProfile: what = "Рисковый профиль"
            }
            return "\(what): \(place), \(SchoolYear(owner.year).title)"
        }
    }
}
