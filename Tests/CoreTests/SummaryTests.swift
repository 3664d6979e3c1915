import Foundation
import GRDB
import Testing
@testable import Core

/// The summary report on the demo region: Каменск-Уральский 2021/2022–2022/2023 against seed 001.
@Suite struct SummaryTests {
    /// Seed 001: «Все 7 школ (Средние школы №№ 1, 17, 35, 38, 51, 60 и Лицей № 9) участники проекта «500+» в 2022 году вышли из ШНОР».
    static let participants2022 = ["KU-01", "KU-17", "KU-35", "KU-38", "KU-51", "KU-60", "KU-L09"]

    struct Fixture {
        let database: AppDatabase
        let ku: Int64
        let ids: [String: Int64]
        let coordinator: Scope
        func id(_ code: String) -> Int64 { ids[code]! }
    }

    static func fixture() throws -> Fixture {
        let database = try makeDemoDatabase()
        // The registries start empty here: the tests add the rows they count (the demo's own are checked in SummaryPageTests).
        try database.write { db in
            try db.execute(sql: """
                UPDATE practice SET eventId = NULL;
                DELETE FROM municipalEventMaterial; DELETE FROM municipalEventSchool; DELETE FROM municipalEvent;
                DELETE FROM managementDecisionSchool; DELETE FROM managementDecision; DELETE FROM staffDevelopment
                """)
        }
        return try database.read { db in
            let ku = try Int64.fetchOne(db, sql: "SELECT id FROM municipality WHERE name = 'Каменск-Уральский городской округ'")!
            var ids: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code, id FROM school WHERE municipalityId = ?", arguments: [ku]) { ids[row[0]] = row[1] }
            let user = try User.fetchOne(db, sql: "SELECT * FROM user WHERE login = 'mun-ku'")!
            return Fixture(database: database, ku: ku, ids: ids, coordinator: Scope(user))
        }
    }

    static func scope(_ f: Fixture, _ login: String) throws -> Scope {
        try f.database.read { db in Scope(try User.fetchOne(db, sql: "SELECT * FROM user WHERE login = ?", arguments: [login])!) }
    }

    @Test func identificationAndExitsMatchSeed001() throws {
        let f = try Self.fixture()
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(report.rangeTitle == "2021/2022–2022/2023")
        let seven = Set(Self.participants2022.map(f.id))
        // 2021/2022: СШ № 32 (участник «500+» 2021); 2022/2023: the seven participants of seed 001.
        #expect(report.listedByYear[SchoolYear(2021)]?.map(\.id) == [f.id("KU-32")])
        #expect(Set(report.listedByYear[SchoolYear(2022)]!.map(\.id)) == seven)
        // The rules over the demo results identify exactly the listed schools (DemoResults reproduces the lists).
        #expect(report.identifiedByYear[SchoolYear(2021)]?.map(\.id) == [f.id("KU-32")])
        #expect(Set(report.identifiedByYear[SchoolYear(2022)]!.map(\.id)) == seven)
        #expect(report.programmeSchools.count == 8)
        // Every identified row names the rule that fired.
        let rows = report.table("summary-identification")!.rows
        #expect(rows.count == 8)
        for row in rows {
            #expect(row[2].text.contains("не менее двух процедур") || row[2].text.contains("двух предыдущих учебных годов"))
            #expect(row[3].text.contains("«2»") || row[3].text.contains("ниже минимума") || row[3].text.contains("%"))
            #expect(row[4] == .text("да"))
        }
        #expect(report.section(1)!.paragraphs.contains { $0.contains("не менее 30 %") })
        #expect(report.section(1)!.paragraphs.contains { $0.contains("ВПР Математика 5 кл.") })
        // Exits: СШ № 32 after 2021/2022 (not on the 2022/2023 list), the seven after 2022/2023 (exit recorded for 2023/2024).
        #expect(report.exitsByYear[SchoolYear(2021)]?.map(\.id) == [f.id("KU-32")])
        #expect(Set(report.exitsByYear[SchoolYear(2022)]!.map(\.id)) == seven)
        let exitRows = report.table("summary-exits")!.rows
        #expect(exitRows.count == 8)
        #expect(exitRows.filter { $0[3] == .text("Вышла из ШНОР по итогам проекта «500+» в 2022 году") }.count == 7)
        #expect(report.conclusions.contains { $0.hasPrefix("Все 8 школ перечня ШНОР 2021/2022–2022/2023") && $0.hasSuffix("вышли из ШНОР.") })
    }

