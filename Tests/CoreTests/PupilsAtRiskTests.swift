import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct PupilsAtRiskTests {
    let region: SmallRegion
    let service: PupilsAtRisk
    init() throws {
        region = try SmallRegion()
        service = PupilsAtRisk(database: region.database)
    }

    var directorA1: Scope { region.director(region.schoolA1, region.municipalityA) }

    static func row(_ grade: String, _ subject: String, _ pupils: String, _ atRisk: String, _ special: String = "",
                    plan: String = "", id: Int64? = nil) -> PupilsAtRiskInput {
        PupilsAtRiskInput(id: id, grade: grade, subject: subject, pupils: pupils, atRisk: atRisk, withSpecialNeeds: special, plan: plan)
    }

    func count() throws -> Int { try region.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pupilsAtRisk") ?? 0 } }

    // MARK: Computations

    @Test func shareAndChangeAreComputed() {
        #expect(PupilsAtRiskMath.share(12, of: 48) == 0.25)
        #expect(PupilsAtRiskMath.share(3, of: 0) == nil)
        #expect(PupilsAtRiskMath.percent(0.25) == "25,0 %")
        #expect(PupilsAtRiskMath.percent(1.0 / 3) == "33,3 %")
        // 25 % → 20 %: −5 percentage points.
        #expect(PupilsAtRiskMath.change(from: 0.25, to: 0.20) == -5)
        #expect(PupilsAtRiskMath.change(from: 0.10, to: 0.125) == 2.5)
        #expect(PupilsAtRiskMath.change(from: nil, to: 0.2) == nil)
        #expect(PupilsAtRiskMath.changeText(-5) == "−5,0 п. п.")
        #expect(PupilsAtRiskMath.changeText(2.5) == "+2,5 п. п.")
        #expect(PupilsAtRiskMath.changeText(0.01) == "без изменений")
        // Between −1 and 0 the whole part is 0 and cannot carry the sign (the export wrote «0,5» for −0,5).
        #expect(PupilsAtRiskMath.decimal(-0.5) == "-0,5")
        #expect(PupilsAtRiskMath.decimal(-3.5) == "-3,5")
        #expect(PupilsAtRiskMath.decimal(0.04) == "0,0")
    }

    @Test func subjectsAreRecognisedInTheirUsualSpellings() {
        #expect(PupilsAtRiskSubjects.canonical("математика") == "Математика")
        #expect(PupilsAtRiskSubjects.canonical("Математика (профильная)") == "Математика")
        #expect(PupilsAtRiskSubjects.canonical("Русский") == "Русский язык")
        #expect(PupilsAtRiskSubjects.canonical("английский язык") == "Иностранный язык")
        #expect(PupilsAtRiskSubjects.canonical("Обществозн") == "Обществознание")
        #expect(PupilsAtRiskSubjects.canonical("Астрология") == nil)
    }

    // MARK: Validation

    @Test func validationInRussianNextToTheField() throws {
        func errors(_ input: PupilsAtRiskInput) -> [FieldError] {
            if case .failure(let e) = PupilsAtRisk.validate(input) { return e.errors }
            return []
        }
        #expect(errors(Self.row("9", "Математика", "50", "12", "3")).isEmpty)
        #expect(errors(Self.row("9", "Математика", "50", "51")) == [FieldError("atRisk-new", "В «зоне риска» не может быть больше обучающихся (51), чем в параллели (50)")])
        #expect(errors(Self.row("9", "Математика", "50", "5", "6")) == [FieldError("withSpecialNeeds-new", "Обучающихся с ОВЗ (6) не может быть больше, чем в «зоне риска» (5)")])
        #expect(errors(Self.row("10", "Математика", "50", "5")).map(\.field) == ["grade-new"])
        #expect(errors(Self.row("9", "Астрология", "50", "5")).map(\.field) == ["subject-new"])
        #expect(errors(Self.row("9", "Математика", "много", "5")).map(\.message) == ["Укажите число обучающихся в параллели целым неотрицательным числом, а не «много»"])
        #expect(errors(Self.row("9", "Математика", "0", "0")).map(\.field) == ["pupils-new"])
        #expect(errors(Self.row("9", "Математика", "40", "-2")).map(\.field) == ["atRisk-new"])
        #expect(errors(Self.row("", "", "", "", id: 7)).map(\.field) == ["grade-7", "subject-7", "pupils-7", "atRisk-7"])
        #expect(errors(Self.row("11", "Физика", "20", "2", plan: String(repeating: "п", count: 2001))).map(\.field) == ["plan-new"])
    }

    @Test func invalidRowsWriteNothingAndDuplicatesAreRefused() throws {
        #expect(throws: DomainError.self) {
            try service.save(directorA1, school: region.schoolA1, year: SchoolYear(2023),
                             rows: [Self.row("9", "Математика", "50", "12"), Self.row("9", "Русский язык", "50", "60")])
        }
        #expect(try count() == 0)
        try service.save(directorA1, school: region.schoolA1, year: SchoolYear(2023), rows: [Self.row("9", "Математика", "50", "12")])
        do {
            try service.save(directorA1, school: region.schoolA1, year: SchoolYear(2023), rows: [Self.row("9", "математика", "40", "2")])
            Issue.record("a second row for the same grade and subject was accepted")
        } catch DomainError.invalid(let errors) {
            #expect(errors.map(\.field) == ["subject-new"])
            #expect(errors[0].message.contains("9 класс, математика"))
        }
        #expect(try count() == 1)
    }

    // MARK: A school's year and the change

    @Test func schoolYearWithChangeFromThePreviousYear() throws {
        try service.save(directorA1, school: region.schoolA1, year: SchoolYear(2022),
                         rows: [Self.row("9", "Математика", "50", "15", "2"), Self.row("9", "Русский язык", "50", "10")])
        try service.save(directorA1, school: region.schoolA1, year: SchoolYear(2023),
                         rows: [Self.row("9", "Математика", "48", "12", "1", plan: "Консультации по субботам"),
                                Self.row("11", "Математика", "20", "4")])
        let d = try service.school(directorA1, school: region.schoolA1, year: nil)
        #expect(d.year == SchoolYear(2023))
        #expect(d.years == [SchoolYear(2023), SchoolYear(2022)])
        #expect(d.canEdit)
        #expect(d.lines.map(\.record.key.title) == ["9 класс, математика", "11 класс, математика"])
        // 15/50 = 30 % → 12/48 = 25 %: −5 п. п.; 11th grade has no previous year.
        #expect(d.lines[0].share == 0.25)
        #expect(d.lines[0].change == -5)
        #expect(d.lines[0].record.plan == "Консультации по субботам")
        #expect(d.lines[1].change == nil)
        #expect(d.total == PupilsAtRiskFigures(pupils: 68, atRisk: 16, withSpecialNeeds: 1))
    }

    @Test func updateKeepsOneRowAndIsAudited() throws {
        let year = SchoolYear(2023)
        try service.save(directorA1, school: region.schoolA1, year: year, rows: [Self.row("9", "Математика", "50", "12")])
        let id = try service.school(directorA1, school: region.schoolA1, year: year).lines[0].record.id!
        try service.save(directorA1, school: region.schoolA1, year: year, rows: [Self.row("9", "Математика", "50", "9", "1", id: id)])
        // Saving the same values again changes nothing and records nothing.
        try service.save(directorA1, school: region.schoolA1, year: year, rows: [Self.row("9", "Математика", "50", "9", "1", id: id)])
        let d = try service.school(directorA1, school: region.schoolA1, year: year)
        #expect(d.lines.count == 1)
        #expect(d.lines[0].record.atRisk == 9)
        let audits = try region.database.read {
            try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE entity = 'pupilsAtRisk' ORDER BY id")
        }
        #expect(audits == ["create", "update"])
        try service.remove(directorA1, id: id)
        #expect(try count() == 0)
    }

    // MARK: Access

    @Test func directorOnlyOwnSchoolAndCoordinatorOnlyOwnMunicipality() throws {
        let year = SchoolYear(2023)
        let directorA2 = region.director(region.schoolA2, region.municipalityA)
        #expect(throws: DomainError.forbidden) {
            try service.save(directorA2, school: region.schoolA1, year: year, rows: [Self.row("9", "Математика", "50", "12")])
        }
        #expect(throws: DomainError.forbidden) { _ = try service.school(directorA2, school: region.schoolA1, year: year) }
        #expect(throws: DomainError.forbidden) {
            try service.save(region.municipal(region.municipalityB), school: region.schoolA1, year: year, rows: [Self.row("9", "Математика", "50", "12")])
        }
        try service.save(region.municipal(region.municipalityA), school: region.schoolA1, year: year, rows: [Self.row("9", "Математика", "50", "12")])
        #expect(throws: DomainError.forbidden) {
            _ = try service.municipalSummary(directorA1, municipalityId: region.municipalityA, year: year)
        }
        #expect(throws: DomainError.forbidden) {
            _ = try service.municipalSummary(region.municipal(region.municipalityB), municipalityId: region.municipalityA, year: year)
        }
        let id = try service.school(directorA1, school: region.schoolA1, year: year).lines[0].record.id!
        #expect(throws: DomainError.forbidden) { try service.remove(directorA2, id: id) }
        #expect(try count() == 1)
    }

    @Test func curatorReadsAssignedSchoolsOnly() throws {
        let db = try makeDemoDatabase(workingCycle: false)
        let s = PupilsAtRisk(database: db)
        func scope(_ login: String) throws -> Scope { try db.read { Scope(try User.filter(Column("login") == login).fetchOne($0)!) } }
        let curator = try scope("curator-ku"), other = try scope("curator-ku-3"), director = try scope("director-ku")
        let schoolX = director.schoolId!
        let d = try s.school(curator, school: schoolX, year: nil)
        #expect(!d.canEdit)
        #expect(!d.lines.isEmpty, "the demo has figures for the director's school")
        #expect(throws: DomainError.forbidden) { _ = try s.school(other, school: schoolX, year: nil) }
        #expect(throws: DomainError.forbidden) {
            try s.save(curator, school: schoolX, year: d.year, rows: [Self.row("11", "Физика", "20", "2")])
        }
    }

    // MARK: The municipality

    @Test func municipalSummaryTotalsPerSubjectWithChangeOverTheSameSchools() throws {
        let coordinator = region.municipal(region.municipalityA)
        try service.save(coordinator, school: region.schoolA1, year: SchoolYear(2022), rows: [Self.row("9", "Математика", "50", "15")])
        try service.save(coordinator, school: region.schoolA1, year: SchoolYear(2023), rows: [Self.row("9", "Математика", "50", "10")])
        // A school with figures only this year: counted in the totals, not in the change.
        try service.save(coordinator, school: region.schoolA2, year: SchoolYear(2023),
                         rows: [Self.row("9", "Математика", "30", "15"), Self.row("9", "Русский язык", "30", "3")])
        let summary = try service.municipalSummary(coordinator, municipalityId: region.municipalityA, year: SchoolYear(2023))
        #expect(summary.lines.map(\.key.title) == ["9 класс, русский язык", "9 класс, математика"])
        let math = summary.lines[1]
        #expect(math.schoolCount == 2)
        #expect(math.figures == PupilsAtRiskFigures(pupils: 80, atRisk: 25, withSpecialNeeds: 0))
        #expect(math.share == 25.0 / 80)
        // Over school A1 only: 30 % → 20 %.
        #expect(math.change == -10)
        #expect(summary.lines[0].change == nil)
        let region = try service.municipalSummary(Scope(userId: nil, login: "r", fullName: "Р", role: .regional, municipalityId: nil, schoolId: nil),
                                                  municipalityId: self.region.municipalityA, year: SchoolYear(2023))
        #expect(region == summary)
        let table = try service.municipalTable(coordinator, municipalityId: self.region.municipalityA, year: nil)
        #expect(table.year == SchoolYear(2023))
        #expect(table.schools.count == 3)
    }

    // MARK: Small-group suppression (the public page)

    @Test func groupsOfFewerThanTenPupilsAreSuppressed() {
        #expect(SmallGroupSuppression.count(9).text == "<10")
        #expect(SmallGroupSuppression.count(1).text == "<10")
        #expect(SmallGroupSuppression.count(10).text == "10")
        #expect(SmallGroupSuppression.count(0).text == "0")
        // A share computed from a group of fewer than 10 becomes «<10», whether the part or the whole is small.
        #expect(SmallGroupSuppression.share(7, of: 50) == .suppressed)
        #expect(SmallGroupSuppression.share(3, of: 8) == .suppressed)
        #expect(SmallGroupSuppression.share(12, of: 48).text == "25,0 %")
        #expect(SmallGroupSuppression.share(0, of: 40).text == "0,0 %")
        let f = SmallGroupSuppression.figures(PupilsAtRiskFigures(pupils: 50, atRisk: 12, withSpecialNeeds: 3))
        #expect([f.pupils, f.atRisk, f.withSpecialNeeds, f.share].map(\.text) == ["50", "12", "<10", "24,0 %"])
        let small = SmallGroupSuppression.figures(PupilsAtRiskFigures(pupils: 8, atRisk: 0, withSpecialNeeds: 0))
        #expect([small.pupils, small.atRisk, small.withSpecialNeeds, small.share].map(\.text) == ["<10", "<10", "<10", "<10"])
    }
}

