import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct DemoResultsTests {
    func lowResultsSchools(_ database: AppDatabase, _ year: Int) throws -> Set<Int64> {
        try database.read {
            try Set(Int64.fetchAll($0, sql: "SELECT schoolId FROM schoolStatus WHERE flag = 'lowResults' AND schoolYear = ?", arguments: [year]))
        }
    }

    /// The seeds' own years: the demo as of a day of their last year (2023/2024 running).
    @Test func seededDemoIdentificationReproducesTheSeedsStatuses() throws {
        let database = try makeDemoDatabase(today: "2024-03-01")
        let service = IdentificationService(database: database)
        for year in DemoRegion.seededYears {
            let report = try service.identify(.console, year: SchoolYear(year))
            let identified = Set(report.identified.map(\.schoolId))
            #expect(identified == (try lowResultsSchools(database, year)), "year \(year)")
            let allConfirmed = report.identified.allSatisfy { $0.isConfirmed }
            let allExplained = report.identified.allSatisfy { !$0.evaluation.reasons.isEmpty }
            #expect(allConfirmed)
            #expect(allExplained)
        }
        // Both rules appear in the demo.
        let rules = try DemoRegion.seededYears.flatMap { try service.identify(.console, year: SchoolYear($0)).identified.flatMap(\.evaluation.rules) }
        #expect(Set(rules) == Set(IdentificationRule.allCases))
        // Every demo school has results in each of the four years 2019/2020 … 2022/2023.
        let years = try database.read {
            try Int.fetchAll($0, sql: "SELECT DISTINCT schoolYear FROM result ORDER BY schoolYear")
        }
        #expect(years == [2019, 2020, 2021, 2022])
        let schoolsWithout = try database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM school WHERE id NOT IN (SELECT schoolId FROM result WHERE procedureId = 1)")
        }
        #expect(schoolsWithout == 0)
    }

    @Test func curatorReadsOnlyAssignedSchoolsAndDirectorCannotWrite() throws {
        let database = try makeDemoDatabase()
        func scope(_ login: String) throws -> Scope {
            Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
        }
        let curator = try scope("curator-ku")
        let assigned = try database.read {
            try Set(Int64.fetchAll($0, sql: "SELECT schoolId FROM curatorAssignment WHERE curatorId = ?", arguments: [curator.userId]))
        }
        let other = try database.read {
            try Int64.fetchOne($0, sql: "SELECT id FROM school WHERE id NOT IN (SELECT schoolId FROM curatorAssignment WHERE curatorId = ?) LIMIT 1",
                               arguments: [curator.userId])!
        }
        let results = Results(database: database)
        for id in assigned {
            #expect(try results.grid(curator, schoolId: id, year: SchoolYear(2021)).rows.contains { $0.values != nil })
        }
        #expect(throws: DomainError.forbidden) { try results.grid(curator, schoolId: other, year: SchoolYear(2021)) }
        #expect(throws: DomainError.forbidden) { try results.history(curator, schoolId: other) }
        var form = ResultForm()
        form.participants = "10"; form.mark2 = "1"; form.mark3 = "3"; form.mark4 = "3"; form.mark5 = "3"
        #expect(throws: DomainError.forbidden) {
            try results.saveGrid(curator, schoolId: assigned.first!, year: SchoolYear(2021), forms: [1: form])
        }
        let report = try IdentificationService(database: database).identify(curator, year: SchoolYear(2023))
        #expect(Set(report.items.map(\.schoolId)).isSubset(of: assigned))
        #expect(throws: DomainError.forbidden) {
            try IdentificationService(database: database).confirm(curator, year: SchoolYear(2023), schoolIds: Array(assigned))
        }
        let director = try scope("director-ku")
        #expect(throws: DomainError.forbidden) {
            try results.saveGrid(director, schoolId: director.schoolId!, year: SchoolYear(2021), forms: [1: form])
        }
        #expect(try results.history(director, schoolId: director.schoolId!).count > 0)
    }

    @Test func everyDemoResultPassesValidation() throws {
        let database = try makeDemoDatabase()
        let problems = try database.read { db -> [String] in
            let procedures = Dictionary(uniqueKeysWithValues: try Procedures.all(db).map { ($0.id!, $0) })
            return try ResultRecord.fetchAll(db).compactMap { r in
                let errors = r.values.validationErrors(for: procedures[r.procedureId]!.lowRule)
                return errors.isEmpty ? nil : "\(r.schoolId)/\(r.procedureId)/\(r.schoolYear): \(errors)"
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(3))")
    }

    @Test func syntheticRegionIdentificationReproducesItsStatuses() throws {
        let database = try makeTestDatabase()
        _ = try DemoLoader(database: database, hasher: fastHasher).load(SyntheticRegion.make(schools: 300, years: 4, seed: 11))
        let service = IdentificationService(database: database)
        for year in 2020...2023 {
            let identified = Set(try service.identify(.console, year: SchoolYear(year)).identified.map(\.schoolId))
            #expect(identified == (try lowResultsSchools(database, year)), "year \(year)")
        }
        let perSchool = try database.read {
            try Int.fetchOne($0, sql: "SELECT MAX(c) FROM (SELECT COUNT(DISTINCT procedureId) AS c FROM result GROUP BY schoolId)")
        }
        #expect(perSchool == 25)
    }

    @Test func signalsOfNonObjectivityInTheDemo() throws {
        let database = try makeDemoDatabase()
        let service = NonObjectivitySignals(database: database)
        // Signals in the results of year Y fall exactly on the schools with signs of non-objectivity in Y+1:
        // seed 002 (Путиловская, Назиевская, Шумская for 2020/2021) and seed 001 (СШ № 32 for 2021/2022).
        for year in 2019...2022 {
            let signals = try service.signals(.console, year: SchoolYear(year))
            let flagged = try database.read {
                try Set(Int64.fetchAll($0, sql: "SELECT schoolId FROM schoolStatus WHERE flag = 'nonObjectiveSigns' AND schoolYear = ?",
                                       arguments: [year + 1]))
            }
            #expect(Set(signals.filter { $0.kind == .aboveMunicipal }.map(\.schoolId)) == flagged, "year \(year)")
            #expect(Set(signals.filter { $0.kind == .journalMismatch }.map(\.schoolId)) == flagged, "year \(year)")
        }
        let signals = try service.signals(.console, year: SchoolYear(2019))
        let first = try #require(signals.first { $0.kind == .aboveMunicipal })
        #expect(first.text.contains("по муниципалитету"))
        #expect(!first.exams.isEmpty)
        let backed = first.exams.allSatisfy { $0.belowMinimum.isAtLeast($0.municipalBelowMinimum) }
        #expect(backed)
        // A wider margin silences the first signal; a higher mismatch threshold the second.
        var strict = RegionSettings.defaults
        strict.nonObjectiveMarginBasisPoints = 6000
        strict.journalMismatchBasisPoints = 9000
        #expect(try service.signals(.console, year: SchoolYear(2019), settings: strict).isEmpty)
        // Only the scope's schools.
        let director = Scope(try database.read { try User.filter(sql: "login = 'director-kr-put'").fetchOne($0)! })
        let own = try service.signals(director, year: SchoolYear(2019))
        #expect(!own.isEmpty)
        let onlyOwn = own.allSatisfy { $0.schoolId == director.schoolId }
        #expect(onlyOwn)
        let other = Scope(try database.read { try User.filter(sql: "login = 'director-ku'").fetchOne($0)! })
        #expect(try service.signals(other, year: SchoolYear(2019)).isEmpty)
    }

    @Test func lyceumsAndGymnasiumsGetNoAboveMunicipalSignal() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        // The lyceum A2 has 90 % «4»+«5» against the municipality's, with weak ОГЭ; A1 the same as a СОШ.
        for school in [region.schoolA1, region.schoolA2] {
            var journal = SmallRegion.vpr(20, 0, 2, 10, 8)
            journal.lowered = "1"; journal.confirmed = "18"; journal.raised = "1"
            try results.saveGrid(.console, schoolId: school, year: SchoolYear(2022), forms: [1: journal, 5: SmallRegion.exam(20, below: 5)])
        }
        // A third school pulls the municipal figures down: it is in the other municipality, so add one here.
        let now = region.database.now
        let third = try region.database.write { db -> Int64 in
            var s = School(municipalityId: region.municipalityA, code: "A3", name: "СОШ № 3", shortName: "СОШ № 3", kind: .sosh, createdAt: now, updatedAt: now)
            try s.insert(db)
            return s.id!
        }
        try results.saveGrid(.console, schoolId: third, year: SchoolYear(2022), forms: [1: SmallRegion.vpr(60, 6, 44, 8, 2), 5: SmallRegion.exam(60, below: 3)])
        let signals = try NonObjectivitySignals(database: region.database).signals(.console, year: SchoolYear(2022))
        #expect(signals.map(\.schoolId) == [region.schoolA1])
        #expect(signals.first?.highMarks == Share(count: 18, participants: 20))
        #expect(signals.first?.municipalHighMarks == Share(count: 46, participants: 100))
    }
}
