import Foundation
import GRDB

/// One recorded import of a results file.
public struct ResultImportRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "resultImport"
    public var id: Int64?
    public var fileName: String
    public var sha256: String
    public var importedBy: Int64?
    public var importedAt: Date
    public var municipalityId: Int64?
    public var rowCount: Int
    public var insertedCount: Int
    public var updatedCount: Int
    public var unchangedCount: Int
    public var rolledBackAt: Date?
    public var rolledBackBy: Int64?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Every column but `insertedResults` (the packed inserted results, read only by the rollback): the journal
    /// does not load a BLOB of megabytes per import.
    public static var databaseSelection: [any SQLSelectable] {
        ["id", "fileName", "sha256", "importedBy", "importedAt", "municipalityId", "rowCount", "insertedCount", "updatedCount",
         "unchangedCount", "rolledBackAt", "rolledBackBy"].map { Column($0) as any SQLSelectable }
    }
}

/// The bookkeeping of imports, for the importer (which parses and matches the file and checks the
/// scope): open an import, write its rows through it, close it; and roll an import back as a whole.
public struct ResultImports: Sendable {
    public let database: AppDatabase
    public init(database: AppDatabase) { self.database = database }

    /// Opens an import record in the caller's transaction.
    public static func begin(_ db: Database, _ scope: Scope, fileName: String, sha256: String, municipalityId: Int64?,
                             at now: Date) throws -> ResultImportRecord {
        var record = ResultImportRecord(id: nil, fileName: fileName, sha256: sha256.lowercased(), importedBy: scope.userId, importedAt: now,
                                        municipalityId: municipalityId, rowCount: 0, insertedCount: 0, updatedCount: 0,
                                        unchangedCount: 0, rolledBackAt: nil, rolledBackBy: nil)
        try record.insert(db)
        return record
    }

    /// Writes one validated row of the import (the caller has checked the scope) and keeps what it changed.
    public static func write(_ db: Database, _ scope: Scope, _ record: inout ResultImportRecord, schoolId: Int64, procedureId: Int64,
                             year: SchoolYear, values: ResultValues, at now: Date) throws -> ResultChange {
        let before = try ResultRecord
            .filter(Column("schoolId") == schoolId && Column("procedureId") == procedureId && Column("schoolYear") == year.start)
            .fetchOne(db)?.values
        let change = try Results.store(db, scope, schoolId: schoolId, procedureId: procedureId, year: year, values: values,
                                       importId: record.id, at: now)
        record.rowCount += 1
        switch change {
        case .inserted: record.insertedCount += 1
        case .updated: record.updatedCount += 1
        case .unchanged, .deleted: record.unchangedCount += 1
        }
        if change == .inserted || change == .updated {
            try db.execute(sql: """
                INSERT INTO resultImportChange (importId, schoolId, procedureId, schoolYear, action, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.id, schoolId, procedureId, year.start, change == .inserted ? "insert" : "update",
                                 before.map(json), json(values)])
        }
        return change
    }

    /// Closes the import: its counts, and one audit entry.
    public static func finish(_ db: Database, _ scope: Scope, _ record: ResultImportRecord, at now: Date) throws {
        try record.update(db)
        try AuditLog.record(db, scope, action: "import", entity: "resultImport", id: record.id, before: ResultImportRecord?.none,
                            after: record, at: now)
    }

    public func list(_ scope: Scope) throws -> [ResultImportRecord] {
        try database.read { db in
            var request = ResultImportRecord.order(Column("importedAt").desc, Column("id").desc)
            if !Policy.mayReadRegion(scope) {
                guard Policy.isFixedToMunicipality(scope) else { return [] }
                request = request.filter(Column("municipalityId") == scope.municipalityId)
            }
            return try request.fetchAll(db)
        }
    }

    /// Undoes an import: deletes the results it inserted and restores those it changed. Refused when
    /// any of them was changed since (the coordinator sees which), or when the scope may not manage
    /// every school it touched.
    public func rollback(_ scope: Scope, importId: Int64) throws {
        let now = database.now
        try database.write { db in
            guard var record = try ResultImportRecord.fetchOne(db, key: importId) else { throw DomainError.notFound }
            if record.municipalityId == nil { try Policy.requireManageMunicipality(scope, -1) }  // a region-wide import: admin
            if record.rolledBackAt != nil { throw DomainError.conflict("Этот импорт уже отменён") }
            // What the import changed: its updated results (and, for imports recorded before the packed BLOB,
            // its inserted ones) as change rows, its inserted results packed in `insertedResults`.
            struct Change { var schoolId: Int64; var procedureId: Int64; var schoolYear: Int; var before: ResultValues?; var after: ResultValues }
            let decoder = JSONDecoder()
            var changes: [Change] = []
            for c in try Row.fetchAll(db, cachedSQL: """
                SELECT schoolId, procedureId, schoolYear, before, after FROM resultImportChange WHERE importId = ? ORDER BY id
                """, arguments: [importId]) {
                changes.append(Change(schoolId: c["schoolId"], procedureId: c["procedureId"], schoolYear: c["schoolYear"],
                                      before: try (c["before"] as String?).map { try decoder.decode(ResultValues.self, from: Data($0.utf8)) },
                                      after: try decoder.decode(ResultValues.self, from: Data((c["after"] as String).utf8))))
            }
            if let packed = try Data.fetchOne(db, cachedSQL: "SELECT insertedResults FROM resultImport WHERE id = ?", arguments: [importId]) {
                guard let entries = try? InsertedResults.decode([UInt8](packed)) else {
                    throw DomainError.conflict("Импорт нельзя отменить: его журнал повреждён")
                }
                changes += entries.map { Change(schoolId: $0.schoolId, procedureId: $0.procedureId, schoolYear: $0.schoolYear, before: nil, after: $0.values) }
            }
            let names = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, cachedSQL: "SELECT id, shortName FROM school")
                .map { ($0["id"] as Int64, $0["shortName"] as String) })
            let current = try db.cachedStatement(sql: "SELECT * FROM result WHERE schoolId = ? AND procedureId = ? AND schoolYear = ?")
            var conflicts: [String] = []
            var allowed: Set<Int64> = []
            for c in changes {
                if allowed.insert(c.schoolId).inserted { try Policy.requireManageSchool(scope, school: c.schoolId, db) }
                let stored = try ResultRecord.fetchOne(current, arguments: [c.schoolId, c.procedureId, c.schoolYear])
                if stored?.values != c.after {
                    conflicts.append("\(names[c.schoolId] ?? "школа № \(c.schoolId)"), \(SchoolYear(c.schoolYear).title)")
                }
            }
            if !conflicts.isEmpty {
                throw DomainError.conflict("Импорт нельзя отменить: после него изменены результаты — " + conflicts.joined(separator: "; "))
            }
            for c in changes {
                _ = try Results.store(db, scope, schoolId: c.schoolId, procedureId: c.procedureId, year: SchoolYear(c.schoolYear),
                                      values: c.before, importId: nil, at: now)
            }
            let old = record
            record.rolledBackAt = now
            record.rolledBackBy = scope.userId
            try record.update(db)
            try AuditLog.record(db, scope, action: "rollback", entity: "resultImport", id: importId, before: old, after: record, at: now)
        }
    }

    private static func json(_ values: ResultValues) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(values)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}
