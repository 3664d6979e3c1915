import Foundation
import GRDB
import Testing
@testable import Core

/// The summary's count of curators' visits per school and the events' participant groups with head counts.
@Suite struct SummaryVisitsAndGroupsTests {
    @Test func visitsAreCountedPerSchoolInThePeriod() throws {
        let f = try SummaryTests.fixture()
        try f.database.write { try $0.execute(sql: "DELETE FROM curatorVisit") }
        let visits = CuratorVisits(database: f.database)
        for day in ["14.10.2021", "20.03.2022", "15.11.2022"] {
            try visits.create(f.coordinator, schoolId: f.id("KU-01"), VisitInput(visitedOn: day, purpose: "Изучение ВСОКО"))
        }
        try visits.create(f.coordinator, schoolId: f.id("KU-01"), VisitInput(visitedOn: "10.10.2023", purpose: "Вне периода"))
        try visits.create(f.coordinator, schoolId: f.id("KU-GIM"), VisitInput(visitedOn: "01.12.2022", purpose: "Школа вне программы"))
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
        let table = try #require(report.table("summary-visits"))
        let name = try f.database.read { try String.fetchOne($0, sql: "SELECT name FROM school WHERE id = ?", arguments: [f.id("KU-01")])! }
        let row = try #require(table.rows.first { $0[0] == .text(name) })
        #expect(row[1] == .text("да") && row[2] == .count(3) && row[3] == .text("15.11.2022"))
        let gymnasium = try f.database.read { try String.fetchOne($0, sql: "SELECT name FROM school WHERE id = ?", arguments: [f.id("KU-GIM")])! }
        #expect(table.rows.contains { $0[0] == .text(gymnasium) && $0[1] == .text("нет") && $0[2] == .count(1) })
        #expect(table.columns.last!.isPersonal)
        #expect(report.section(3)!.paragraphs.contains { $0.hasPrefix("Кураторы и специалисты совершили 4 выезда в школы; выезжали в 1 из ") })
    }

    @Test func eventGroupsAreParsedSavedAndSummed() throws {
        let parsed = EventGroup.parse("Управленческие команды — 12\n  \nЗаместители директоров по УВР: 8\nРодители")
        #expect(parsed.error == nil)
        #expect(parsed.groups == [EventGroup("Управленческие команды", 12), EventGroup("Заместители директоров по УВР", 8), EventGroup("Родители")])
        let error = try #require(EventGroup.parse("Педагоги — 5\n— 7").error)
        #expect(error.field == "groups" && error.message.hasPrefix("Строка 2"))
        let f = try SummaryTests.fixture()
        let events = MunicipalEvents(database: f.database)
        let id = try events.create(f.coordinator, municipalityId: f.ku, EventInput(
            format: "questGame", title: "Квест-игра «ВСОКО»", heldOn: "12.10.2022", participantIds: [f.id("KU-01")],
            groups: "Управленческие команды — 12\nЗаместители директоров по УВР — 8"))
        #expect(try events.event(f.coordinator, id: id).summary.groups == [EventGroup("Управленческие команды", 12), EventGroup("Заместители директоров по УВР", 8)])
        #expect(try events.event(f.coordinator, id: id).input.groups == "Управленческие команды — 12\nЗаместители директоров по УВР — 8")
        #expect(throws: DomainError.self) {
            try events.update(f.coordinator, id: id, EventInput(format: "questGame", title: "Квест", heldOn: "12.10.2022", groups: "— 3"))
        }
        #expect(try events.event(f.coordinator, id: id).summary.groups.count == 2, "a refused change keeps the groups")
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
        let table = try #require(report.table("summary-events"))
        #expect(table.rows[0][6] == .text("Управленческие команды — 12; Заместители директоров по УВР — 8"))
        #expect(table.rows[0][7] == .count(20))
        #expect(report.section(4)!.paragraphs[0].hasSuffix("и 20 человек из групп участников (управленческие команды, педагоги и другие)."))
    }
}
