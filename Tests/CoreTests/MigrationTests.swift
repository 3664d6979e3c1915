import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct MigrationTests {
    @Test func allMigrationsApplyToAnEmptyDatabaseInOrder() throws {
        let database = try makeTestDatabase()
        let applied = try database.read { try AppDatabase.migrator.appliedIdentifiers($0) }
        let expected = EmbeddedMigrations.all.map(\.identifier)
        #expect(!expected.isEmpty)
        #expect(applied == Set(expected))
        #expect(expected == expected.sorted())
        for table in ["municipality", "school", "user", "session", "auditEntry", "schoolStatusChange", "curatorAssignment"] {
            #expect(try database.read { try $0.tableExists(table) }, "missing table \(table)")
        }
        // A second run applies nothing.
        #expect(try database.migrate().isEmpty)
    }

    @Test func databaseRunsInWALWithForeignKeys() throws {
        let database = try makeTestDatabase()
        let mode = try database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(throws: (any Error).self) {
            try database.write { db in
                try db.execute(sql: "INSERT INTO school (municipalityId, name, shortName, kind, createdAt, updatedAt) VALUES (999, 'x', 'x', 'sosh', '2024-01-01', '2024-01-01')")
            }
        }
    }

    @Test func backupMakesAConsistentCopy() throws {
        let database = try makeDemoDatabase()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("opora-backup-\(UUID().uuidString).sqlite").path
        try database.backup(to: out)
        let copy = try DatabaseQueue(path: out)
        let schools = try copy.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM school") }
        let original = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM school") }
        #expect(schools == original)
        #expect(try copy.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        #expect(throws: DomainError.self) { try database.backup(to: out) }
    }
}
