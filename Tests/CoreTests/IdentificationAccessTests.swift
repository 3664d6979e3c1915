import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct IdentificationAccessTests {
    @Test func percentTextParsesAndFormatsBasisPoints() {
        #expect(PercentText.basisPoints("30") == 3000)
        #expect(PercentText.basisPoints(" 27,5 ") == 2750)
        #expect(PercentText.basisPoints("12.25 %") == 1225)
        #expect(PercentText.basisPoints("0,05") == 5)
        for bad in ["", "abc", "-5", "1,234", "3,", ",5", "1e3"] { #expect(PercentText.basisPoints(bad) == nil, "\(bad)") }
        #expect(PercentText.text(basisPoints: 3000) == "30")
        #expect(PercentText.text(basisPoints: 2750) == "27,5")
        #expect(PercentText.text(basisPoints: 1205) == "12,05")
    }

    func scope(_ database: AppDatabase, _ login: String) throws -> Scope {
        Scope(try database.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }

    @Test func onlyCoordinatorsReadAndOnlyAdminAndMunicipalConfirm() throws {
        let database = try makeDemoDatabase()
        let service = IdentificationService(database: database)
        for login in ["director-ku", "curator-ku"] {
            let s = try scope(database, login)
            #expect(throws: DomainError.forbidden) { try service.list(s, year: SchoolYear(2023)) }
            #expect(throws: DomainError.forbidden) { try NonObjectivitySignals(database: database).list(s, year: SchoolYear(2019)) }
            #expect(throws: DomainError.forbidden) { try RegionSettingsService(database: database).read(s) }
        }
        let regional = try scope(database, "region")
        #expect(try !service.list(regional, year: SchoolYear(2023)).identified.isEmpty)
        let listed = try service.list(regional, year: SchoolYear(2023)).identified[0].schoolId
        #expect(throws: DomainError.forbidden) { try service.confirmSelection(regional, year: SchoolYear(2023), schoolIds: [listed], exits: []) }
        #expect(throws: DomainError.forbidden) { try service.preview(regional, year: SchoolYear(2023), schoolIds: [listed], exits: []) }
        let admin = try scope(database, "admin")
        #expect(throws: DomainError.invalid([FieldError("schools", "Выберите хотя бы одну школу")])) {
            try service.confirmSelection(admin, year: SchoolYear(2023), schoolIds: [], exits: [])
        }
        // Already confirmed in the demo: nothing to do.
        let outcome = try service.confirmSelection(admin, year: SchoolYear(2023), schoolIds: [listed], exits: [])
        #expect(outcome.alreadyConfirmed == [listed])
        #expect(outcome.confirmed.isEmpty)
    }

    @Test func whatIfSettingsAreValidated() throws {
        let database = try makeDemoDatabase()
        let service = IdentificationService(database: database)
        let admin = try scope(database, "admin")
        let bad = IdentificationSettings(lowShareBasisPoints: 0, ruleTwoInLastYear: false, ruleConsecutiveYears: false, procedureIds: [])
        #expect(throws: DomainError.invalid([
            FieldError("share", "Доля для низкого результата — от 0,01 % до 100 %"),
            FieldError("rules", "Включите хотя бы одно правило выявления"),
            FieldError("procedures", "Выберите хотя бы одну оценочную процедуру"),
        ])) { try service.list(admin, year: SchoolYear(2023), settings: bad) }
    }

    @Test func savingSettingsChecksEverythingAtOnceAndAudits() throws {
        let database = try makeDemoDatabase()
        let service = RegionSettingsService(database: database)
        let regional = try scope(database, "region")
        var settings = RegionSettings.defaults
        settings.ruleTwoInLastYear = false; settings.ruleConsecutiveYears = false
        #expect(throws: DomainError.invalid([FieldError("rules", "Включите хотя бы одно правило выявления"),
                                             FieldError("procedures", "Выберите хотя бы одну оценочную процедуру")])) {
            try service.save(regional, settings, analysed: [])
        }
        #expect(throws: DomainError.forbidden) { try service.save(try scope(database, "mun-ku"), .defaults, analysed: [1]) }
        settings.ruleConsecutiveYears = true
        try service.save(regional, settings, analysed: [1, 2])
        let read = try service.read(regional)
        #expect(read.settings == settings)
        #expect(read.analysed == [1, 2])
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE entity = 'regionSettings'") } == 2)
    }
}
