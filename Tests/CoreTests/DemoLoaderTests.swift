import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct DemoLoaderTests {
    @Test func seededRegionLoadsWithAnAccountPerRoleAndMatchingStatuses() throws {
        let database = try makeTestDatabase()
        let logins = try DemoLoader(database: database, hasher: fastHasher).load(.seeded)
        #expect(Set(logins.map(\.role)) == Set(Role.allCases))
        #expect(logins.map(\.login).prefix(2) == ["admin", "region"])
        for login in ["admin", "region", "mun-ku", "curator-ku", "director-ku"] {
            #expect(logins.contains { $0.login == login }, "missing \(login)")
        }
        // Seed 000: 11 ШНОР in Горячий Ключ in 2022, 7 in 2023.
        let counts = try database.read { db in
            try Int.fetchAll(db, sql: """
                SELECT COUNT(*) FROM schoolStatus s JOIN school ON school.id = s.schoolId
                JOIN municipality m ON m.id = school.municipalityId
                WHERE m.name LIKE '%Горячий Ключ%' AND s.flag = 'lowResults' AND s.schoolYear IN (2022, 2023)
                GROUP BY s.schoolYear ORDER BY s.schoolYear
                """)
        }
        #expect(counts == [11, 7])
        // Seed 001: the seven 2022 participants all left the list.
        let exits = try database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schoolStatusChange WHERE isExit = 1 AND schoolYear = 2023 AND flag = 'lowResults'")!
        }
        #expect(exits >= 7)
        // Every change was audited in the same transaction.
        let audited = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE entity = 'schoolStatus'")! }
        let changes = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schoolStatusChange")! }
        #expect(audited == changes)
    }

    @Test func demoRefusesANonEmptyDatabase() throws {
        let database = try makeDemoDatabase()
        #expect(throws: DomainError.self) { try DemoLoader(database: database, hasher: fastHasher).load(.seeded) }
    }

    @Test func syntheticRegionLoads() throws {
        let database = try makeTestDatabase()
        _ = try DemoLoader(database: database, hasher: fastHasher).load(SyntheticRegion.make(schools: 300, years: 3, seed: 7))
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM school") } == 300)
    }
}
