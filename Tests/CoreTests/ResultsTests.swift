import Foundation
import GRDB
import Testing
@testable import Core

/// A database with two municipalities and a few schools, no results.
struct SmallRegion {
    let database: AppDatabase
    let municipalityA: Int64, municipalityB: Int64
    let schoolA1: Int64, schoolA2: Int64, schoolB1: Int64

    init() throws {
        database = try makeTestDatabase()
        let now = database.now
        (municipalityA, municipalityB, schoolA1, schoolA2, schoolB1) = try database.write { db in
            var a = Municipality(name: "Город А", shortName: "А", createdAt: now, updatedAt: now)
            var b = Municipality(name: "Район Б", shortName: "Б", createdAt: now, updatedAt: now)
            try a.insert(db); try b.insert(db)
            func school(_ m: Int64, _ code: String, _ name: String, _ kind: SchoolKind) throws -> Int64 {
                var s = School(municipalityId: m, code: code, name: name, shortName: name, kind: kind, createdAt: now, updatedAt: now)
                try s.insert(db)
                return s.id!
            }
            return (a.id!, b.id!, try school(a.id!, "A1", "СОШ № 1", .sosh), try school(a.id!, "A2", "Лицей № 2", .lyceum),
                    try school(b.id!, "B1", "ООШ № 1", .oosh))
        }
    }

    func municipal(_ m: Int64) -> Scope {
        Scope(userId: nil, login: "m\(m)", fullName: "Координатор", role: .municipal, municipalityId: m, schoolId: nil)
    }

    func director(_ school: Int64, _ m: Int64) -> Scope {
        Scope(userId: nil, login: "d\(school)", fullName: "Директор", role: .director, municipalityId: m, schoolId: school)
    }

    /// A ВПР form (procedure 1–4): participants and marks «2»…«5».
    static func vpr(_ n: Int, _ m2: Int, _ m3: Int, _ m4: Int, _ m5: Int) -> ResultForm {
        var f = ResultForm()
        f.participants = "\(n)"; f.mark2 = "\(m2)"; f.mark3 = "\(m3)"; f.mark4 = "\(m4)"; f.mark5 = "\(m5)"
        return f
    }

    /// An ОГЭ/ЕГЭ form (procedures 5–9): participants and below the minimum.
    static func exam(_ n: Int, below: Int) -> ResultForm {
        var f = ResultForm()
        f.participants = "\(n)"; f.belowMinimum = "\(below)"
        return f
    }
}

