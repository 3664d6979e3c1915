import Foundation
import GRDB
import Synchronization
import Testing
@testable import Core

/// A cached value is served until a commit writes into the tables and columns it was computed from — and no longer.
@Suite struct ComputedCacheTests {
    /// Counts the computations of a cache whose value is what `sql` answers.
    final class Probe: Sendable {
        let cache: ComputedCache<String, Int>
        private let computations = Atomic(0)
        var count: Int { computations.load(ordering: .relaxed) }
        init(_ name: String) { cache = ComputedCache(name) }

        func value(_ database: AppDatabase, _ sql: String) throws -> Int {
            try cache.value(sql, in: database) { db in
                computations.add(1, ordering: .relaxed)
                return try Int.fetchOne(db, sql: sql) ?? 0
            }
        }
    }

    func makeDatabase() throws -> AppDatabase {
        let database = try makeTestDatabase()
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parentId INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE);
                CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
                CREATE TABLE unrelated (id INTEGER PRIMARY KEY, v TEXT);
                INSERT INTO parent (id, name) VALUES (1, 'один'), (2, 'два');
                INSERT INTO child (parentId) VALUES (1), (1), (2);
                """)
        }
        return database
    }

    @Test func servedUntilItsTableChanges() throws {
        let database = try makeDatabase()
        let probe = Probe("parents")
        let sql = "SELECT count(*) FROM parent"
        #expect(try probe.value(database, sql) == 2)
        #expect(try probe.value(database, sql) == 2)
        #expect(probe.count == 1)
        try database.write { try $0.execute(sql: "INSERT INTO unrelated (v) VALUES ('x')") }
        #expect(try probe.value(database, sql) == 2)
        #expect(probe.count == 1, "a write elsewhere keeps the value")
        try database.write { try $0.execute(sql: "INSERT INTO parent (id, name) VALUES (3, 'три')") }
        #expect(try probe.value(database, sql) == 3)
        #expect(probe.count == 2)
    }

    @Test func anUpdateCountsOnlyForTheColumnsItSets() throws {
        let database = try makeDatabase()
        let probe = Probe("names")
        let sql = "SELECT count(*) FROM parent WHERE name = 'один'"
        #expect(try probe.value(database, sql) == 1)
        try database.write { try $0.execute(sql: "UPDATE parent SET note = 'заметка' WHERE id = 1") }
        #expect(try probe.value(database, sql) == 1)
        #expect(probe.count == 1)
        try database.write { try $0.execute(sql: "UPDATE parent SET name = 'первый' WHERE id = 1") }
        #expect(try probe.value(database, sql) == 0)
        #expect(probe.count == 2)
    }

    @Test func aRolledBackWriteKeepsTheValue() throws {
        let database = try makeDatabase()
        let probe = Probe("rollback")
        let sql = "SELECT count(*) FROM parent"
        #expect(try probe.value(database, sql) == 2)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try database.write { db in
                try db.execute(sql: "INSERT INTO parent (id, name) VALUES (9, 'девять')")
                throw Refused()
            }
        }
        #expect(try probe.value(database, sql) == 2)
        #expect(probe.count == 1)
    }

    @Test func withoutRowidTablesAreSeen() throws {
        // SQLite's row-level hook never reports WITHOUT ROWID tables (schoolStatus is one).
        let database = try makeDatabase()
        let probe = Probe("pairs")
        let sql = "SELECT count(*) FROM pair"
        #expect(try probe.value(database, sql) == 0)
        try database.write { try $0.execute(sql: "INSERT INTO pair (a, b) VALUES (1, 2)") }
        #expect(try probe.value(database, sql) == 1)
        try database.write { try $0.execute(sql: "DELETE FROM pair") }
        #expect(try probe.value(database, sql) == 0)
        #expect(probe.count == 3)
    }

    @Test func foreignKeyCascadesAreSeen() throws {
        let database = try makeDatabase()
        let probe = Probe("children")
        let sql = "SELECT count(*) FROM child"
        #expect(try probe.value(database, sql) == 3)
        try database.write { try $0.execute(sql: "DELETE FROM parent WHERE id = 1") }
        #expect(try probe.value(database, sql) == 1)
        #expect(probe.count == 2)
    }

    @Test func aValueBuiltOnAnotherCachedValueFollowsItsTables() throws {
        let database = try makeDatabase()
        let inner = Probe("inner")
        let outer = ComputedCache<Int, Int>("outer")
        let sql = "SELECT count(*) FROM child"
        _ = try inner.value(database, sql)
        func outerValue() throws -> Int {
            let version = database.changes.version(outer.name)
            return try database.read { db in
                try outer.value(0, version: version, in: database, db) {
                    // A hit of the inner cache: no statement of the outer computation reads `child`.
                    try inner.cache.value(sql, version: database.changes.version(inner.cache.name), in: database, db) { 0 } + 100
                }
            }
        }
        #expect(try outerValue() == 103)
        try database.write { try $0.execute(sql: "INSERT INTO child (parentId) VALUES (2)") }
        _ = try inner.value(database, sql)
        #expect(try outerValue() == 104)
    }

    @Test func aComputationThatReadsMoreThanBeforeIsNotKeptTheFirstTime() throws {
        // Its new tables were not watched while it ran, so a change to them then would have gone unseen.
        let database = try makeDatabase()
        let probe = Probe("growing")
        _ = try probe.value(database, "SELECT count(*) FROM parent")
        let wider = "SELECT (SELECT count(*) FROM parent) + (SELECT count(*) FROM child)"
        #expect(try probe.value(database, wider) == 5)
        #expect(try probe.value(database, wider) == 5)
        #expect(try probe.value(database, wider) == 5)
        #expect(probe.count == 3)
        try database.write { try $0.execute(sql: "INSERT INTO child (parentId) VALUES (2)") }
        #expect(try probe.value(database, wider) == 6)
    }

    @Test func theSchoolListFollowsASchoolsNameButNotADraftReport() throws {
        let database = try makeDemoDatabase()
        let directory = SchoolDirectory(database: database)
        let admin = Scope(userId: nil, login: "admin", fullName: "Администратор", role: .admin, municipalityId: nil, schoolId: nil)
        let first = try directory.list(admin)
        let version = database.changes.version(database.schoolLists.name)
        let school = try #require(first.items.first)
        // What a director's draft save writes: the list does not read it.
        try database.write { try $0.execute(sql: "UPDATE report SET summary = 'черновик', updatedAt = '2026-11-25'") }
        #expect(database.changes.version(database.schoolLists.name) == version)
        try database.write { try $0.execute(sql: "UPDATE school SET shortName = 'Переименованная' WHERE id = ?", arguments: [school.id]) }
        #expect(database.changes.version(database.schoolLists.name) != version)
        #expect(try directory.list(admin).items.contains { $0.id == school.id && $0.shortName == "Переименованная" })
    }

    @Test func anotherProcessesCommitIsNoticedAndDropsTheCaches() throws {
        // Two AppDatabase objects on one file stand for `opora serve` and `opora import-results`.
        let server = try makeDemoDatabase()
        let commandLine = try AppDatabase(path: server.writer.path)
        let directory = SchoolDirectory(database: server)
        let admin = Scope(userId: nil, login: "admin", fullName: "Администратор", role: .admin, municipalityId: nil, schoolId: nil)
        let school = try #require(try directory.list(admin).items.first)
        #expect(try server.noticeExternalChanges() == false)
        try commandLine.write { try $0.execute(sql: "UPDATE school SET shortName = 'Из командной строки' WHERE id = ?", arguments: [school.id]) }
        #expect(try server.noticeExternalChanges() == true)
        #expect(try directory.list(admin).items.contains { $0.id == school.id && $0.shortName == "Из командной строки" })
        // The server's own commits are not "external".
        try server.write { try $0.execute(sql: "UPDATE school SET shortName = 'Снова' WHERE id = ?", arguments: [school.id]) }
        #expect(try server.noticeExternalChanges() == false)
    }
}
