import Foundation
import GRDB
import Testing
@testable import Core

/// The read models of the results pages and the results export, on a small hand-made region.
@Suite struct ResultOverviewTests {
    /// School A1: ВПР Математика 5 кл. low in 2021 and 2022 (two years in a row), ОГЭ Математика low in 2022;
    /// school A2: one clean result in 2022; school B1 (other municipality) low twice in 2022.
    func filled() throws -> SmallRegion {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        try results.saveGrid(.console, schoolId: region.schoolA1, year: SchoolYear(2021), forms: [1: SmallRegion.vpr(20, 7, 8, 3, 2)])
        try results.saveGrid(.console, schoolId: region.schoolA1, year: SchoolYear(2022), forms: [
            1: SmallRegion.vpr(20, 6, 8, 4, 2), 5: SmallRegion.exam(10, below: 3), 2: SmallRegion.vpr(10, 1, 3, 3, 3),
        ])
        try results.saveGrid(.console, schoolId: region.schoolA2, year: SchoolYear(2022), forms: [1: SmallRegion.vpr(30, 2, 10, 10, 8)])
        try results.saveGrid(.console, schoolId: region.schoolB1, year: SchoolYear(2022), forms: [
            1: SmallRegion.vpr(10, 5, 3, 1, 1), 3: SmallRegion.vpr(10, 4, 3, 2, 1),
        ])
        return region
    }

    @Test func schoolOverviewPicksTheLatestYearAndKnowsWhoMayEdit() throws {
        let region = try filled()
        let results = Results(database: region.database)
        let o = try results.overview(region.municipal(region.municipalityA), schoolId: region.schoolA1, year: nil)
        #expect(o.year == SchoolYear(2022))
        #expect(o.years == [SchoolYear(2022), SchoolYear(2021)])
        #expect(o.grid.rows.filter { $0.values != nil }.count == 3)
        #expect(o.history.count == 4)
        #expect(o.lowShareBasisPoints == 3000)
        #expect(o.canEdit)
        let asDirector = try results.overview(region.director(region.schoolA1, region.municipalityA), schoolId: region.schoolA1,
                                              year: SchoolYear(2021))
        #expect(asDirector.year == SchoolYear(2021))
        #expect(!asDirector.canEdit)
        #expect(throws: DomainError.forbidden) {
            try results.overview(region.municipal(region.municipalityB), schoolId: region.schoolA1, year: nil)
        }
        #expect(throws: DomainError.forbidden) {
            try results.editableGrid(region.director(region.schoolA1, region.municipalityA), schoolId: region.schoolA1, year: SchoolYear(2022))
        }
        #expect(throws: DomainError.notFound) { try results.overview(.console, schoolId: 999_999, year: nil) }
    }

    @Test func municipalityOverviewCountsLowResultsAndIdentifiedSchools() throws {
        let region = try filled()
        let o = try Results(database: region.database).municipalityOverview(region.municipal(region.municipalityA),
                                                                           municipalityId: region.municipalityA)
        #expect(o.years.map(\.year) == [SchoolYear(2021), SchoolYear(2022), SchoolYear(2023)])
        #expect(o.years.map(\.lowResults) == [1, 2, nil])
        #expect(o.years.map(\.analysedResults) == [1, 4, 0])
        // The list of 2023/2024 from 2021 and 2022: A1 (two in 2022, and in both years); B1 is another municipality.
        #expect(o.years.map(\.identifiedSchools) == [0, 0, 1])
        #expect(o.resultYears == [SchoolYear(2022), SchoolYear(2021)])
        #expect(throws: DomainError.forbidden) {
            try Results(database: region.database).municipalityOverview(region.director(region.schoolA1, region.municipalityA),
                                                                       municipalityId: region.municipalityA)
        }
        #expect(throws: DomainError.forbidden) {
            try Results(database: region.database).municipalityOverview(region.municipal(region.municipalityB),
                                                                       municipalityId: region.municipalityA)
        }
        let empty = try Results(database: region.database).municipalityOverview(.console, municipalityId: region.municipalityB)
        #expect(empty.years.map(\.lowResults) == [2, nil])
    }

    @Test func exportTableFollowsTheFileFormatAndTheScope() throws {
        let region = try filled()
        let export = ResultsExport(database: region.database)
        let a2022 = try export.table(region.municipal(region.municipalityA), municipalityId: region.municipalityA, year: SchoolYear(2022))
        #expect(a2022[0] == ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Процедура", "Предмет", "Класс", "Участников",
                             "«2»", "«3»", "«4»", "«5»", "Ниже минимума", "Средний балл", "Понизили", "Подтвердили", "Повысили"])
        #expect(a2022.dropFirst().map { [$0[2], $0[4], $0[5], $0[6]] } == [
            ["Лицей № 2", "ВПР", "Математика", "5"],
            ["СОШ № 1", "ВПР", "Математика", "5"], ["СОШ № 1", "ВПР", "Математика", "6"], ["СОШ № 1", "ОГЭ", "Математика", "9"],
        ])
        #expect(a2022[2] == ["Город А", "A1", "СОШ № 1", "2022/2023", "ВПР", "Математика", "5", "20", "6", "8", "4", "2", "", "", "", "", ""])
        #expect(a2022[4][7...12] == ["10", "", "", "", "", "3"])
        // A municipal coordinator asking for the region gets their municipality only; all years without a year.
        let mine = try export.table(region.municipal(region.municipalityA), municipalityId: nil, year: nil)
        #expect(mine.count == 1 + 5)
        #expect(mine.dropFirst().allSatisfy { $0[0] == "Город А" })
        #expect(try export.table(.console, municipalityId: nil, year: nil).count == 1 + 7)
        #expect(throws: DomainError.forbidden) {
            try export.table(region.municipal(region.municipalityA), municipalityId: region.municipalityB, year: nil)
        }
        #expect(throws: DomainError.forbidden) {
            try export.table(region.director(region.schoolA1, region.municipalityA), municipalityId: nil, year: nil)
        }
        #expect(throws: DomainError.notFound) { try export.table(.console, municipalityId: 999_999, year: nil) }
        #expect(ResultsFile.mean(3.5) == "3,5")
        #expect(ResultsFile.mean(3.05) == "3,05")
        #expect(ResultsFile.mean(61) == "61")
    }
}