@Suite struct ResultsTests {
    @Test func catalogueHoldsTheNineAnalysedProceduresOfSeed003() throws {
        let region = try SmallRegion()
        let all = try Procedures(database: region.database).list(.console)
        let analysed = all.filter(\.isAnalysed).map(\.title)
        #expect(analysed == [
            "ВПР Математика 5 кл.", "ВПР Математика 6 кл.", "ВПР Русский язык 5 кл.", "ВПР Русский язык 6 кл.",
            "ОГЭ Математика", "ОГЭ Русский язык", "ЕГЭ Математика (базовая)", "ЕГЭ Математика (профильная)", "ЕГЭ Русский язык",
        ])
        #expect(all.count >= 25)
        #expect(all.filter { $0.family == .vpr }.allSatisfy { $0.lowRule == .markTwo })
        #expect(all.filter { $0.family != .vpr }.allSatisfy { $0.lowRule == .belowMinimum })
        let settings = try RegionSettingsService(database: region.database).get(.console)
        #expect(settings == .defaults)
    }

    @Test func gridSavesAuditsAndComputesTheShare() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        let scope = region.municipal(region.municipalityA)
        let changes = try results.saveGrid(scope, schoolId: region.schoolA1, year: SchoolYear(2022),
                                           forms: [1: SmallRegion.vpr(55, 19, 20, 10, 6), 5: SmallRegion.exam(29, below: 8)])
        #expect(changes == [1: .inserted, 5: .inserted])
        let grid = try results.grid(scope, schoolId: region.schoolA1, year: SchoolYear(2022))
        let row1 = try #require(grid.rows.first { $0.procedure.id == 1 })
        #expect(row1.lowShareBasisPoints == 3454)
        #expect(row1.isLow)
        let row5 = try #require(grid.rows.first { $0.procedure.id == 5 })
        #expect(row5.isLow == false)   // 27,6 %
        // Saving the same grid again changes nothing; an empty form removes the result.
        #expect(try results.saveGrid(scope, schoolId: region.schoolA1, year: SchoolYear(2022), forms: [1: SmallRegion.vpr(55, 19, 20, 10, 6)]) == [1: .unchanged])
        #expect(try results.saveGrid(scope, schoolId: region.schoolA1, year: SchoolYear(2022), forms: [5: ResultForm()]) == [5: .deleted])
        let audited = try region.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE entity = 'result'") }
        #expect(audited == 3)
    }

    @Test func validationMessagesPerField() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        func errors(_ forms: [Int64: ResultForm]) -> [FieldError] {
            do {
                try results.saveGrid(.console, schoolId: region.schoolA1, year: SchoolYear(2022), forms: forms)
                return []
            } catch DomainError.invalid(let e) { return e } catch { return [FieldError("?", "\(error)")] }
        }
        // Marks that do not add up to the participants.
        let sum = errors([1: SmallRegion.vpr(20, 5, 5, 5, 4)])
        #expect(sum == [FieldError("p1.mark2", "ВПР Математика 5 кл.: Сумма отметок «2»–«5» (19) не равна числу участников (20)")])
        // Not a number, negative, missing.
        var bad = SmallRegion.vpr(20, 5, 5, 5, 5)
        bad.mark3 = "пять"
        #expect(errors([1: bad]).map(\.field) == ["p1.mark3"])
        #expect(errors([1: bad]).first?.message.contains("целое неотрицательное число") == true)
        #expect(errors([1: SmallRegion.vpr(20, -1, 5, 5, 11)]) == [FieldError("p1.mark2", "ВПР Математика 5 кл.: Графа «2»: число не может быть отрицательным")])
        var noParticipants = SmallRegion.vpr(20, 5, 5, 5, 5)
        noParticipants.participants = ""
        #expect(errors([1: noParticipants]).map(\.field) == ["p1.participants"])
        // Below the minimum above the participants; missing below-minimum for an exam.
        #expect(errors([5: SmallRegion.exam(10, below: 11)]).map(\.field) == ["p5.belowMinimum"])
        var noBelow = ResultForm()
        noBelow.participants = "10"
        #expect(errors([5: noBelow]).first?.message == "ОГЭ Математика: Укажите, сколько участников не преодолели минимальный порог")
        // Journal marks must add up too.
        var journal = SmallRegion.vpr(20, 5, 5, 5, 5)
        journal.lowered = "2"; journal.confirmed = "15"; journal.raised = "1"
        #expect(errors([1: journal]).map(\.field) == ["p1.lowered"])
        // One bad form refuses the whole grid.
        #expect(!errors([1: SmallRegion.vpr(20, 5, 5, 5, 5), 5: SmallRegion.exam(10, below: 11)]).isEmpty)
        #expect(try region.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM result") } == 0)
    }

    @Test func scopeRefusals() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        let form: [Int64: ResultForm] = [1: SmallRegion.vpr(10, 1, 3, 3, 3)]
        #expect(throws: DomainError.forbidden) {
            try results.saveGrid(region.director(region.schoolA1, region.municipalityA), schoolId: region.schoolA1, year: SchoolYear(2022), forms: form)
        }
        #expect(throws: DomainError.forbidden) {
            try results.saveGrid(region.municipal(region.municipalityB), schoolId: region.schoolA1, year: SchoolYear(2022), forms: form)
        }
        let regional = Scope(userId: nil, login: "r", fullName: "Р", role: .regional, municipalityId: nil, schoolId: nil)
        #expect(throws: DomainError.forbidden) {
            try results.saveGrid(regional, schoolId: region.schoolA1, year: SchoolYear(2022), forms: form)
        }
        #expect(throws: DomainError.notFound) { try results.saveGrid(.console, schoolId: 999, year: SchoolYear(2022), forms: form) }
        // Reading: the director reads their school only.
        _ = try results.grid(region.director(region.schoolA1, region.municipalityA), schoolId: region.schoolA1, year: SchoolYear(2022))
        #expect(throws: DomainError.forbidden) {
            try results.grid(region.director(region.schoolA1, region.municipalityA), schoolId: region.schoolA2, year: SchoolYear(2022))
        }
        // The catalogue and the settings belong to the region.
        let input = ProcedureInput(family: .niko, subject: "Физическая культура", grade: 7, lowRule: .markTwo)
        #expect(throws: DomainError.forbidden) { try Procedures(database: region.database).create(region.municipal(region.municipalityA), input) }
        #expect(throws: DomainError.forbidden) {
            try RegionSettingsService(database: region.database).update(region.municipal(region.municipalityA), .defaults)
        }
        let created = try Procedures(database: region.database).create(regional, input)
        #expect(created.title == "НИКО Физическая культура 7 кл.")
        #expect(throws: DomainError.self) { try Procedures(database: region.database).create(regional, input) }
        var s = RegionSettings.defaults
        s.ruleTwoInLastYear = false; s.ruleConsecutiveYears = false
        #expect(throws: DomainError.invalid([FieldError("rules", "Включите хотя бы одно правило выявления")])) {
            try RegionSettingsService(database: region.database).update(regional, s)
        }
        s.ruleConsecutiveYears = true; s.lowShareBasisPoints = 2500
        try RegionSettingsService(database: region.database).update(regional, s)
        #expect(try RegionSettingsService(database: region.database).get(.console).lowShareBasisPoints == 2500)
    }

    @Test func archivedOrUnanalysedProceduresLeaveIdentification() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        try results.saveGrid(.console, schoolId: region.schoolA1, year: SchoolYear(2022),
                             forms: [1: SmallRegion.vpr(10, 3, 3, 2, 2), 5: SmallRegion.exam(20, below: 7)])
        let service = IdentificationService(database: region.database)
        #expect(try service.identify(.console, year: SchoolYear(2023)).identified.count == 1)
        let regional = Scope(userId: nil, login: "r", fullName: "Р", role: .regional, municipalityId: nil, schoolId: nil)
        try Procedures(database: region.database).setArchived(regional, id: 5, true)
        #expect(try service.identify(.console, year: SchoolYear(2023)).identified.isEmpty)
        // The grid still shows the archived procedure's result.
        #expect(try results.grid(.console, schoolId: region.schoolA1, year: SchoolYear(2022)).rows.contains { $0.procedure.id == 5 })
        try Procedures(database: region.database).setArchived(regional, id: 5, false)
        let settingsService = RegionSettingsService(database: region.database)
        try settingsService.setAnalysedProcedures(regional, [1, 2, 3, 4])
        #expect(try settingsService.identificationSettings(.console).procedureIds == [1, 2, 3, 4])
        #expect(try service.identify(.console, year: SchoolYear(2023)).identified.isEmpty)
        let audits = try region.database.read {
            try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE entity IN ('procedure', 'regionSettings') ORDER BY id")
        }
        #expect(audits == ["archive", "restore", "analysedProcedures"])
    }

    @Test func identifyAndConfirmInOneTransaction() throws {
        let region = try SmallRegion()
        let results = Results(database: region.database)
        let y = SchoolYear(2022)
        // A1: two low in 2022/2023. A2: one low in 2022/2023 only. B1: one low in each of 2021/2022 and 2022/2023.
        try results.saveGrid(.console, schoolId: region.schoolA1, year: y, forms: [1: SmallRegion.vpr(10, 3, 3, 2, 2), 5: SmallRegion.exam(20, below: 7)])
        try results.saveGrid(.console, schoolId: region.schoolA2, year: y, forms: [1: SmallRegion.vpr(10, 3, 3, 2, 2), 2: SmallRegion.vpr(10, 2, 4, 2, 2)])
        try results.saveGrid(.console, schoolId: region.schoolB1, year: y, forms: [6: SmallRegion.exam(8, below: 3)])
        try results.saveGrid(.console, schoolId: region.schoolB1, year: SchoolYear(2021), forms: [3: SmallRegion.vpr(9, 3, 2, 2, 2)])
        // A2 was on the list in 2022/2023.
        try region.database.write { db in
            try SchoolStatuses.apply(db, .console, StatusChange(schoolId: region.schoolA2, year: y, flag: .lowResults, isSet: true, reason: "Перечень 2022"), at: Date())
        }
        let service = IdentificationService(database: region.database)
        let report = try service.identify(.console, year: SchoolYear(2023))
        #expect(Set(report.identified.map(\.schoolId)) == [region.schoolA1, region.schoolB1])
        #expect(report.items.first { $0.schoolId == region.schoolA1 }?.evaluation.rules == [.twoInLastYear])
        #expect(report.items.first { $0.schoolId == region.schoolB1 }?.evaluation.rules == [.consecutiveYears])
        #expect(report.items.first { $0.schoolId == region.schoolA1 }?.status == .new)
        #expect(report.leaving.map(\.schoolId) == [region.schoolA2])
        let table = report.table(includeLeaving: true)
        // The columns of the contract keep their places; «Данные за …» (issue 19) came last.
        #expect(table[0] == ["Муниципалитет", "Код школы", "Школа", "Правило", "Основания", "Статус (в перечне 2022/2023)", "Данные за 2022/2023"])
        #expect(table.count == 4)
        // By municipality, then school name.
        #expect(table[1][2] == "Лицей № 2" && table[1][3] == "не выявлена" && table[1][5] == "выходит из перечня")
        #expect(table[2] == ["Город А", "A1", "СОШ № 1", IdentificationRule.twoInLastYear.title,
                             "ВПР Математика 5 кл., 2022/2023: 30,0 % «2» (3 из 10); ОГЭ Математика, 2022/2023: 35,0 % ниже минимума (7 из 20)", "новая", "есть"])
        #expect(report.table().count == 3)
        // Filtered by municipality and by scope.
        #expect(try service.identify(.console, year: SchoolYear(2023), municipalityId: region.municipalityB).items.map(\.schoolId) == [region.schoolB1])
        #expect(try service.identify(region.municipal(region.municipalityA), year: SchoolYear(2023)).identified.map(\.schoolId) == [region.schoolA1])
        // What if: 20 % makes A2 identified; nothing is saved.
        var whatIf = try RegionSettingsService(database: region.database).identificationSettings(.console)
        whatIf.lowShareBasisPoints = 2000
        let alternative = try service.identify(.console, year: SchoolYear(2023), settings: whatIf)
        #expect(alternative.items.first { $0.schoolId == region.schoolA2 }?.status == .continuing)

        // A coordinator cannot confirm another municipality's school; a bad school refuses everything.
        #expect(throws: DomainError.forbidden) {
            try service.confirm(region.municipal(region.municipalityA), year: SchoolYear(2023), schoolIds: [region.schoolA1, region.schoolB1])
        }
        #expect(throws: DomainError.self) {
            try service.confirm(region.municipal(region.municipalityA), year: SchoolYear(2023), schoolIds: [region.schoolA1, region.schoolA2])
        }
        let before = try region.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schoolStatusChange") }
        #expect(before == 1)

        let outcome = try service.confirm(region.municipal(region.municipalityA), year: SchoolYear(2023),
                                          schoolIds: [region.schoolA1], exits: [region.schoolA2])
        #expect(outcome.confirmed == [region.schoolA1])
        #expect(outcome.exits == [region.schoolA2])
        let rows = try region.database.read { db in
            try Row.fetchAll(db, sql: "SELECT schoolId, isSet, isExit, reason FROM schoolStatusChange WHERE schoolYear = 2023 ORDER BY id")
        }
        #expect(rows.count == 2)
        let reason: String = rows[0]["reason"]
        #expect(reason.contains("ВПР Математика 5 кл., 2022/2023: 30,0 % «2» (3 из 10)"))
        #expect(reason.contains("ОГЭ Математика, 2022/2023: 35,0 % ниже минимума (7 из 20)"))
        #expect(rows[1]["isExit"] as Bool == true)
        let audited = try region.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE entity = 'schoolStatus'")
        }
        #expect(audited == 3)
        let again = try service.identify(.console, year: SchoolYear(2023))
        #expect(again.items.first { $0.schoolId == region.schoolA1 }?.isConfirmed == true)
        // Confirming again is harmless.
        #expect(try service.confirm(.console, year: SchoolYear(2023), schoolIds: [region.schoolA1]).alreadyConfirmed == [region.schoolA1])
    }
}
