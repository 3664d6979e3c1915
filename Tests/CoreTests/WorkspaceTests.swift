@testable import Core
import Foundation
import GRDB
import Testing

@Suite struct WorkspaceTests {
    static func scope(_ db: AppDatabase, _ login: String) throws -> Scope {
        try db.read { try Scope(User.filter(Column("login") == login).fetchOne($0)!) }
    }
    static func id(_ db: AppDatabase, _ sql: String, _ args: StatementArguments = []) throws -> Int64 {
        try db.read { try Int64.fetchOne($0, sql: sql, arguments: args)! }
    }
    static func school(_ db: AppDatabase, _ code: String) throws -> Int64 { try id(db, "SELECT id FROM school WHERE code = ?", [code]) }

    // MARK: Events

    @Test func eventValidationAndCalendarList() throws {
        let db = try makeDemoDatabase(workingCycle: false, today: "2024-03-01")
        let coordinator = try Self.scope(db, "mun-ku")
        let events = MunicipalEvents(database: db)
        #expect(throws: DomainError.invalid([FieldError("format", "Выберите форму мероприятия"), FieldError("title", "Введите тему мероприятия"),
                                              FieldError("heldOn", "Введите дату проведения")])) {
            try events.create(coordinator, municipalityId: coordinator.municipalityId!, EventInput())
        }
        // A school of another municipality is refused as a participant.
        let kirovskySchool = try Self.school(db, "KR-SIN")
        #expect(throws: DomainError.invalid([FieldError("participants", "Выберите школы этого муниципалитета")])) {
            try events.create(coordinator, municipalityId: coordinator.municipalityId!,
                              EventInput(format: "seminar", title: "Семинар", heldOn: "01.09.2023", participantIds: [kirovskySchool]))
        }
        #expect(throws: DomainError.invalid([FieldError("heldOn", "Введите дату в виде дд.мм.гггг, например 18.10.2022")])) {
            try events.create(coordinator, municipalityId: coordinator.municipalityId!, EventInput(format: "seminar", title: "Семинар", heldOn: "31.02.2023"))
        }
        let x = try Self.school(db, "KU-01")
        let id = try events.create(coordinator, municipalityId: coordinator.municipalityId!,
                                   EventInput(format: "seminar", title: "Семинар по ВСОКО", heldOn: "29.02.2024", hostSchoolId: x, participantIds: [x]))
        let detail = try events.event(coordinator, id: id)
        #expect(detail.summary.year == SchoolYear(2023) && detail.summary.heldOn == "2024-02-29")
        // The seed's seven events of 2022 fall into 2021/2022 (3) and 2022/2023 (4).
        let y2021 = try events.list(coordinator, municipalityId: coordinator.municipalityId, years: 2021...2021)
        let y2022 = try events.list(coordinator, municipalityId: coordinator.municipalityId, years: 2022...2022)
        #expect(y2021.map(\.format) == [.questGame, .businessGame, .brainstorm])
        #expect(y2022.map(\.format) == [.debates, .coaching, .roundTable, .pechaKucha])
        #expect(try events.list(coordinator, municipalityId: coordinator.municipalityId, filter: EventFilter(format: .seminar)).map(\.id) == [id])
        // The school's card: the new event first, then the demo's.
        #expect(try events.forSchool(coordinator, schoolId: x).first?.id == id)
        // Another municipality's coordinator neither reads nor changes it; a director of the municipality reads it.
        let other = try Self.scope(db, "mun-kirovsky")
        #expect(throws: DomainError.forbidden) { try events.event(other, id: id) }
        #expect(throws: DomainError.forbidden) { try events.archive(other, id: id) }
        #expect(try events.list(other, municipalityId: nil).allSatisfy { $0.municipalityId == other.municipalityId })
        #expect(try events.event(try Self.scope(db, "director-ku-02"), id: id).canManage == false)
        try events.archive(coordinator, id: id)
        #expect(try events.list(coordinator, municipalityId: coordinator.municipalityId, filter: EventFilter(format: .seminar)).isEmpty)
        #expect(try AuditLog.entriesCount(db, entity: "municipalEvent", id: id) == 2)
    }

    @Test func materialsAreLinksOrCheckedFiles() throws {
        let db = try makeDemoDatabase(workingCycle: false)
        let coordinator = try Self.scope(db, "mun-ku")
        let events = MunicipalEvents(database: db)
        let event = try events.list(coordinator, municipalityId: coordinator.municipalityId).first!.id
        #expect(throws: DomainError.invalid([FieldError("url", LinkURL.message)])) {
            try events.addLink(coordinator, eventId: event, title: "Сайт", url: "javascript:alert(1)")
        }
        #expect(throws: DomainError.self) {
            try events.addFile(coordinator, eventId: event, title: "Страница", fileName: "a.html", bytes: Array("<html></html>".utf8))
        }
        try events.addLink(coordinator, eventId: event, title: "Сайт", url: "https://example.ru/kvest")
        let file = try events.addFile(coordinator, eventId: event, title: "", fileName: "Итоги.pdf", bytes: Array("%PDF-1.7\n%%EOF\n".utf8))
        let detail = try events.event(coordinator, id: event)
        #expect(detail.materials.map(\.title) == ["Сайт", "Итоги.pdf"])
        let download = try events.download(try Self.scope(db, "director-ku-02"), materialId: file)
        #expect(download.fileName == "Итоги.pdf" && download.contentType == "application/pdf")
        #expect(throws: DomainError.forbidden) { try events.download(try Self.scope(db, "mun-kirovsky"), materialId: file) }
    }

    // MARK: Decisions

    @Test func overdueIsAPassedDueDateOfAnOpenDecision() {
        #expect(ManagementDecisions.isOverdue(dueOn: "2023-11-30", status: .open, today: "2023-12-01"))
        #expect(ManagementDecisions.isOverdue(dueOn: "2023-11-30", status: .inProgress, today: "2023-12-01"))
        #expect(!ManagementDecisions.isOverdue(dueOn: "2023-11-30", status: .open, today: "2023-11-30"))
        #expect(!ManagementDecisions.isOverdue(dueOn: "2023-11-30", status: .done, today: "2024-01-01"))
        #expect(!ManagementDecisions.isOverdue(dueOn: "2023-11-30", status: .withdrawn, today: "2024-01-01"))
        #expect(!ManagementDecisions.isOverdue(dueOn: nil, status: .open, today: "2024-01-01"))
    }

    @Test func demoHasOneOverdueDecisionAndDirectorsSeeTheirs() throws {
        let db = try makeDemoDatabase(workingCycle: false, today: "2024-03-01")
        let coordinator = try Self.scope(db, "mun-ku")
        let decisions = ManagementDecisions(database: db)
        // The seeds' history (as of 2024-03-01), read by today's clock: the open «зона риска» recommendation (due 30.11.2023) and the in-progress ones are overdue.
        let overdue = try decisions.list(coordinator, municipalityId: coordinator.municipalityId, filter: DecisionFilter(overdueOnly: true))
        #expect(overdue.allSatisfy { $0.status.isActive })
        #expect(overdue.contains { $0.status == .open && $0.text.contains("«зоне риска»") })
        #expect(try decisions.overdueCount(coordinator, municipalityId: coordinator.municipalityId) == overdue.count)
        // director-ku-02 (СШ № 2) is in the group of the overdue one; director-ku (СШ № 1) is not.
        let y = try decisions.list(try Self.scope(db, "director-ku-02"), municipalityId: nil)
        let x = try decisions.list(try Self.scope(db, "director-ku"), municipalityId: nil)
        #expect(y.contains { $0.addressee == .group && $0.status == .open })
        #expect(!x.contains { $0.addressee == .group && $0.status == .open })
        let xId = try Self.school(db, "KU-01")
        #expect(x.allSatisfy { d in d.addressee == .all || d.schools.contains { $0.id == xId } })
    }

    @Test func addresseesValidation() throws {
        let db = try makeDemoDatabase(workingCycle: false)
        let coordinator = try Self.scope(db, "mun-ku")
        let m = coordinator.municipalityId!
        let decisions = ManagementDecisions(database: db)
        #expect(throws: DomainError.invalid([FieldError("year", "Выберите учебный год"), FieldError("text", "Введите текст решения"),
                                              FieldError("addressee", "Выберите, кому адресовано решение")])) {
            try decisions.create(coordinator, municipalityId: m, DecisionInput())
        }
        let a = try Self.school(db, "KU-01"), b = try Self.school(db, "KU-02")
        #expect(throws: DomainError.invalid([FieldError("schools", "Выберите одну школу")])) {
            try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2023, text: "Т", addressee: "school", schoolIds: [a, b]))
        }
        #expect(throws: DomainError.invalid([FieldError("schools", "Выберите школы группы")])) {
            try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2023, text: "Т", addressee: "group"))
        }
        #expect(throws: DomainError.invalid([FieldError("addressee", "В 2030/2031 учебном году в программе нет школ муниципалитета: выберите школы")])) {
            try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2030, text: "Т", addressee: "all"))
        }
        #expect(throws: DomainError.invalid([FieldError("executionNote", "Укажите, почему решение снято")])) {
            try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2023, text: "Т", addressee: "school", schoolIds: [a], status: "withdrawn"))
        }
        // «All» in 2022/2023: the seven participants of «500+» (seed 001).
        let all = try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2022, text: "Всем", addressee: "all"))
        #expect(try decisions.decision(coordinator, id: all).schools.count == 7)
        #expect(throws: DomainError.forbidden) {
            try decisions.create(try Self.scope(db, "curator-ku"), municipalityId: m, DecisionInput(year: 2022, text: "Т", addressee: "all"))
        }
    }

    @Test func notificationsReachExactlyTheAddressedDirectorsOnce() throws {
        let db = try makeDemoDatabase(workingCycle: false)
        let coordinator = try Self.scope(db, "mun-ku")
        let m = coordinator.municipalityId!
        let decisions = ManagementDecisions(database: db)
        let a = try Self.school(db, "KU-01"), b = try Self.school(db, "KU-02"), c = try Self.school(db, "KU-07")
        func rows(_ id: Int64) throws -> [Int64] {
            try db.read { try Int64.fetchAll($0, sql: "SELECT userId FROM notification WHERE dedupeKey = ? AND kind = 'decisionAddressed' AND entity = 'decision' ORDER BY userId",
                                              arguments: ["decision:\(id)"]) }
        }
        func directors(_ schools: [Int64]) throws -> [Int64] {
            try db.read { db in try schools.flatMap { try NotificationDelivery.directors(db, schoolId: $0) }.sorted() }
        }
        let before = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM notification")! }
        #expect(before == 0)  // demo decisions notify no one
        let id = try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2023, text: "Группе", addressee: "group", schoolIds: [a, b]))
        #expect(try rows(id) == directors([a, b]) && !(try rows(id)).isEmpty)
        // Editing the text notifies no one again; adding a school tells only its director.
        try decisions.update(coordinator, id: id, DecisionInput(year: 2023, text: "Группе (уточнено)", addressee: "group", schoolIds: [a, b]))
        #expect(try rows(id) == directors([a, b]))
        try decisions.update(coordinator, id: id, DecisionInput(year: 2023, text: "Группе", addressee: "group", schoolIds: [a, b, c]))
        #expect(try rows(id) == directors([a, b, c]))
        // A refused or invalid change creates nothing.
        let count = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM notification")! }
        #expect(throws: DomainError.self) { try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2023, text: "", addressee: "school", schoolIds: [a])) }
        #expect(throws: DomainError.forbidden) {
            try decisions.create(try Self.scope(db, "mun-kirovsky"), municipalityId: m, DecisionInput(year: 2023, text: "Т", addressee: "school", schoolIds: [a]))
        }
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM notification")! } == count)
        // «All» in 2022: every participant's director, once.
        let all = try decisions.create(coordinator, municipalityId: m, DecisionInput(year: 2022, text: "Всем", addressee: "all"))
        let participants = try decisions.decision(coordinator, id: all).schools.map(\.id)
        #expect(try rows(all) == directors(participants) && participants.count == 7)
    }

    // MARK: Staff

    @Test func staffFiguresValidationTotalsAndAccess() throws {
        let db = try makeDemoDatabase(workingCycle: false)
        let coordinator = try Self.scope(db, "mun-ku")
        let staff = StaffDevelopment(database: db)
        let x = try Self.school(db, "KU-01")
        // Seed 001: 100% of the management teams of the seven participants trained in 2022.
        let totals = try staff.totals(coordinator, municipalityId: coordinator.municipalityId, year: SchoolYear(2022))
        #expect(totals.schools == 7 && totals.sums.managementTeam == 29 && totals.managementTrainedShare == 1.0)
        #expect(totals.sums.teachers == 335 && totals.sums.teachersWithDeficits == 55)
        #expect(throws: DomainError.invalid([FieldError("managementTrained", "Прошедших курсовую подготовку не может быть больше, чем членов управленческой команды"),
                                              FieldError("teachersWithDeficits", "Учителей с дефицитами не может быть больше, чем учителей")])) {
            try staff.save(coordinator, schoolId: x, year: SchoolYear(2023), StaffInput(managementTeam: "3", managementTrained: "4", teachers: "10",
                                                                                         teachersTrained: "5", teachersWithDeficits: "11"))
        }
        #expect(throws: DomainError.invalid([FieldError("teachers", "Введите целое число не меньше 0")])) {
            try staff.save(coordinator, schoolId: x, year: SchoolYear(2023), StaffInput(managementTeam: "3", managementTrained: "3", teachers: "-1",
                                                                                         teachersTrained: "0", teachersWithDeficits: "0"))
        }
        let director = try Self.scope(db, "director-ku")
        try staff.save(director, schoolId: x, year: SchoolYear(2023), StaffInput(managementTeam: "4", managementTrained: "3", teachers: "60",
                                                                                  teachersTrained: "30", teachersWithDeficits: "6"))
        #expect(try staff.figures(coordinator, schoolId: x, year: SchoolYear(2023))?.managementTrainedShare == 0.75)
        #expect(throws: DomainError.forbidden) {
            try staff.save(try Self.scope(db, "director-ku-02"), schoolId: x, year: SchoolYear(2023), StaffInput())
        }
        #expect(throws: DomainError.forbidden) { try staff.table(try Self.scope(db, "curator-ku"), municipalityId: coordinator.municipalityId!, year: SchoolYear(2022)) }
        #expect(throws: DomainError.forbidden) { try staff.totals(try Self.scope(db, "mun-kirovsky"), municipalityId: coordinator.municipalityId!, year: SchoolYear(2022)) }
        let table = try staff.table(coordinator, municipalityId: coordinator.municipalityId!, year: SchoolYear(2022))
        #expect(table.count == 7 && table.allSatisfy { $0.figures != nil })
    }
}

extension AuditLog {
    static func entriesCount(_ db: AppDatabase, entity: String, id: Int64) throws -> Int {
        try db.read { try entries($0, entity: entity, id: id).count }
    }
}
