import Foundation
import GRDB
import Testing
@testable import Core

/// Issue 19 item 1: schools of the list without results of the year are «нет данных», never an exit, in the
/// identification and in the summary report.
@Suite struct MissingResultsTests {
    struct Fixture {
        let database: AppDatabase
        let ku: Int64
        let coordinator: Scope
        /// The latest school year with a ШНОР list in the municipality (its results deleted, then four rows added).
        let year: Int
        let listed: [Int64]
        /// Listed in `year`: two low results of `year` (identified again), two clean ones (leaves the list).
        let low: Int64
        let clean: Int64
        var missing: Set<Int64> { Set(listed).subtracting([low, clean]) }
    }

    /// The demo with the results of the latest list's year gone, then four rows for two of its schools «imported».
    static func fixture() throws -> Fixture {
        let database = try makeDemoDatabase()
        return try database.write { db in
            let ku = try Int64.fetchOne(db, sql: "SELECT id FROM municipality WHERE name = 'Каменск-Уральский городской округ'")!
            let year = try Int.fetchOne(db, sql: """
                SELECT MAX(s.schoolYear) FROM schoolStatus s JOIN school ON school.id = s.schoolId
                WHERE s.flag = 'lowResults' AND school.municipalityId = ?
                """, arguments: [ku])!
            let listed = try Int64.fetchAll(db, sql: """
                SELECT s.schoolId FROM schoolStatus s JOIN school ON school.id = s.schoolId
                WHERE s.flag = 'lowResults' AND s.schoolYear = ? AND school.municipalityId = ? ORDER BY s.schoolId
                """, arguments: [year, ku])
            try db.execute(sql: "DELETE FROM result WHERE schoolYear >= ?", arguments: [year])
            let procedures = try Int64.fetchAll(db, sql: """
                SELECT id FROM procedure WHERE isAnalysed = 1 AND archivedAt IS NULL AND lowRule = 'markTwo' ORDER BY sortOrder, id LIMIT 2
                """)
            for (school, mark2) in [(listed[0], 20), (listed[1], 0)] {
                for p in procedures {
                    try db.execute(sql: "INSERT INTO result (schoolId, procedureId, schoolYear, participants, mark2, updatedAt) VALUES (?, ?, ?, 40, ?, '2024-06-01 00:00:00.000')",
                                   arguments: [school, p, year, mark2])
                }
            }
            let user = try User.fetchOne(db, sql: "SELECT * FROM user WHERE login = 'mun-ku'")!
            return Fixture(database: database, ku: ku, coordinator: Scope(user), year: year, listed: listed, low: listed[0], clean: listed[1])
        }
    }

    @Test func listedSchoolsWithoutResultsAreNoDataNotLeaving() throws {
        let f = try Self.fixture()
        #expect(f.listed.count >= 3)
        let target = SchoolYear(f.year + 1)
        let report = try IdentificationService(database: f.database).identify(f.coordinator, year: target)
        #expect(report.identified.map(\.schoolId) == [f.low])
        #expect(report.leaving.map(\.schoolId) == [f.clean])
        #expect(Set(report.noData.map(\.schoolId)) == f.missing)
        #expect(report.schoolsWithData == 2)
        #expect(report.noData.allSatisfy { $0.status.title(target: target) == "нет данных за учебный год \(SchoolYear(f.year).title)" })

        // The CSV table keeps its columns in place and adds «Данные за …» last.
        let table = report.table(includeLeaving: true)
        #expect(table[0].count == 7 && table[0][5].hasPrefix("Статус") && table[0][6] == "Данные за \(SchoolYear(f.year).title)")
        let noDataRows = table.dropFirst().filter { $0[6] == "нет" }
        #expect(noDataRows.count == f.missing.count)
        #expect(noDataRows.allSatisfy { $0[5] == "нет данных за учебный год \(SchoolYear(f.year).title)" && $0[3] == "нет данных" })
        #expect(table.dropFirst().filter { $0[5] == "выходит из перечня" }.count == 1)
        // Without --leaving, only the identified school.
        #expect(report.table().count == 2)

        // An exit of a school without results is refused, and nothing is written.
        let before = try f.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schoolStatusChange")! }
        #expect(throws: DomainError.self) {
            try IdentificationService(database: f.database).confirm(f.coordinator, year: target, schoolIds: [], exits: [f.missing.first!])
        }
        #expect(try f.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schoolStatusChange")! } == before)
    }

    @Test func theSummaryCountsOnlySchoolsWithResults() throws {
        let f = try Self.fixture()
        let target = SchoolYear(f.year + 1)
        // Confirming one school «forms» the next list: the others must still not read as exits.
        try IdentificationService(database: f.database).confirm(f.coordinator, year: target, schoolIds: [f.low])
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku,
                                                                   from: SchoolYear(f.year - 2), to: SchoolYear(f.year))
        #expect(report.exitsByYear[SchoolYear(f.year)]?.map(\.id) == [f.clean])
        #expect(!report.conclusions.contains { $0.hasPrefix("Все ") })
        let exits = report.section(6)!.paragraphs.joined(separator: " ")
        #expect(exits.contains("нет данных по \(f.missing.count) школ"))
        #expect(exits.contains("выход из ШНОР не определён"))
        let counts = report.table("summary-exit-counts")!.rows.first { $0[0] == .text(SchoolYear(f.year).title) }!
        #expect(counts[2] == .count(1) && counts[4] == .count(f.missing.count))
        // The identification for the next year reads results of only two schools, and says so.
        let next = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku,
                                                                 from: SchoolYear(f.year - 1), to: target)
        #expect(next.section(1)!.paragraphs.joined(separator: " ").contains("на \(target.title) — по данным 2 школ"))
        // The municipal share is over the two schools with results and their 160 pupils, and the text says so.
        let dynamics = report.section(2)!.paragraphs.joined(separator: " ")
        #expect(dynamics.contains("по данным 2 из "))
        #expect(dynamics.contains("160 участников"))
    }
}