@Suite struct PupilsAtRiskImporterTests {
    static let header: [String?] = ["Муниципалитет", "Код школы", "Школа", "Учебный год", "Класс", "Предмет", "Обучающихся", "В зоне риска",
                                    "Из них с ОВЗ", "План работы"]
    static func lines(_ rows: [[String?]]) -> [ImportLine] {
        rows.enumerated().map { ImportLine(line: $0.offset + 1, values: $0.element) }
    }

    let region: SmallRegion
    let importer: PupilsAtRiskImporter
    init() throws {
        region = try SmallRegion()
        importer = PupilsAtRiskImporter(database: region.database)
    }
    var scope: Scope { region.municipal(region.municipalityA) }
    func count() throws -> Int { try region.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM pupilsAtRisk") ?? 0 } }

    static let good: [[String?]] = [
        header,
        ["Город А", "A1", nil, "2023/2024", "9", "Математика", "50", "12", "2", "Консультации"],
        [nil, nil, "МБОУ «СОШ №1»", "2023/2024", "9 класс", "русский", "50", "8", nil, nil],
        [nil, nil, "Лицей № 2", "2023", "11", "Физика", "25", "3", "0", nil],
    ]

    @Test func previewThenCommitThenReimportIsUnchanged() throws {
        let plan = try importer.preview(scope, fileName: "зона.xlsx", lines: Self.lines(Self.good))
        #expect(plan.errors.isEmpty && plan.fileErrors.isEmpty)
        #expect(plan.insertCount == 3)
        #expect(try count() == 0, "the preview writes nothing")
        try importer.commit(scope, fileName: "зона.xlsx", lines: Self.lines(Self.good))
        #expect(try count() == 3)
        let d = try PupilsAtRisk(database: region.database).school(scope, school: region.schoolA1, year: SchoolYear(2023))
        #expect(d.lines.map(\.record.key.title) == ["9 класс, русский язык", "9 класс, математика"])
        #expect(d.lines[1].record.plan == "Консультации")
        // The same file again: nothing changes.
        let again = try importer.commit(scope, fileName: "зона.xlsx", lines: Self.lines(Self.good))
        #expect(again.unchangedCount == 3 && again.insertCount == 0 && again.updateCount == 0)
        #expect(try count() == 3)
        // A changed figure is an update, not a new row.
        var changed = Self.good
        changed[1][7] = "10"
        let update = try importer.commit(scope, fileName: "зона.xlsx", lines: Self.lines(changed))
        #expect(update.updateCount == 1 && update.unchangedCount == 2)
        #expect(try count() == 3)
    }

    @Test func anyErrorImportsNothing() throws {
        var rows = Self.good
        rows.append([nil, "A1", nil, "2023/2024", "9", "Химия", "50", "60", nil, nil])
        rows.append([nil, "B1", nil, "2023/2024", "9", "Химия", "30", "3", nil, nil])
        rows.append([nil, "A1", nil, "2023/2024", "9", "Математика", "50", "11", nil, nil])
        let plan = try importer.preview(scope, fileName: "f.csv", lines: Self.lines(rows))
        #expect(!plan.canCommit)
        #expect(plan.errors.map(\.line) == [5, 6, 7])
        #expect(plan.errors[0].messages == ["В «зоне риска» не может быть больше обучающихся (60), чем в параллели (50)"])
        #expect(plan.errors[1].messages == ["Школа с кодом «B1» не найдена в вашем муниципалитете"])
        #expect(plan.errors[2].messages == ["Повторяет строку 2: та же школа, учебный год, класс и предмет"])
        #expect(throws: DomainError.self) { try importer.commit(scope, fileName: "f.csv", lines: Self.lines(rows)) }
        #expect(try count() == 0)
    }

    @Test func missingColumnsAndSynonyms() throws {
        let plan = try importer.preview(scope, fileName: "f.csv", lines: Self.lines([["Школа", "Учебный год", "Предмет"], ["СОШ № 1", "2023", "Физика"]]))
        #expect(plan.fileErrors == ["В файле нет обязательных граф: «Класс», «Обучающихся», «В зоне риска». Проверьте строку заголовков (строка 1) или скачайте шаблон."])
        let synonyms = try importer.preview(scope, fileName: "f.csv", lines: Self.lines([
            ["Код ОО", "Год", "Параллель", "Учебный предмет", "Всего обучающихся", "Группа риска", "С ОВЗ", "Примечание"],
            ["A2", "2023/2024", "11", "Химия", "20", "5", "1", "—"],
        ]))
        #expect(synonyms.canCommit)
        #expect(synonyms.ignoredColumns == ["Примечание"])
        #expect(synonyms.rows.first?.plan == nil, "without «План работы» the stored plan is kept")
        #expect(throws: DomainError.forbidden) {
            _ = try importer.preview(region.director(region.schoolA1, region.municipalityA), fileName: "f.csv", lines: Self.lines(Self.good))
        }
    }
}

