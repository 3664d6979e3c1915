import Foundation
import GRDB
import Testing
@testable import Core
import CoreTestSupport

/// Each trigger writes exactly one notification to exactly the right users, in the transaction of the change.
@Suite struct NotificationTriggerTests {
    static let year = 2090

    struct Setup {
        let db: AppDatabase
        let schoolX: Int64, schoolY: Int64, schoolZ: Int64, schoolOfB: Int64, municipalityA: Int64
        func scope(_ login: String) throws -> Scope {
            Scope(try db.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
        }
        func userId(_ login: String) throws -> Int64 {
            try db.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = ?", arguments: [login])! }
        }
        func director(of school: Int64) throws -> Int64 {
            try db.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE role = 'director' AND schoolId = ?", arguments: [school])! }
        }
        /// (userId, kind, entity, entityId) of every notification.
        func all() throws -> [(user: Int64, kind: String, entity: String, entityId: Int64)] {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT userId, kind, entity, entityId FROM notification ORDER BY id").map {
                    (user: $0["userId"], kind: $0["kind"], entity: $0["entity"], entityId: $0["entityId"])
                }
            }
        }
    }

    /// The demo without its cycle; curator-ku assigned to X for `year`; school Y flagged «500+» for it; school Z of
    /// municipality A in nothing; a school of B with a roadmap of the year (another municipality).
    func setup() throws -> Setup {
        let db = try makeDemoDatabase(workingCycle: false)
        let s = try db.read { conn in
            Setup(db: db,
                  schoolX: try Int64.fetchOne(conn, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'")!,
                  schoolY: try Int64.fetchOne(conn, sql: "SELECT schoolId FROM user WHERE login = 'director-ku-02'")!,
                  schoolZ: try Int64.fetchOne(conn, sql: """
                      SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-ku')
                      AND id NOT IN (SELECT schoolId FROM user WHERE login IN ('director-ku', 'director-ku-02'))
                      """)!,
                  schoolOfB: try Int64.fetchOne(conn, sql: "SELECT MIN(id) FROM school WHERE municipalityId = (SELECT municipalityId FROM user WHERE login = 'mun-kirovsky')")!,
                  municipalityA: try Int64.fetchOne(conn, sql: "SELECT municipalityId FROM user WHERE login = 'mun-ku'")!)
        }
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdBy, createdAt)
                VALUES ((SELECT id FROM user WHERE login = 'curator-ku'), ?, ?, NULL, ?)
                """, arguments: [s.schoolX, Self.year, Date()])
            try db.execute(sql: "INSERT INTO schoolStatus (schoolId, schoolYear, flag) VALUES (?, ?, 'programmeParticipant')",
                           arguments: [s.schoolY, Self.year])
        }
        try ReportFixtures.roadmap(db, schoolId: s.schoolX, year: Self.year, measures: [.init("Диагностика дефицитов", dueTo: "\(Self.year)-10-31")])
        try ReportFixtures.roadmap(db, schoolId: s.schoolOfB, year: Self.year, measures: [.init("Семинар", dueTo: "\(Self.year)-10-31")])
        #expect(try s.all().isEmpty)
        return s
    }

    @Test func returningAReportTellsTheSchoolsDirectorOnce() throws {
        let s = try setup()
        let period = try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.year, half: 1, isOpen: true)
        let reports = Reports(database: s.db)
        let report = try reports.start(try s.scope("director-ku"), schoolId: s.schoolX, periodId: period)
        try reports.submit(try s.scope("director-ku"), id: report)
        #expect(try s.all().isEmpty, "submitting tells no director")
        try reports.returnForRework(try s.scope("curator-ku"), id: report, comment: "Приложите протоколы педсоветов")
        let all = try s.all()
        #expect(all.count == 1)
        #expect(all.first?.user == (try s.userId("director-ku")))
        #expect(all.first?.kind == "reportReturned" && all.first?.entity == "report" && all.first?.entityId == report)
        let body = try s.db.read { try String.fetchOne($0, sql: "SELECT body FROM notification") }
        #expect(body?.contains("Приложите протоколы педсоветов") == true)

        // A second return after a resubmission is a new notification; accepting tells no one.
        try reports.submit(try s.scope("director-ku"), id: report)
        try reports.returnForRework(try s.scope("curator-ku"), id: report, comment: "Ещё раз: протоколы")
        #expect(try s.all().count == 2)
        try reports.submit(try s.scope("director-ku"), id: report)
        try reports.accept(try s.scope("curator-ku"), id: report)
        #expect(try s.all().count == 2)
    }

    @Test func aRefusedReturnWritesNoNotification() throws {
        let s = try setup()
        let period = try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.year, half: 1, isOpen: true)
        let reports = Reports(database: s.db)
        let report = try reports.start(try s.scope("director-ku"), schoolId: s.schoolX, periodId: period)
        try reports.submit(try s.scope("director-ku"), id: report)
        #expect(throws: DomainError.self) { try reports.returnForRework(try s.scope("curator-ku-3"), id: report, comment: "Нет") }
        #expect(throws: DomainError.self) { try reports.returnForRework(try s.scope("curator-ku"), id: report, comment: "  ") }
        #expect(try s.all().isEmpty)
    }

    @Test func approvingARoadmapTellsTheSchoolsDirectorOnce() throws {
        let s = try setup()
        let roadmap = try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: Self.year, status: "submitted", measures: []).roadmapId
        try Roadmaps(database: s.db).approve(try s.scope("curator-ku"), roadmap: roadmap)
        let all = try s.all()
        #expect(all.count == 1)
        #expect(all.first?.user == (try s.director(of: s.schoolX)))
        #expect(all.first?.kind == "roadmapApproved" && all.first?.entity == "roadmap" && all.first?.entityId == roadmap)
        let target = try Notifications(database: s.db).inbox(try s.scope("director-ku")).items.first?.target
        #expect(target == .roadmap(schoolId: s.schoolX, year: Self.year))
    }

    @Test func returningARoadmapTellsTheDirectorWithTheComment() throws {
        let s = try setup()
        let roadmap = try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: Self.year, status: "submitted", measures: []).roadmapId
        try Roadmaps(database: s.db).returnForRework(try s.scope("curator-ku"), roadmap: roadmap, comment: "Добавьте показатели")
        let all = try s.all()
        let director = try s.director(of: s.schoolX)
        #expect(all.count == 1 && all.first?.user == director)
        #expect(all.first?.kind == "roadmapReturned" && all.first?.entity == "roadmap" && all.first?.entityId == roadmap)
        #expect(try s.db.read { try String.fetchOne($0, sql: "SELECT body FROM notification") }?.contains("Добавьте показатели") == true)
        // Returned again after a resubmission: told again.
        try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: Self.year, status: "submitted", measures: [])
        try Roadmaps(database: s.db).returnForRework(try s.scope("curator-ku"), roadmap: roadmap, comment: "Ещё раз: показатели")
        #expect(try s.all().count == 2)
    }

    @Test func reviewingADocumentTellsTheSchoolsDirectorOncePerReview() throws {
        let s = try setup()
        let documents = Documents(database: s.db)
        let documentId = try documents.upload(try s.scope("director-ku"), schoolId: s.schoolX, year: Self.year, kindId: 1, riskFactorId: nil,
                                              fileName: "Концепция.pdf", bytes: SampleFiles.pdf)
        // An upload tells no director: it tells the curators assigned to the school that year, once per version.
        #expect(try s.all().map(\.kind) == ["documentUploaded"])
        #expect(try s.all().first?.user == (try s.userId("curator-ku")))
        try s.db.write { try $0.execute(sql: "DELETE FROM notification") }
        let criteria = try documents.kinds(try s.scope("curator-ku")).first { $0.id == 1 }!.criteria
        let marks = criteria.map { CriterionMarkInput(criterionId: $0.id, isMet: true, comment: "") }
        try documents.review(try s.scope("curator-ku"), documentId: documentId, marks: marks, decision: .returned, comment: "Уточните миссию")
        var all = try s.all()
        #expect(all.count == 1)
        #expect(all.first?.user == (try s.userId("director-ku")) && all.first?.kind == "documentReviewed")
        #expect(all.first?.entity == "document" && all.first?.entityId == documentId)
        try documents.review(try s.scope("curator-ku"), documentId: documentId, marks: marks, decision: .accepted, comment: "")
        all = try s.all()
        let directorKu = try s.userId("director-ku")
        #expect(all.count == 2 && Set(all.map(\.user)) == [directorKu])
        let titles = try s.db.read { try String.fetchAll($0, sql: "SELECT title FROM notification ORDER BY id") }
        #expect(titles[0].contains("возвращён на доработку") && titles[1].contains("принят"))
    }

    @Test func openingAPeriodTellsTheDirectorsOfTheProgrammeSchoolsOfThatMunicipalityAndYear() throws {
        let s = try setup()
        let periods = ReportPeriods(database: s.db)
        let mun = try s.scope("mun-ku")
        let id = try periods.create(mun, municipalityId: s.municipalityA, year: SchoolYear(Self.year), half: 1, dueDate: "")
        #expect(try s.all().isEmpty, "creating a period tells no one")
        try periods.setOpen(mun, id: id, true)
        let all = try s.all()
        #expect(all.count == 2)
        #expect(Set(all.map(\.user)) == [try s.director(of: s.schoolX), try s.director(of: s.schoolY)])
        #expect(!all.map(\.user).contains(try s.director(of: s.schoolZ)))
        #expect(!all.map(\.user).contains(try s.director(of: s.schoolOfB)))
        #expect(all.allSatisfy { $0.kind == "periodOpened" && $0.entity == "reportPeriod" && $0.entityId == id })
        // Closing tells no one; a refused opening writes nothing.
        try periods.setOpen(mun, id: id, false)
        #expect(try s.all().count == 2)
        #expect(throws: DomainError.self) { try periods.setOpen(try s.scope("mun-kirovsky"), id: id, true) }
        #expect(try s.all().count == 2)
        // The director's notification leads to the school's reports of that year.
        let inbox = try Notifications(database: s.db).inbox(try s.scope("director-ku"))
        #expect(inbox.items.map(\.target) == [.schoolReports(schoolId: s.schoolX, year: Self.year)])
    }

    /// 12:00 in Moscow on a day (yyyy-MM-dd).
    func noon(_ day: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Moscow")!
        let n = day.split(separator: "-").map { Int($0)! }
        return calendar.date(from: DateComponents(year: n[0], month: n[1], day: n[2], hour: 12))!
    }

    @Test func theDueSoonSweepIsIdempotentAndSkipsSubmittedReports() throws {
        let s = try setup()
        let due = "\(Self.year + 1)-01-15"
        let period = try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.year, half: 1, isOpen: true, dueDate: due)
        let notifications = Notifications(database: s.db)
        // Eight days before: too early.
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-07")) == 0)
        #expect(try s.all().isEmpty)
        // X has already sent its report: only Y is reminded.
        let reports = Reports(database: s.db)
        let report = try reports.start(try s.scope("director-ku"), schoolId: s.schoolX, periodId: period)
        try reports.submit(try s.scope("director-ku"), id: report)
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-08")) == 1)
        #expect(try s.all().map(\.user) == [try s.director(of: s.schoolY)])
        #expect(try s.all().first?.kind == "periodDueSoon")
        // Run again (the hourly sweep, a restart): nothing new.
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-08")) == 0)
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-12")) == 0)
        #expect(try s.all().count == 1)
        // X's report returned: X now hears about the return, and then about the due date.
        try reports.returnForRework(try s.scope("curator-ku"), id: report, comment: "Доработайте")
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-13")) == 1)
        #expect(try s.all().filter { $0.kind == "periodDueSoon" }.map(\.user).sorted()
                == [try s.director(of: s.schoolX), try s.director(of: s.schoolY)].sorted())
        // After the due date: nothing. A closed period: nothing.
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-16")) == 0)
        // A moved due date reminds again once.
        try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.year, half: 1, isOpen: true, dueDate: "\(Self.year + 1)-01-20")
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-16")) == 2)
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-16")) == 0)
        try ReportFixtures.period(s.db, municipalityId: s.municipalityA, year: Self.year, half: 1, isOpen: false, dueDate: "\(Self.year + 1)-01-22")
        #expect(try notifications.sweepDueSoon(now: noon("\(Self.year + 1)-01-18")) == 0)
    }

    @Test func theSweepRunsOnTheMovedClock() throws {
        let s = try setup()
        let db = s.db
        let today = Moscow.day(db.now)
        let due = NotificationDays.adding(3, to: today)!
        // A period of a year whose programme schools are X and Y, due in three days from now.
        try ReportFixtures.period(db, municipalityId: s.municipalityA, year: Self.year, half: 2, isOpen: true, dueDate: due)
        let notifications = Notifications(database: db)
        #expect(try notifications.sweepDueSoon(now: db.now) == 2)
        db.clock.advance(by: 3600)
        #expect(try notifications.sweepDueSoon(now: db.now) == 0)
    }

    @Test func inboxReadMarksAndOwnership() throws {
        let s = try setup()
        let periods = ReportPeriods(database: s.db)
        let id = try periods.create(try s.scope("mun-ku"), municipalityId: s.municipalityA, year: SchoolYear(Self.year), half: 1, dueDate: "")
        try periods.setOpen(try s.scope("mun-ku"), id: id, true)
        let roadmap = try ReportFixtures.roadmap(s.db, schoolId: s.schoolX, year: Self.year, status: "submitted", measures: []).roadmapId
        try Roadmaps(database: s.db).approve(try s.scope("curator-ku"), roadmap: roadmap)
        let notifications = Notifications(database: s.db)
        let director = try s.scope("director-ku")
        #expect(try notifications.unreadCount(director) == 2)
        let inbox = try notifications.inbox(director)
        #expect(inbox.items.map(\.kind) == [.roadmapApproved, .periodOpened], "newest first")
        #expect(inbox.items.allSatisfy { $0.isUnread })
        // Another user's notification: refused, and it stays unread.
        #expect(throws: DomainError.forbidden) { try notifications.open(try s.scope("director-ku-02"), id: inbox.items[0].id) }
        #expect(throws: DomainError.notFound) { try notifications.open(director, id: 999_999) }
        #expect(try notifications.unreadCount(director) == 2)
        #expect(try notifications.open(director, id: inbox.items[0].id) == .roadmap(schoolId: s.schoolX, year: Self.year))
        #expect(try notifications.unreadCount(director) == 1)
        #expect(try notifications.markAllRead(director) == 1)
        #expect(try notifications.unreadCount(director) == 0)
        #expect(try notifications.unreadCount(try s.scope("director-ku-02")) == 1, "another user's stay unread")
    }
}
