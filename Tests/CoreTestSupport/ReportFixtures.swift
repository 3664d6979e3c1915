import Core
import Foundation
import GRDB

/// Rows for tests of reports: a school roadmap with measures written straight into the tables (the roadmap area's
/// own API is not needed to test reports). Not part of the application: it writes through its own connection, as
/// the command line would, and then has the application drop its caches.
public enum ReportFixtures {
    public struct MeasureSpec: Sendable {
        public var title: String
        /// yyyy-MM-dd, or nil for a standing term.
        public var dueTo: String?
        public init(_ title: String, dueTo: String?) { self.title = title; self.dueTo = dueTo }
    }

    /// The roadmap of `schoolId` for `year` (created if absent, else reused), with `status` and these measures added.
    /// Returns the roadmap id and the measure ids.
    @discardableResult
    public static func roadmap(_ database: AppDatabase, schoolId: Int64, year: Int, status: String = "approved",
                               measures: [MeasureSpec]) throws -> (roadmapId: Int64, measureIds: [Int64]) {
        try write(database) { db in
            let now = database.now
            let municipalityId = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM school WHERE id = ?", arguments: [schoolId])!
            var roadmapId = try Int64.fetchOne(db, sql: "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?", arguments: [schoolId, year])
            if let id = roadmapId {
                try db.execute(sql: "UPDATE roadmap SET status = ? WHERE id = ?", arguments: [status, id])
            } else {
                try db.execute(sql: """
                    INSERT INTO roadmap (municipalityId, schoolId, schoolYear, title, status, revision, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                    """, arguments: [municipalityId, schoolId, year, "Дорожная карта \(year)/\(year + 1)", status, now, now])
                roadmapId = db.lastInsertedRowID
            }
            let id = roadmapId!
            var sectionId = try Int64.fetchOne(db, sql: "SELECT id FROM roadmapSection WHERE roadmapId = ? ORDER BY position LIMIT 1", arguments: [id])
            if sectionId == nil {
                try db.execute(sql: "INSERT INTO roadmapSection (roadmapId, title, position) VALUES (?, ?, 1)",
                               arguments: [id, "Организационное обеспечение"])
                sectionId = db.lastInsertedRowID
            }
            var position = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM measure WHERE roadmapId = ?", arguments: [id]) ?? 0
            var ids: [Int64] = []
            for m in measures {
                position += 1
                let parts = m.dueTo?.split(separator: "-")
                let dueText = parts.map { "\($0[2]).\($0[1]).\($0[0])" } ?? "в течение года"
                try db.execute(sql: """
                    INSERT INTO measure (roadmapId, sectionId, position, title, dueKind, dueFrom, dueTo, dueText, responsible,
                                         expectedResult, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, sectionId, position, m.title, m.dueTo == nil ? "standing" : "date", m.dueTo, m.dueTo, dueText,
                                     "Заместитель директора по УВР", "Ожидаемый результат: \(m.title.lowercased())", now, now])
                ids.append(db.lastInsertedRowID)
            }
            return (id, ids)
        }
    }

    /// A period of the municipality (created if absent), opened or closed directly.
    @discardableResult
    public static func period(_ database: AppDatabase, municipalityId: Int64, year: Int, half: Int, isOpen: Bool,
                              dueDate: String? = nil) throws -> Int64 {
        try write(database) { db in
            let due = dueDate ?? ReportPeriods.defaultDueDate(year: SchoolYear(year), half: half)
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM reportPeriod WHERE municipalityId = ? AND schoolYear = ? AND half = ?",
                                           arguments: [municipalityId, year, half]) {
                try db.execute(sql: "UPDATE reportPeriod SET isOpen = ?, dueDate = ? WHERE id = ?", arguments: [isOpen, due, id])
                return id
            }
            try db.execute(sql: "INSERT INTO reportPeriod (municipalityId, schoolYear, half, dueDate, isOpen, openedAt) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [municipalityId, year, half, due, isOpen, isOpen ? database.now : nil])
            return db.lastInsertedRowID
        }
    }

    /// Forces a report's state (for access tests that need a submitted or accepted report).
    /// One transaction on the database file, seen by `database` as another process's commit.
    static func write<T>(_ database: AppDatabase, _ body: (Database) throws -> T) throws -> T {
        try database.noticeExternalChanges()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: database.path, configuration: configuration)
        let value = try queue.write(body)
        try queue.close()
        try database.noticeExternalChanges()
        return value
    }

    public static func setStatus(_ database: AppDatabase, reportId: Int64, _ status: ReportStatus) throws {
        try write(database) { db in
            try db.execute(sql: "UPDATE report SET status = ?, submittedAt = CASE WHEN ? = 'draft' THEN NULL ELSE COALESCE(submittedAt, ?) END WHERE id = ?",
                           arguments: [status.rawValue, status.rawValue, database.now, reportId])
        }
    }
}