@Suite struct PupilsAtRiskMeasureLinkTests {
    @Test func rowsLinkToMeasuresOfTheSchoolsRoadmapOfThatYearOnly() throws {
        let db = try makeDemoDatabase()
        let s = PupilsAtRisk(database: db)
        let director = try db.read { Scope(try User.filter(Column("login") == "director-ku").fetchOne($0)!) }
        let school = director.schoolId!
        let (year, measure, foreign) = try db.read { db -> (Int, Int64, Int64) in
            let row = try Row.fetchOne(db, sql: """
                SELECT r.schoolYear, MIN(m.id) FROM roadmap r JOIN measure m ON m.roadmapId = r.id WHERE r.schoolId = ?
                GROUP BY r.schoolYear ORDER BY r.schoolYear DESC LIMIT 1
                """, arguments: [school])!
            let foreign = try Int64.fetchOne(db, sql: """
                SELECT MIN(m.id) FROM measure m JOIN roadmap r ON r.id = m.roadmapId WHERE r.schoolId IS NOT ? 
                """, arguments: [school])!
            return (row[0], row[1], foreign)
        }
        let d = try s.school(director, school: school, year: SchoolYear(year))
        #expect(d.measures.contains { $0.id == measure })
        var input = PupilsAtRiskTests.row("11", "Химия", "24", "5", plan: "")
        input.measureIds = [foreign]
        #expect(throws: DomainError.self) { try s.save(director, school: school, year: SchoolYear(year), rows: [input]) }
        input.measureIds = [measure]
        try s.save(director, school: school, year: SchoolYear(year), rows: [input])
        let line = try #require(try s.school(director, school: school, year: SchoolYear(year)).lines.first { $0.record.subject == "Химия" })
        #expect(line.measures.map(\.id) == [measure])
    }
}