    @Test func theYear2022ReadsLikeSeed001() throws {
        let f = try Self.fixture()
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2022), to: SchoolYear(2022))
        let sentence = report.conclusions.first { $0.hasPrefix("Все 7 школ перечня ШНОР 2022/2023") }
        #expect(sentence != nil)
        for name in ["Средняя школа № 1", "Средняя школа № 17", "СШ № 35", "СШ № 38", "СШ № 51", "СШ № 60", "Лицей № 9"] {
            #expect(sentence?.contains(name) == true)
        }
        // Support measures: the seven 2022/2023 roadmaps of the demo cycle are approved.
        let support = report.table("summary-support")!
        #expect(support.rows.count == 7)
        #expect(support.rows.allSatisfy { $0[2] == .text("утверждена") })
        let planned = try f.database.read { db in
            try SQLRequest<Int>(literal: """
                SELECT COUNT(*) FROM measure m JOIN roadmap r ON r.id = m.roadmapId
                WHERE r.schoolYear = 2022 AND r.schoolId IN \(Self.participants2022.map(f.id))
                """).fetchOne(db)!
        }
        let sum = support.rows.reduce(0) { total, row in if case .count(let n) = row[3] { return total + n } else { return total } }
        #expect(sum == planned)
        #expect(report.section(3)!.paragraphs.first!.contains("утверждены у 7 из 7"))
    }

    @Test func dynamicsAreTheSharesOfTheResults() throws {
        let f = try Self.fixture()
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
        let cohort = Self.participants2022.map(f.id) + [f.id("KU-32")]
        // Hand computation: pupils with «2» over participants of the analysed ВПР in 2022/2023.
        let (low, participants, municipalLow, municipalParticipants) = try f.database.read { db in
            let programme = try SQLRequest<Row>(literal: """
                SELECT SUM(r.mark2), SUM(r.participants) FROM result r JOIN procedure p ON p.id = r.procedureId
                WHERE p.family = 'vpr' AND p.isAnalysed = 1 AND r.schoolYear = 2022 AND r.schoolId IN \(cohort) AND r.participants > 0
                """).fetchOne(db)!
            let all = try SQLRequest<Row>(literal: """
                SELECT SUM(r.mark2), SUM(r.participants) FROM result r JOIN procedure p ON p.id = r.procedureId JOIN school s ON s.id = r.schoolId
                WHERE p.family = 'vpr' AND p.isAnalysed = 1 AND r.schoolYear = 2022 AND s.municipalityId = \(f.ku) AND r.participants > 0
                """).fetchOne(db)!
            return (programme[0] as Int, programme[1] as Int, all[0] as Int, all[1] as Int)
        }
        let row = report.table("summary-dynamics")!.rows.first { $0[0] == .text("2022/2023") && $0[1] == .text("ВПР") }!
        #expect(row[2] == .count(participants))
        #expect(row[3] == .share(SummaryShare(low, of: participants)))
        #expect(row[5] == .count(municipalParticipants))
        #expect(row[6] == .share(SummaryShare(municipalLow, of: municipalParticipants)))
        // Years: the one before the range, then the range.
        #expect(report.section(2)!.charts.first?.categories == ["2020/2021", "2021/2022", "2022/2023"])
        let perSchool = report.table("summary-dynamics-schools")!
        #expect(perSchool.rows.count == 8)
        #expect(perSchool.columns.map(\.title) == ["Школа", "2020/2021", "2021/2022", "2022/2023"])
    }

    @Test func emptyRegistriesSaySo() throws {
        let f = try Self.fixture()
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
        #expect(report.table("summary-events")!.rows.isEmpty)
        #expect(report.table("summary-events")!.emptyText == "Мероприятия не зарегистрированы")
        #expect(report.table("summary-decisions")!.rows.isEmpty)
        #expect(report.table("summary-decisions")!.emptyText == "Управленческие решения не зарегистрированы")
        #expect(report.table("summary-staff")!.rows.isEmpty)
    }

    @Test func eventsStaffAndDecisionsFromTheRegistries() throws {
        let f = try Self.fixture()
        let seven = Self.participants2022.map(f.id)
        try f.database.write { db in
            let now = "2026-01-01 00:00:00.000"
            try db.execute(sql: """
                INSERT INTO municipalEvent (id, municipalityId, format, title, heldOn, schoolYear, hostSchoolId, organisers, outcomes, createdAt, updatedAt)
                VALUES (1, ?, 'questGame', 'Квест-игра «Совершенствование ВСОКО»', '2022-10-12', 2022, ?, 'Гришина Т. А.', 'Слаженная работа в управленческих командах ШНОР', ?, ?),
                       (2, ?, 'brainstorm', 'Мозговой штурм', '2022-12-07', 2022, ?, '', '', ?, ?),
                       (3, ?, 'seminar', 'Архивный семинар', '2022-11-01', 2022, NULL, '', '', ?, ?)
                """, arguments: [f.ku, f.id("KU-32"), now, now, f.ku, f.id("KU-01"), now, now, f.ku, now, now])
            try db.execute(sql: "UPDATE municipalEvent SET archivedAt = ? WHERE id = 3", arguments: [now])
            for school in [seven[0], seven[1], seven[2], f.id("KU-GIM")] {
                try db.execute(sql: "INSERT INTO municipalEventSchool (eventId, schoolId) VALUES (1, ?)", arguments: [school])
            }
            try db.execute(sql: "INSERT INTO municipalEventSchool (eventId, schoolId) VALUES (2, ?)", arguments: [seven[0]])
            for (i, school) in seven.enumerated() {
                try db.execute(sql: """
                    INSERT INTO staffDevelopment (schoolId, schoolYear, managementTeam, managementTrained, teachers, teachersTrained, teachersWithDeficits, updatedAt)
                    VALUES (?, 2022, ?, ?, ?, ?, ?, ?)
                    """, arguments: [school, 3 + i % 2, 3 + i % 2, 40, 30, 5, now])
            }
            try db.execute(sql: """
                INSERT INTO managementDecision (id, municipalityId, schoolYear, kind, text, addressee, responsible, dueOn, status, executionNote, createdAt, updatedAt)
                VALUES (1, ?, 2022, 'decision', 'Продолжить адресную методическую поддержку ШНОР', 'all', 'кураторы, муниципальные координаторы', NULL, 'done', 'Поддержка оказана', ?, ?),
                       (2, ?, 2022, 'decision', 'Продолжить консультирование заместителей по УВР', 'group', 'Плотникова Т. А.', '2023-05-31', 'inProgress', '', ?, ?),
                       (3, ?, 2022, 'recommendation', 'Скорректировать дорожные карты', 'school', '', '2023-06-30', 'withdrawn', 'Не актуально', ?, ?)
                """, arguments: [f.ku, now, now, f.ku, now, now, f.ku, now, now])
            try db.execute(sql: "INSERT INTO managementDecisionSchool (decisionId, schoolId) VALUES (2, ?), (2, ?), (3, ?)",
                           arguments: [seven[0], seven[1], seven[2]])
        }
        let report = try SummaryReports(database: f.database).make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
        // Events: the archived one left out; participants and programme schools counted.
        let events = report.table("summary-events")!
        #expect(events.rows.count == 2)
        #expect(events.rows[0][0] == .text("12.10.2022"))
        #expect(events.rows[0][1] == .text("квест-игра"))
        #expect(events.rows[0][3] == .text("СШ № 32"))
        #expect(events.rows[0][4] == .count(4))
        #expect(events.rows[0][5] == .count(3))
        #expect(events.columns.last!.isPersonal && events.rows[0].last == .text("Гришина Т. А."))
        #expect(report.conclusions.contains("Проведено 2 мероприятия (2021/2022 — 0, 2022/2023 — 2); в них участвовали 3 из 8 школ программы."))
        // Staff: every management team trained in 2022/2023.
        let totals = report.table("summary-staff-totals")!
        #expect(totals.rows.count == 1)
        let team = seven.indices.reduce(0) { $0 + 3 + $1 % 2 }
        #expect(totals.rows[0] == [.text("2022/2023"), .count(7), .count(7), .count(team), .share(SummaryShare(team, of: team)),
                                   .count(280), .share(SummaryShare(210, of: 280)), .share(SummaryShare(35, of: 280))])
        #expect(report.conclusions.contains("100 % управленческих команд школ программы прошли курсовую подготовку в 2022/2023."))
        // 2021/2022: СШ № 32 has no figures; its row says so.
        let staff = report.table("summary-staff")!
        #expect(staff.rows.first { $0[0] == .text("2021/2022") }?[2] == SummaryCell.none)
        // Decisions: statuses, addressees, overdue, the responsible in a personal column.
        let decisions = report.table("summary-decisions")!
        #expect(decisions.rows.count == 3)
        #expect(decisions.rows[0][3] == .text("все школы программы"))
        #expect(decisions.rows[0][4] == .text("постоянно"))
        #expect(decisions.rows[1][5] == .text("в работе (просрочено)"))
        #expect(decisions.rows[2][1] == .text("рекомендация"))
        #expect(decisions.columns.last!.isPersonal && decisions.rows[1].last == .text("Плотникова Т. А."))
        #expect(report.conclusions.contains("Принято 3 управленческих решения; выполнено 1 из 2 (50,0 %), в работе 1, открыто 0, снято 1; просрочено 1."))
        // No column outside the personal ones carries the registries' names of people.
        for section in report.sections {
            for table in section.tables {
                for row in table.rows {
                    for (i, cell) in row.enumerated() where !table.columns[i].isPersonal {
                        #expect(!cell.text.contains("Гришина") && !cell.text.contains("Плотникова"))
                    }
                }
            }
        }
    }

    @Test func accessAndValidation() throws {
        let f = try Self.fixture()
        let service = SummaryReports(database: f.database)
        let kirovsky = try f.database.read { try Int64.fetchOne($0, sql: "SELECT id FROM municipality WHERE name LIKE 'Кировск%'")! }
        for login in ["curator-ku", "director-ku", "mun-kirovsky"] {
            let scope = try Self.scope(f, login)
            #expect(throws: DomainError.forbidden) {
                _ = try service.make(scope, municipalityId: f.ku, from: SchoolYear(2021), to: SchoolYear(2022))
            }
        }
        #expect(throws: DomainError.forbidden) {
            _ = try service.make(f.coordinator, municipalityId: kirovsky, from: SchoolYear(2021), to: SchoolYear(2022))
        }
        for login in ["region", "admin"] {
            let report = try service.make(try Self.scope(f, login), municipalityId: kirovsky, from: SchoolYear(2020), to: SchoolYear(2023))
            #expect(report.sections.count == 7)
        }
        #expect(throws: DomainError.notFound) {
            _ = try service.make(Scope.console, municipalityId: 999_999, from: SchoolYear(2021), to: SchoolYear(2022))
        }
        #expect(throws: DomainError.self) {
            _ = try service.make(f.coordinator, municipalityId: f.ku, from: SchoolYear(2022), to: SchoolYear(2021))
        }
        #expect(SummaryReports.validate(from: SchoolYear(2010), to: SchoolYear(2022)).map(\.field) == ["to"])
        #expect(SummaryReports.validate(from: nil, to: SchoolYear(2022)).map(\.field) == ["from"])
        // The list runs to the running school year: the default is its last two years.
        let running = SchoolYear.containing(f.database.now).start
        let range = try service.defaultRange(f.coordinator, municipalityId: f.ku)
        #expect(range.from == SchoolYear(running - 1) && range.to == SchoolYear(running))
    }

    @Test func numeralsAgree() {
        #expect(SummaryText.schools(1) == "1 школа")
        #expect(SummaryText.schools(3) == "3 школы")
        #expect(SummaryText.schools(11) == "11 школ")
        #expect(SummaryText.schools(22) == "22 школы")
        #expect(SummaryText.decisions(5) == "5 управленческих решений")
    }
}
