import Foundation
import GRDB
import Testing
@testable import Core

/// `opora backup` while writes run gives a consistent copy; `opora restore` puts it in place of a
/// database and the data comes back table by table (issue 8).
@Suite struct BackupRestoreTests {
    /// Every table's rows, sorted, so two databases compare by content.
    static func contents(_ db: Database) throws -> [String: [[DatabaseValue]]] {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        var result: [String: [[DatabaseValue]]] = [:]
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { Array($0.databaseValues) }
            result[table] = rows.sorted { String(describing: $0) < String(describing: $1) }
        }
        return result
    }

    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opora-restore-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    @Test func backupUnderWritesRestoresTableByTable() throws {
        let live = try makeDemoDatabase()
        // Writers: each transaction adds a pair of rows that only make sense together.
        let stop = LockedValue(false)
        let written = LockedValue(0)
        let writer = Thread {
            var n = 0
            while !stop.load() {
                n += 1
                _ = try? live.write { db in
                    try db.execute(sql: "INSERT INTO auditEntry (at, action, entity, entityId) VALUES ('2026-01-01', 'pair-a', 'soak', ?)", arguments: [n])
                    try db.execute(sql: "INSERT INTO auditEntry (at, action, entity, entityId) VALUES ('2026-01-01', 'pair-b', 'soak', ?)", arguments: [n])
                }
                written.store(n)
            }
        }
        writer.start()
        while written.load() < 20 { usleep(1_000) }
        let backup = Self.temporaryPath("backup.sqlite")
        try live.backup(to: backup)
        let afterBackup = written.load()
        while written.load() < afterBackup + 20 { usleep(1_000) }
        stop.store(true)
        while !writer.isFinished { usleep(1_000) }

        // The copy: sound, of this schema, and holding whole transactions only.
        #expect(try DatabaseRestore.verify(backup) == [])
        let copy = try DatabaseQueue(path: backup)
        let (pairsA, pairsB, expected) = try copy.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM auditEntry WHERE action = 'pair-a'")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM auditEntry WHERE action = 'pair-b'")!,
             try Self.contents(db))
        }
        #expect(pairsA == pairsB)
        #expect(pairsA >= 20 && pairsA < written.load(), "the copy is a snapshot taken during the writes")
        try copy.close()

        // Restore over another database: the data comes back table by table; the old file stays aside.
        let targetPath = Self.temporaryPath("opora.sqlite")
        do {
            let other = try AppDatabase(path: targetPath)
            try other.migrate()
            try other.write { try $0.execute(sql: "INSERT INTO auditEntry (at, action, entity) VALUES ('2026-01-01', 'only-in-the-old-one', 'x')") }
            try other.writer.close()
        }
        let outcome = try DatabaseRestore.restore(from: backup, to: targetPath)
        let restored = try AppDatabase(path: targetPath)
        let got = try restored.read { try Self.contents($0) }
        #expect(got.keys.sorted() == expected.keys.sorted())
        for table in expected.keys.sorted() {
            #expect(got[table] == expected[table], "table \(table) differs after restore")
        }
        #expect(try restored.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM school") } ?? 0 > 0)
        let previous = try #require(outcome.previous)
        let old = try DatabaseQueue(path: previous)
        #expect(try old.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM auditEntry WHERE action = 'only-in-the-old-one'") } == 1)
        #expect(!FileManager.default.fileExists(atPath: targetPath + ".restoring"))
    }

    @Test func damagedOrNewerBackupsAreRefusedAndTheTargetIsLeftAlone() throws {
        let targetPath = Self.temporaryPath("opora.sqlite")
        do {
            let target = try AppDatabase(path: targetPath)
            try target.migrate()
            try target.write { try $0.execute(sql: "INSERT INTO auditEntry (at, action, entity) VALUES ('2026-01-01', 'keep-me', 'x')") }
            try target.writer.close()
        }
        func targetIntact() throws -> Bool {
            let q = try DatabaseQueue(path: targetPath)
            defer { try? q.close() }
            return try q.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM auditEntry WHERE action = 'keep-me'") } == 1
        }
        // Missing and garbage files.
        #expect(throws: DatabaseRestore.Failure.missingBackup("/nonexistent/backup.sqlite")) {
            try DatabaseRestore.restore(from: "/nonexistent/backup.sqlite", to: targetPath)
        }
        let garbage = Self.temporaryPath("garbage.sqlite")
        _ = FileManager.default.createFile(atPath: garbage, contents: Data(repeating: 0x41, count: 8192))
        #expect(throws: DatabaseRestore.Failure.self) { try DatabaseRestore.restore(from: garbage, to: targetPath) }
        // A database that is not Opora's.
        let foreign = Self.temporaryPath("foreign.sqlite")
        try DatabaseQueue(path: foreign).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: DatabaseRestore.Failure.self) { try DatabaseRestore.restore(from: foreign, to: targetPath) }
        // A backup made by a newer version (a migration this binary does not know).
        let newer = Self.temporaryPath("newer.sqlite")
        let source = try makeTestDatabase()
        try source.backup(to: newer)
        try DatabaseQueue(path: newer).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('9999_future')") }
        #expect(throws: DatabaseRestore.Failure.newerSchema(["9999_future"])) { try DatabaseRestore.restore(from: newer, to: targetPath) }
        // A truncated copy.
        let truncated = Self.temporaryPath("truncated.sqlite")
        let demo = try makeDemoDatabase()
        let full = Self.temporaryPath("full.sqlite")
        try demo.backup(to: full)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        _ = FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(bytes.count / 2))
        #expect(throws: DatabaseRestore.Failure.self) { try DatabaseRestore.restore(from: truncated, to: targetPath) }
        #expect(try targetIntact())
    }

    @Test func aDatabaseOpenInAnotherProcessIsNotReplaced() throws {
        let sqlite = ["/usr/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let sqlite else { return } // the sqlite3 shell is not installed here: nothing to hold the file open with
        let targetPath = Self.temporaryPath("opora.sqlite")
        do {
            let target = try AppDatabase(path: targetPath)
            try target.migrate()
            try target.writer.close()
        }
        let backup = Self.temporaryPath("backup.sqlite")
        try makeTestDatabase().backup(to: backup)
        // Another process opens the database in WAL mode and keeps it open.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: sqlite)
        holder.arguments = [targetPath]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        input.fileHandleForWriting.write(Data("PRAGMA journal_mode=WAL;\nSELECT count(*) FROM user;\n".utf8))
        _ = output.fileHandleForReading.availableData // the shell has answered: the file is open
        #expect(DatabaseRestore.processHolding(targetPath) == holder.processIdentifier)
        #expect(throws: DatabaseRestore.Failure.inUse(pid: holder.processIdentifier)) {
            try DatabaseRestore.restore(from: backup, to: targetPath)
        }
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(DatabaseRestore.processHolding(targetPath) == nil)
        #expect(try DatabaseRestore.restore(from: backup, to: targetPath).previous != nil)
    }
}

/// A tiny lock-protected value for the writer thread.
final class LockedValue<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func load() -> T { lock.withLock { value } }
    func store(_ v: T) { lock.withLock { value = v } }
}
