import Foundation
import GRDB
import Testing
@testable import Core

/// The public page's data: off by default, only for the municipality's coordinator to switch, audited; the
/// summary without names, free texts or figures about fewer than 10 pupils.
@Suite struct PublicPagesTests {
    static func ids(_ db: AppDatabase) throws -> (a: Int64, b: Int64, coordinator: Scope, other: Scope) {
        try db.read { db in
            let a = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")!
            let b = try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")!
            let scope = { (login: String) in Scope(try User.filter(Column("login") == login).fetchOne(db)!) }
            return (a, b, try scope("mun-ku"), try scope("mun-kirovsky"))
        }
    }

    @Test func offByDefaultAndSwitchedOnlyByTheCoordinatorWithAudit() throws {
        let db = try makeDemoDatabase(workingCycle: false)
        let (a, _, coordinator, other) = try Self.ids(db)
        let pages = PublicPages(database: db)
        #expect(try pages.municipalities().isEmpty)
        #expect(throws: DomainError.notFound) { try pages.page(municipalityId: a) }
        #expect(throws: DomainError.forbidden) { try pages.setPublic(other, municipalityId: a, true) }
        #expect(throws: DomainError.forbidden) { try pages.publishSummary(other, municipalityId: a, from: SchoolYear(2021), to: SchoolYear(2022)) }
        try pages.publishSummary(coordinator, municipalityId: a, from: SchoolYear(2021), to: SchoolYear(2022))
        #expect(throws: DomainError.notFound) { try pages.page(municipalityId: a) }
        try pages.setPublic(coordinator, municipalityId: a, true)
        #expect(try pages.municipalities().map(\.id) == [a])
        let page = try pages.page(municipalityId: a)
        #expect(page.summary?.rangeTitle == "2021/2022–2022/2023")
        try pages.setPublic(coordinator, municipalityId: a, false)
        #expect(throws: DomainError.notFound) { try pages.page(municipalityId: a) }
        let actions = try db.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE action LIKE 'publicPage.%' ORDER BY id") }
        #expect(actions == ["publicPage.publishSummary", "publicPage.enable", "publicPage.disable"])
        #expect(throws: DomainError.self) { try pages.publishSummary(coordinator, municipalityId: a, from: SchoolYear(2023), to: SchoolYear(2021)) }
    }

    @Test func summaryDropsNamesAndFreeTextsAndSuppressesSmallGroups() {
        let share = { (c: Int, t: Int) in SummaryCell.share(SummaryShare(c, of: t)) }
        let dynamics = SummaryTable(id: "summary-dynamics", title: "Д",
                                    columns: [SummaryColumn("Учебный год"), SummaryColumn("Школы программы: участников", numeric: true),
                                              SummaryColumn("Школы программы: доля «2» / ниже порога", numeric: true),
                                              SummaryColumn("Школы программы: низких результатов", numeric: true)],
                                    rows: [[.text("2022/2023"), .count(9), share(3, 9), .count(2)],
                                           [.text("2023/2024"), .count(120), share(30, 120), .count(4)]], emptyText: "")
        let events = SummaryTable(id: "summary-events", title: "М",
                                  columns: [SummaryColumn("Тема"), SummaryColumn("Результаты"), SummaryColumn("Организаторы", personal: true)],
                                  rows: [[.text("Семинар"), .text("Провела Иванова"), .text("Петров П. П.")]], emptyText: "")
        let decisions = SummaryTable(id: "summary-decisions", title: "Р", columns: [SummaryColumn("Содержание")],
                                     rows: [[.text("Поручить Сидорову")]], emptyText: "")
        let report = SummaryReport(
            municipalityId: 1, municipalityName: "М", from: SchoolYear(2022), to: SchoolYear(2023), generatedAt: Date(),
            sections: [
                SummarySection(number: 2, title: "Динамика", sheetName: "2", paragraphs: ["Вступление.", "Доля «2»: 33,3 %."], tables: [dynamics],
                               charts: [SummaryChart(id: "c", title: "", description: "", categories: [], series: [], valueLabel: "", threshold: nil)]),
                SummarySection(number: 4, title: "Мероприятия", sheetName: "4", paragraphs: [], tables: [events], charts: []),
                SummarySection(number: 7, title: "Решения", sheetName: "7", paragraphs: ["Принято 1 решение."], tables: [decisions], charts: []),
            ],
            conclusions: ["Доля «2»: 33,3 %.", "Принято 1 решение."], programmeSchools: [], listedByYear: [:], identifiedByYear: [:], exitsByYear: [:])
        let p = PublicPages.publicSummary(report)
        let rows = p.table("summary-dynamics")!.rows
        #expect(rows[0].map(\.text) == ["2022/2023", "<10", "<10", "2"])
        #expect(rows[1].map(\.text) == ["2023/2024", "120", "25,0 %", "4"])
        #expect(p.section(2)!.charts.isEmpty)
        #expect(!p.section(2)!.paragraphs.contains("Доля «2»: 33,3 %."))
        #expect(p.conclusions == ["Принято 1 решение."])
        #expect(p.table("summary-events")!.columns.map(\.title) == ["Тема"])
        #expect(p.table("summary-events")!.rows == [[.text("Семинар")]])
        #expect(p.table("summary-decisions") == nil)
        #expect(p.section(7)!.paragraphs == ["Принято 1 решение."])
    }
}
