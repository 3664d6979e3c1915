import Foundation
import GRDB
import Testing
@testable import Core
import CoreTestSupport

/// Report periods and half-year reports: rules, the workflow per role, lateness, share done.
@Suite struct ReportCoreTests {
    /// A year no demo roadmap uses, long past (every measure past due, every period late) and one in the future.
    static let pastYear = 2019
    static let futureYear = 2090

    struct Setup {
        let db: AppDatabase
        let schoolX: Int64
        let schoolY: Int64
        let municipalityA: Int64
        func scope(_ login: String) throws -> Scope {
            Scope(try db.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
        }
    }

    /// The demo, with curator-ku assigned to school X for `years` (curator-ku-3 is not).
    func setup(assign years: [Int] = [pastYear, futureYear]) throws -> Setup {
        let db = try makeDemoDatabase(workingCycle: false)
        let ids = try db.read { db in
            (try Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'")!,
             try Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku-02'")!,
             try Int64.fetchOne(db, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")!)
        }
        try db.write { db in
            for year in years {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                    VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                    """, arguments: [ids.0, year, Date()])
            }
        }
        return Setup(db: db, schoolX: ids.0, schoolY: ids.1, municipalityA: ids.2)
    }

    /// An approved roadmap of X for `year` with three measures (one standing), an open I полугодие, a started report.
    func report(_ s: Setup, year: Int = pastYear) throws -> (report: Int64, period: Int64) {
        try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: year, measures: [
            .init("Диагностика профессиональных дефицитов педагогов", dueTo: "\(year)-10-31"),
            .init("Курсы повышения квалификации по функциональной грамотности", dueTo: "\(year)-12-20"),
            .init("Консультации по запросу школы", dueTo: nil),
        ])
        let period = try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: year, half: 1, isOpen: true)
        let id = try Reports(database: s.db).start(try s.scope("director-ku"), schoolId: s.schoolX, periodId: period)
        return (id, period)
    }

    func fields(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch DomainError.invalid(let errors) { return errors.map(\.field) } catch { return ["\(error)"] }
    }

    func isConflict(_ body: () throws -> Void) -> Bool {
        do { try body(); return false } catch DomainError.conflict { return true } catch { return false }
    }

    func isForbidden(_ body: () throws -> Void) -> Bool {
        do { try body(); return false } catch DomainError.forbidden { return true } catch { return false }
    }

    func status(_ s: Setup, _ id: Int64) throws -> String {
        try s.db.read { try String.fetchOne($0, sql: "SELECT status FROM report WHERE id = ?", arguments: [id])! }
    }

    /// Fills every item as done so that the report can be submitted.
    func fillDone(_ s: Setup, _ id: Int64, as login: String = "director-ku") throws {
        let reports = Reports(database: s.db)
        let d = try reports.detail(try s.scope(login), id: id)
        try reports.save(try s.scope(login), id: id, ReportInput(
            summary: "Итоги", selfAssessment: "Удовлетворительно",
            items: Dictionary(uniqueKeysWithValues: d.items.map { ($0.id, ReportItemInput(status: "done", whatWasDone: "Проведено")) })))
    }

    // MARK: Periods

    @Test func defaultDueDates() {
        #expect(ReportPeriods.defaultDueDate(year: SchoolYear(2022), half: 1) == "2023-01-15")
        #expect(ReportPeriods.defaultDueDate(year: SchoolYear(2022), half: 2) == "2023-06-15")
    }

    @Test func periodsAreCreatedOpenedAndClosedByTheCoordinator() throws {
        let s = try setup()
        let periods = ReportPeriods(database: s.db)
        let coordinator = try s.scope("mun-ku")
        let first = try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2024), half: 1, dueDate: "")
        #expect(try periods.period(coordinator, id: first).dueDate == "2025-01-15")
        let second = try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2024), half: 2, dueDate: "20.06.2025")
        #expect(try periods.period(coordinator, id: second).dueDate == "2025-06-20")
        // One per half; the due date inside or after the half-year; a readable date.
        #expect(fields { try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2024), half: 1, dueDate: "") } == ["half"])
        #expect(fields { try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2025), half: 2, dueDate: "20.12.2025") } == ["dueDate"])
        #expect(fields { try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2025), half: 1, dueDate: "31.08.2025") } == ["dueDate"])
        #expect(fields { try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2025), half: 1, dueDate: "завтра") } == ["dueDate"])
        #expect(fields { try periods.create(coordinator, municipalityId: s.municipalityA, year: nil, half: 3, dueDate: "") } == ["year", "half"])
        // I полугодие may be due in December, inside the half-year.
        _ = try periods.create(coordinator, municipalityId: s.municipalityA, year: SchoolYear(2025), half: 1, dueDate: "25.12.2025")

        for login in ["mun-kirovsky", "region", "curator-ku", "director-ku"] {
            #expect(isForbidden { try periods.create(try s.scope(login), municipalityId: s.municipalityA, year: SchoolYear(2026), half: 1, dueDate: "") })
            #expect(isForbidden { try periods.setOpen(try s.scope(login), id: first, true) })
        }
        try periods.setOpen(coordinator, id: first, true)
        #expect(try periods.period(coordinator, id: first).isOpen)
        #expect(isConflict { try periods.setOpen(coordinator, id: first, true) })
        try periods.setOpen(try s.scope("admin"), id: first, false)
        let closed = try periods.period(coordinator, id: first)
        #expect(!closed.isOpen && closed.closedAt != nil && closed.stateTitle == "закрыт")
        // The due date moves under the same rules.
        try periods.setDueDate(coordinator, id: first, "20.01.2025")
        #expect(try periods.period(coordinator, id: first).dueDate == "2025-01-20")
        #expect(fields { try periods.setDueDate(coordinator, id: first, "01.08.2024") } == ["dueDate-\(first)"])
        #expect(fields { try periods.setDueDate(coordinator, id: first, "скоро") } == ["dueDate-\(first)"])
        #expect(isForbidden { try periods.setDueDate(try s.scope("mun-kirovsky"), id: first, "21.01.2025") })
        let actions = try s.db.read { try AuditLog.entries($0, entity: "reportPeriod", id: first).map(\.action) }
        #expect(actions == ["create", "open", "close", "update"])
        // Directors read their municipality's periods (for their report page); another municipality's cannot.
        #expect(try periods.list(try s.scope("director-ku"), municipalityId: s.municipalityA).count == 3)
        #expect(isForbidden { _ = try periods.list(try s.scope("mun-kirovsky"), municipalityId: s.municipalityA) })
    }

    // MARK: Starting a report

    @Test func aReportStartsOnlyForAnApprovedRoadmapInAnOpenPeriod() throws {
        let s = try setup()
        let reports = Reports(database: s.db)
        let director = try s.scope("director-ku")
        let period = try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.pastYear, half: 1, isOpen: false)
        // No roadmap yet.
        #expect(isConflict { try reports.start(director, schoolId: s.schoolX, periodId: period) })
        // A roadmap on approval is not enough.
        try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: Self.pastYear, status: "submitted",
                                   measures: [.init("Педагогический совет по результатам ВПР", dueTo: "\(Self.pastYear)-11-01")])
        #expect(isConflict { try reports.start(director, schoolId: s.schoolX, periodId: period) })
        try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: Self.pastYear, status: "approved", measures: [])
        // The period is closed.
        do {
            try reports.start(director, schoolId: s.schoolX, periodId: period)
            Issue.record("started in a closed period")
        } catch DomainError.conflict(let message) {
            #expect(message.contains("не открыт"))
        }
        try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.pastYear, half: 1, isOpen: true)
        // Not the school's editors.
        for login in ["director-ku-02", "curator-ku", "mun-kirovsky", "region"] {
            #expect(isForbidden { try reports.start(try s.scope(login), schoolId: s.schoolX, periodId: period) })
        }
        let id = try reports.start(director, schoolId: s.schoolX, periodId: period)
        let d = try reports.detail(director, id: id)
        #expect(d.status == .draft)
        #expect(d.items.map(\.measureTitle) == ["Педагогический совет по результатам ВПР"])
        #expect(d.items.allSatisfy { $0.status == .notStarted })
        #expect(d.events.map(\.action) == ["created"])
        #expect(isConflict { try reports.start(director, schoolId: s.schoolX, periodId: period) })
        // A period of another municipality does not fit the school.
        let otherMunicipality = try s.db.read { try Int64.fetchOne($0, sql: "SELECT municipalityId FROM user WHERE login = 'mun-kirovsky'")! }
        let foreign = try ReportFixtures.period(s.db, municipalityId: otherMunicipality, year: Self.pastYear, half: 1, isOpen: true)
        #expect(throws: DomainError.notFound) { try reports.start(director, schoolId: s.schoolX, periodId: foreign) }
    }

    // MARK: The workflow per role

    @Test func workflowTransitionsPerRole() throws {
        let s = try setup()
        let reports = Reports(database: s.db)
        let (id, _) = try report(s)
        let director = try s.scope("director-ku")
        try fillDone(s, id)

        // Nobody reviews a draft; only the school's editors submit.
        #expect(isConflict { try reports.accept(try s.scope("curator-ku"), id: id) })
        for login in ["director-ku-02", "curator-ku", "curator-ku-3", "mun-kirovsky", "region"] {
            #expect(isForbidden { try reports.submit(try s.scope(login), id: id) }, "\(login) submitted")
            #expect(isForbidden { try reports.save(try s.scope(login), id: id, ReportInput(summary: "x", selfAssessment: "", items: [:])) })
        }
        try reports.submit(director, id: id)
        #expect(try status(s, id) == "submitted")
        // Submitted: no editing in place, no second submission.
        #expect(isConflict { try reports.save(director, id: id, ReportInput(summary: "x", selfAssessment: "", items: [:])) })
        #expect(isConflict { try reports.submit(director, id: id) })

        // A director cannot accept or return; nor a curator of another school, another municipality's coordinator, the region.
        for login in ["director-ku", "director-ku-02", "curator-ku-3", "mun-kirovsky", "region"] {
            #expect(isForbidden { try reports.accept(try s.scope(login), id: id) }, "\(login) accepted")
            #expect(isForbidden { try reports.returnForRework(try s.scope(login), id: id, comment: "Доработать") }, "\(login) returned")
        }
        // A return needs a comment.
        #expect(fields { try reports.returnForRework(try s.scope("curator-ku"), id: id, comment: "  ") } == ["comment"])
        try reports.returnForRework(try s.scope("curator-ku"), id: id, comment: "Приложите ссылки на протоколы")
        #expect(try status(s, id) == "returned")
        #expect(isConflict { try reports.accept(try s.scope("mun-ku"), id: id) })
        #expect(isConflict { try reports.returnForRework(try s.scope("mun-ku"), id: id, comment: "ещё") })
        // The director fixes and resubmits; the coordinator accepts.
        try reports.save(director, id: id, ReportInput(summary: "Исправлено", selfAssessment: "Хорошо", items: [:]))
        try reports.submit(director, id: id)
        try reports.accept(try s.scope("mun-ku"), id: id)
        #expect(try status(s, id) == "accepted")
        // Nobody edits an accepted report in place, nor moves it on.
        for login in ["director-ku", "mun-ku", "admin"] {
            #expect(isConflict { try reports.save(try s.scope(login), id: id, ReportInput(summary: "y", selfAssessment: "", items: [:])) })
            #expect(isConflict { try reports.submit(try s.scope(login), id: id) })
        }
        #expect(isConflict { try reports.accept(try s.scope("admin"), id: id) })
        #expect(isConflict { try reports.returnForRework(try s.scope("curator-ku"), id: id, comment: "поздно") })

        let d = try reports.detail(director, id: id)
        #expect(d.events.map(\.action) == ["created", "submitted", "returned", "submitted", "accepted"])
        #expect(d.events[2].comment == "Приложите ссылки на протоколы")
        #expect(d.events[2].actorName != nil)
        let audit = try s.db.read { try AuditLog.entries($0, entity: "report", id: id).map(\.action) }
        #expect(audit == ["create", "update", "submit", "return", "update", "submit", "accept"])
    }

    @Test func aCuratorReviewsOnlyForTheYearTheyAreAssigned() throws {
        // curator-ku is assigned to X for the past year only here.
        let s = try setup(assign: [Self.pastYear])
        let reports = Reports(database: s.db)
        let (id, _) = try report(s, year: Self.futureYear)
        try fillDone(s, id)
        try reports.submit(try s.scope("director-ku"), id: id)
        // The curator reads the report (assigned to the school in another year) but cannot review it.
        #expect(try reports.detail(try s.scope("curator-ku"), id: id).canReview == false)
        #expect(isForbidden { try reports.accept(try s.scope("curator-ku"), id: id) })
        #expect(isForbidden { try reports.returnForRework(try s.scope("curator-ku"), id: id, comment: "Доработать") })
        #expect(isForbidden { _ = try reports.detail(try s.scope("curator-ku-3"), id: id) })
        try reports.accept(try s.scope("admin"), id: id)
        #expect(try status(s, id) == "accepted")
    }

    @Test func reportsAwaitingReview() throws {
        let s = try setup(assign: [Self.pastYear])
        let reports = Reports(database: s.db)
        let (past, _) = try report(s, year: Self.pastYear)
        let (future, _) = try report(s, year: Self.futureYear)
        try fillDone(s, past); try fillDone(s, future)
        try reports.submit(try s.scope("director-ku"), id: past)
        try reports.submit(try s.scope("director-ku"), id: future)
        // curator-ku reviews only the year assigned; the coordinator both; others none.
        #expect(try reports.awaitingReview(try s.scope("curator-ku")).map(\.reportId) == [past])
        #expect(Set(try reports.awaitingReview(try s.scope("mun-ku")).map(\.reportId)) == [past, future])
        #expect(try reports.awaitingReview(try s.scope("curator-ku-3")).isEmpty)
        #expect(try reports.awaitingReview(try s.scope("mun-kirovsky")).isEmpty)
        #expect(try reports.awaitingReview(try s.scope("director-ku")).isEmpty)
        try reports.accept(try s.scope("curator-ku"), id: past)
        #expect(try reports.awaitingReview(try s.scope("curator-ku")).isEmpty)
    }

    @Test func noSubmissionInAClosedPeriod() throws {
        let s = try setup()
        let reports = Reports(database: s.db)
        let (id, period) = try report(s)
        try fillDone(s, id)
        try ReportPeriods(database: s.db).setOpen(try s.scope("mun-ku"), id: period, false)
        do {
            try reports.submit(try s.scope("director-ku"), id: id)
            Issue.record("submitted in a closed period")
        } catch DomainError.conflict(let message) {
            #expect(message.contains("закрыт"))
        }
        #expect(try status(s, id) == "draft")
        #expect(try reports.detail(try s.scope("director-ku"), id: id).canSubmit == false)
        // Editing the draft still works; reopening allows submission.
        try reports.save(try s.scope("director-ku"), id: id, ReportInput(summary: "Черновик", selfAssessment: "", items: [:]))
        try ReportPeriods(database: s.db).setOpen(try s.scope("mun-ku"), id: period, true)
        try reports.submit(try s.scope("director-ku"), id: id)
        #expect(try status(s, id) == "submitted")
    }

    // MARK: Rules

    @Test func lateness() {
        let due = "2023-01-15"
        // Not submitted: late only after the due date.
        #expect(!Reports.isLate(dueDate: due, submittedAt: nil, today: "2023-01-14"))
        #expect(!Reports.isLate(dueDate: due, submittedAt: nil, today: "2023-01-15"))
        #expect(Reports.isLate(dueDate: due, submittedAt: nil, today: "2023-01-16"))
        // Submitted: late when the submission (Moscow date) came after the due date, whatever today is.
        let onTime = ISO8601DateFormatter().date(from: "2023-01-15T20:00:00Z")!  // 23:00 in Moscow, still the 15th
        let lateAtNight = ISO8601DateFormatter().date(from: "2023-01-15T21:30:00Z")!  // 00:30 on the 16th in Moscow
        #expect(!Reports.isLate(dueDate: due, submittedAt: onTime, today: "2024-01-01"))
        #expect(Reports.isLate(dueDate: due, submittedAt: lateAtNight, today: "2023-01-16"))
    }

    @Test func lateReportsOnRealPeriods() throws {
        let s = try setup()
        let reports = Reports(database: s.db)
        let (pastReport, _) = try report(s, year: Self.pastYear)
        let (futureReport, _) = try report(s, year: Self.futureYear)
        let director = try s.scope("director-ku")
        #expect(try reports.detail(director, id: pastReport).isLate)
        #expect(try !reports.detail(director, id: futureReport).isLate)
        // Submitting after the due date stays late, and a resubmission keeps the first submission's date.
        try fillDone(s, pastReport)
        try reports.submit(director, id: pastReport)
        let first = try reports.detail(director, id: pastReport).submittedAt
        #expect(try reports.detail(director, id: pastReport).isLate)
        try reports.returnForRework(try s.scope("mun-ku"), id: pastReport, comment: "Доработать итоги")
        s.db.clock.advance(by: 3600)
        try reports.submit(director, id: pastReport)
        #expect(try reports.detail(director, id: pastReport).submittedAt == first)
    }

    @Test func reasonRequiredForNotStartedAndCancelledPastDue() throws {
        let today = "2023-02-01"
        func errors(_ status: String, due: String?, reason: String = "") -> [String] {
            Reports.validate(ReportItemInput(status: status, reason: reason), itemId: 7, measureTitle: "Семинар", dueTo: due, today: today).map(\.field)
        }
        #expect(errors("notStarted", due: "2023-01-31") == ["reason-7"])
        #expect(errors("cancelled", due: "2022-12-01") == ["reason-7"])
        #expect(errors("cancelled", due: "2022-12-01", reason: "Лектор заболел, перенесено на март").isEmpty)
        #expect(errors("notStarted", due: "2023-02-01").isEmpty)  // due today: not passed yet
        #expect(errors("notStarted", due: "2023-05-31").isEmpty)
        #expect(errors("notStarted", due: nil).isEmpty)  // standing term
        #expect(errors("inProgress", due: "2022-12-01").isEmpty)
        #expect(errors("done", due: "2022-12-01").isEmpty)
        #expect(errors("finished", due: nil) == ["status-7"])
        // A draft is saved without the reason: the rule is the submission's.
        #expect(Reports.validate(ReportItemInput(status: "notStarted"), itemId: 7, measureTitle: "Семинар", dueTo: "2023-01-31", today: today,
                                 forSubmission: false).isEmpty)

        // On a real report: saving a draft never asks for the reasons; submitting does, next to their fields.
        let s = try setup()
        let reports = Reports(database: s.db)
        let (id, _) = try report(s)
        let director = try s.scope("director-ku")
        let items = try reports.detail(director, id: id).items
        let pastDue = items[0], standing = items[2]
        #expect(pastDue.isPastDue && !standing.isPastDue)
        try reports.save(director, id: id, ReportInput(summary: "Черновик", selfAssessment: "", items: [pastDue.id: ReportItemInput(status: "cancelled")]))
        #expect(try reports.detail(director, id: id).items[0].status == .cancelled)
        // Items are "не начато" from the start: submission lists the past-due ones without a reason.
        #expect(fields { try reports.submit(director, id: id) } == ["reason-\(items[0].id)", "reason-\(items[1].id)"])
        // «Сдать отчёт» from the form saves and submits in one transaction: a refusal saves nothing either.
        #expect(fields { try reports.submit(director, id: id, saving: ReportInput(summary: "Итоги", selfAssessment: "", items: [
            items[1].id: ReportItemInput(status: "done", evidenceNote: "протокол ШМО № 2")])) } == ["reason-\(items[0].id)"])
        #expect(try reports.detail(director, id: id).summary == "Черновик")
        #expect(try reports.detail(director, id: id).items[1].status == .notStarted)
        #expect(try reports.detail(director, id: id).status == .draft)
        try reports.save(director, id: id, ReportInput(summary: "", selfAssessment: "", items: [
            items[0].id: ReportItemInput(status: "cancelled", reason: "Методист уволился"),
            items[1].id: ReportItemInput(status: "done", evidenceUrl: "https://school.example.ru/news/kpk"),
        ]))
        try reports.submit(director, id: id, saving: ReportInput(summary: "Итоги", selfAssessment: "", items: [
            items[1].id: ReportItemInput(status: "done", evidenceUrl: "https://school.example.ru/news/kpk", evidenceNote: "протокол ШМО № 2")]))
        let d = try reports.detail(director, id: id)
        #expect(d.status == .submitted && d.summary == "Итоги")
        #expect(d.items.map(\.status) == [.cancelled, .done, .notStarted])
        #expect(d.items[0].reason == "Методист уволился")
        #expect(d.items[1].evidenceNote == "протокол ШМО № 2")
    }

    @Test func evidenceMustBeAWebLink() throws {
        #expect(LinkURL.isValid("https://school.example.ru/docs/protocol.pdf"))
        #expect(LinkURL.isValid("http://example.ru"))
        for bad in ["javascript:alert(1)", "ftp://example.ru/x", "example.ru", "https://", "https://exa mple.ru", "file:///etc/passwd"] {
            #expect(!LinkURL.isValid(bad), "\(bad) accepted")
        }
        let s = try setup()
        let (id, _) = try report(s, year: Self.futureYear)
        let reports = Reports(database: s.db)
        let item = try reports.detail(try s.scope("director-ku"), id: id).items[0]
        #expect(fields { try reports.save(try s.scope("director-ku"), id: id, ReportInput(summary: "", selfAssessment: "", items: [
            item.id: ReportItemInput(status: "done", evidenceUrl: "javascript:alert(1)")])) } == ["evidence-\(item.id)"])
    }

    @Test func shareDone() throws {
        #expect(DoneShare.of([.done, .done, .inProgress, .notStarted]) == DoneShare(done: 2, total: 4))
        #expect(DoneShare.of([.done, .done, .inProgress, .notStarted]).percent == 50)
        // Cancelled measures are not counted.
        #expect(DoneShare.of([.done, .cancelled, .inProgress]) == DoneShare(done: 1, total: 2))
        #expect(DoneShare.of([.done, .done, .inProgress]).percent == 67)
        #expect(DoneShare.of([.cancelled]).percent == nil)
        #expect(DoneShare(done: 3, total: 4).text == "3 из 4 (75 %)")

        let s = try setup()
        let reports = Reports(database: s.db)
        let (id, period) = try report(s, year: Self.futureYear)
        let items = try reports.detail(try s.scope("director-ku"), id: id).items
        try reports.save(try s.scope("director-ku"), id: id, ReportInput(summary: "", selfAssessment: "", items: [
            items[0].id: ReportItemInput(status: "done"), items[1].id: ReportItemInput(status: "inProgress"),
            items[2].id: ReportItemInput(status: "done"),
        ]))
        #expect(try reports.detail(try s.scope("director-ku"), id: id).share == DoneShare(done: 2, total: 3))
        // The coordinator's overview: X with its share, Y with a roadmap but no report («не сдан»).
        try ReportFixtures.roadmap(s.db, schoolId: s.schoolY, year: Self.futureYear, measures: [.init("Семинар", dueTo: nil)])
        let overview = try #require(try reports.overview(try s.scope("mun-ku"), municipalityId: s.municipalityA, periodId: period))
        #expect(overview.rows.count == 2)
        let x = try #require(overview.rows.first { $0.schoolId == s.schoolX })
        #expect(x.share == DoneShare(done: 2, total: 3) && x.category == .notSubmitted && !x.isLate)
        #expect(overview.count(.notSubmitted) == 2 && overview.count(.submitted) == 0 && overview.count(.late) == 0)
        try reports.submit(try s.scope("director-ku"), id: id)
        let after = try #require(try reports.overview(try s.scope("mun-ku"), municipalityId: s.municipalityA, periodId: period))
        #expect(after.count(.submitted) == 1 && after.count(.notSubmitted) == 1)
        #expect(isForbidden { _ = try reports.overview(try s.scope("director-ku"), municipalityId: s.municipalityA, periodId: period) })
        #expect(isForbidden { _ = try reports.overview(try s.scope("mun-kirovsky"), municipalityId: s.municipalityA, periodId: period) })
    }

    @Test func schoolExecutionHighlightsOverdueMeasures() throws {
        let s = try setup()
        let reports = Reports(database: s.db)
        let (id, _) = try report(s)
        try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.pastYear, half: 2, isOpen: false)
        let items = try reports.detail(try s.scope("director-ku"), id: id).items
        try reports.save(try s.scope("director-ku"), id: id, ReportInput(summary: "", selfAssessment: "", items: [
            items[0].id: ReportItemInput(status: "done"), items[1].id: ReportItemInput(status: "inProgress"),
        ]))
        let view = try reports.school(try s.scope("curator-ku"), schoolId: s.schoolX, year: SchoolYear(Self.pastYear))
        #expect(view.periods.map(\.period.half) == [1, 2])
        let first = view.periods[0]
        #expect(first.reportId == id && first.status == .draft && first.isLate)
        #expect(first.measures.map(\.isOverdue) == [false, true, false])
        #expect(first.share == DoneShare(done: 1, total: 3))
        // II полугодие: no report yet; closed, so the director cannot start one and is told why.
        let second = view.periods[1]
        #expect(second.reportId == nil && !second.canStart)
        let forDirector = try reports.school(try s.scope("director-ku"), schoolId: s.schoolX, year: SchoolYear(Self.pastYear))
        #expect(forDirector.periods[1].startBlocker != nil)
        #expect(isForbidden { _ = try reports.school(try s.scope("director-ku-02"), schoolId: s.schoolX, year: nil) })
    }
}
