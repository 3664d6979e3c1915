import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct ResultImportTests {
    @Test func anImportIsRolledBackAsAWhole() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        let scope = region.municipal(region.municipalityA)
        let y = SchoolYear(2022)
        try results.saveGrid(scope, schoolId: region.schoolA1, year: y, forms: [1: SmallRegion.vpr(10, 1, 3, 3, 3)])
        let old = ResultValues(participants: 10, mark2: 1, mark3: 3, mark4: 3, mark5: 3)
        let new = ResultValues(participants: 10, mark2: 4, mark3: 3, mark4: 2, mark5: 1)
        let exam = ResultValues(participants: 20, belowMinimum: 7)
        let now = region.database.now
        let importId = try region.database.write { db -> Int64 in
            var record = try ResultImports.begin(db, scope, fileName: "результаты.xlsx", sha256: String(repeating: "ab", count: 32),
                                                 municipalityId: region.municipalityA, at: now)
            #expect(try ResultImports.write(db, scope, &record, schoolId: region.schoolA1, procedureId: 1, year: y, values: new, at: now) == .updated)
            #expect(try ResultImports.write(db, scope, &record, schoolId: region.schoolA2, procedureId: 5, year: y, values: exam, at: now) == .inserted)
            #expect(try ResultImports.write(db, scope, &record, schoolId: region.schoolA2, procedureId: 5, year: y, values: exam, at: now) == .unchanged)
            try ResultImports.finish(db, scope, record, at: now)
            return record.id!
        }
        let imports = ResultImports(database: region.database)
        let listed = try #require(try imports.list(scope).first)
        #expect((listed.rowCount, listed.insertedCount, listed.updatedCount, listed.unchangedCount) == (3, 1, 1, 1))
        #expect(try imports.list(region.municipal(region.municipalityB)).isEmpty)
        #expect(throws: DomainError.forbidden) { try imports.rollback(region.municipal(region.municipalityB), importId: importId) }

        try imports.rollback(scope, importId: importId)
        let stored = try region.database.read { try ResultRecord.order(Column("id")).fetchAll($0) }
        #expect(stored.map(\.values) == [old])
        #expect(throws: DomainError.conflict("Этот импорт уже отменён")) { try imports.rollback(scope, importId: importId) }
    }

    @Test func rollbackRefusesWhenAResultChangedSince() throws {
        let region = try SmallRegion()
        let scope = region.municipal(region.municipalityA)
        let now = region.database.now
        let importId = try region.database.write { db -> Int64 in
            var record = try ResultImports.begin(db, scope, fileName: "a.csv", sha256: String(repeating: "0", count: 64),
                                                 municipalityId: region.municipalityA, at: now)
            _ = try ResultImports.write(db, scope, &record, schoolId: region.schoolA1, procedureId: 5, year: SchoolYear(2022),
                                        values: ResultValues(participants: 20, belowMinimum: 7), at: now)
            try ResultImports.finish(db, scope, record, at: now)
            return record.id!
        }
        try Results(database: region.database).saveGrid(scope, schoolId: region.schoolA1, year: SchoolYear(2022),
                                                         forms: [5: SmallRegion.exam(20, below: 8)])
        #expect(throws: DomainError.self) { try ResultImports(database: region.database).rollback(scope, importId: importId) }
        #expect(try region.database.read { try Int.fetchOne($0, sql: "SELECT belowMinimum FROM result") } == 8)
    }
}
