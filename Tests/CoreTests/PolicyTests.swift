import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct PolicyTests {
    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }

    @Test func listsContainExactlyTheSchoolsInScope() throws {
        let database = try makeDemoDatabase()
        let directory = SchoolDirectory(database: database)
        let all = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM school WHERE archivedAt IS NULL")! }

        #expect(try directory.list(scope(database, "admin")).items.count == all)
        #expect(try directory.list(scope(database, "region")).items.count == all)

        let municipal = try scope(database, "mun-ku")
        let ownSchools = try database.read {
            try Set(Int64.fetchAll($0, sql: "SELECT id FROM school WHERE municipalityId = ?", arguments: [municipal.municipalityId]))
        }
        #expect(Set(try directory.list(municipal).items.map(\.id)) == ownSchools)

        let curator = try scope(database, "curator-ku")
        let assigned = try database.read {
            try Set(Int64.fetchAll($0, sql: "SELECT schoolId FROM curatorAssignment WHERE curatorId = ?", arguments: [curator.userId]))
        }
        #expect(!assigned.isEmpty)
        #expect(Set(try directory.list(curator).items.map(\.id)) == assigned)

        let director = try scope(database, "director-ku")
        #expect(try directory.list(director).items.map(\.id) == [director.schoolId!])
    }

    @Test func cardsOutsideTheScopeAreForbidden() throws {
        let database = try makeDemoDatabase()
        let directory = SchoolDirectory(database: database)
        let director = try scope(database, "director-ku")
        let other = try database.read { try Int64.fetchOne($0, sql: "SELECT id FROM school WHERE id <> ? LIMIT 1", arguments: [director.schoolId])! }
        #expect(try directory.card(director, id: director.schoolId!).school.id == director.schoolId)
        #expect(throws: DomainError.forbidden) { try directory.card(director, id: other) }
        #expect(throws: DomainError.notFound) { try directory.card(director, id: 999_999) }

        let municipal = try scope(database, "mun-ku")
        let elsewhere = try database.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM school WHERE municipalityId <> ? LIMIT 1", arguments: [municipal.municipalityId])!
        }
        #expect(throws: DomainError.forbidden) { try directory.card(municipal, id: elsewhere) }
    }

    @Test func searchFoldsCyrillicCase() throws {
        let database = try makeDemoDatabase()
        let directory = SchoolDirectory(database: database)
        var filter = SchoolListFilter()
        filter.search = "ЛИЦЕЙ"
        let items = try directory.list(scope(database, "admin"), filter: filter).items
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0.name.lowercased().contains("лицей") || $0.shortName.lowercased().contains("лицей") })
    }
}

@Suite struct SchoolListCacheTests {
    @Test func aWriteShowsInTheNextListAndOtherScopesGetTheirOwn() throws {
        let database = try makeDemoDatabase(workingCycle: false)
        let directory = SchoolDirectory(database: database)
        let admin = Scope(try database.read { try User.filter(sql: "login = 'admin'").fetchOne($0)! })
        let director = Scope(try database.read { try User.filter(sql: "login = 'director-ku'").fetchOne($0)! })
        let before = try directory.list(admin).items.count
        #expect(try directory.list(director).items.count == 1, "a cached region list is not served to a director")
        try database.write { db in
            try db.execute(sql: "UPDATE school SET archivedAt = '2024-01-01 00:00:00.000' WHERE id = (SELECT MAX(id) FROM school)")
        }
        #expect(try directory.list(admin).items.count == before - 1)
    }
}
