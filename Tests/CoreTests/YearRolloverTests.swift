import Foundation
import GRDB
import Testing
@testable import Core

/// «Новый учебный год» over a fixture of its own: school year 2015/2016 (Y) of municipality A rolled into 2016/2017 (T),
/// years the demo does not touch.
@Suite struct YearRolloverTests {
    static let y = SchoolYear(2015), t = SchoolYear(2016)

    struct Fixture {
        let db: AppDatabase
        let coordinator: Scope
        let municipalityId: Int64
        /// s[0], s[1], s[3] are confirmed ШНОР for T; see `make`.
        let s: [Int64]
        let curator: Int64, otherCurator: Int64
        let lastRoadmap: Int64, keptRoadmap: Int64
    }

    func scope(_ db: AppDatabase, _ login: String) throws -> Scope {
        Scope(try db.read { try User.filter(sql: "login = ?", arguments: [login]).fetchOne($0)! })
    }

    /// s0: ШНОР of T; in Y a «500+» participant of the 2015 cohort (carries) and ШНСУ (carries); curator-ku in Y;
    ///     a partner group with s2 and s3; a roadmap of three measures, one reported done.
    /// s1: ШНОР of T; in Y a participant of the 2014 cohort (ends); curator-ku in Y, curator-ku-3 already in T; a roadmap of T exists.
    /// s2: partner in Y (carries); signs of non-objectivity in Y (never carry).
    /// s3: ШНОР of T and partner in Y (does not carry: it is on the list now).
    /// s4: ШНСУ in Y, cleared for T by the coordinator (kept); curator-ku-3 in Y (not on the list: not copied).
    func make() throws -> Fixture {
        let db = try makeDemoDatabase(workingCycle: false)
        let coordinator = try scope(db, "mun-ku")
        let m = coordinator.municipalityId!
        let curator = try db.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'curator-ku'")! }
        let other = try db.read { try Int64.fetchOne($0, sql: "SELECT id FROM user WHERE login = 'curator-ku-3'")! }
        let s = try db.read {
            try Int64.fetchAll($0, sql: "SELECT id FROM school WHERE municipalityId = ? AND archivedAt IS NULL AND kind NOT IN ('lyceum', 'gymnasium') ORDER BY id LIMIT 5",
                               arguments: [m])
        }
        let roadmaps = Roadmaps(database: db)
        let last = try roadmaps.create(coordinator, school: s[0], year: Self.y)
        let kept = try roadmaps.create(coordinator, school: s[1], year: Self.t)
        let now = db.now
        try db.write { db in
            func status(_ school: Int64, _ year: SchoolYear, _ flag: StatusFlag, set: Bool = true, cohort: Int? = nil) throws {
                try SchoolStatuses.apply(db, coordinator, StatusChange(schoolId: school, year: year, flag: flag, isSet: set,
                                                                       cohortYear: cohort, reason: "фикстура"), at: now)
            }
            for i in [0, 1, 3] { try status(s[i], Self.t, .lowResults) }
            try status(s[0], Self.y, .lowResults)
            try status(s[0], Self.y, .programmeParticipant, cohort: 2015)
            try status(s[0], Self.y, .unfavourableConditions)
            try status(s[1], Self.y, .programmeParticipant, cohort: 2014)
            try status(s[2], Self.y, .partner)
            try status(s[2], Self.y, .nonObjectiveSigns)
            try status(s[3], Self.y, .partner)
            try status(s[4], Self.y, .unfavourableConditions)
            try status(s[4], Self.t, .unfavourableConditions, set: false)
            for (c, school, year) in [(curator, s[0], Self.y), (curator, s[1], Self.y), (other, s[1], Self.t), (other, s[4], Self.y)] {
                _ = try Assignments.insert(db, coordinator, curatorId: c, schoolId: school, year: year, orderNumber: "12", orderDate: "2015-08-30", at: now)
            }
            _ = try Partnerships.insert(db, coordinator, municipalityId: m, year: Self.y, lowId: s[0], partners: [s[2], s[3]], forms: "стажировки", at: now)
            let section = try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM roadmapSection WHERE roadmapId = ?", arguments: [last])
            var measures: [Int64] = []
            for title in ["Семинар для учителей", "Диагностика", "Наставничество"] {
                try db.execute(sql: """
                    INSERT INTO measure (roadmapId, sectionId, position, title, dueKind, dueText, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, 'standing', 'в течение года', ?, ?)
                    """, arguments: [last, section, measures.count + 1, title, now, now])
                measures.append(db.lastInsertedRowID)
            }
            let period = try ReportPeriods.insert(db, coordinator, municipalityId: m, year: Self.y, half: 2, dueDate: "2016-06-15", at: now)
            try db.execute(sql: "INSERT INTO report (roadmapId, periodId, status, createdAt, updatedAt) VALUES (?, ?, 'accepted', ?, ?)",
                           arguments: [last, period, now, now])
            let report = db.lastInsertedRowID
            for (measure, state) in zip(measures, ["done", "inProgress", "notStarted"]) {
                try db.execute(sql: "INSERT INTO reportItem (reportId, measureId, measureTitle, status) VALUES (?, ?, 'м', ?)",
                               arguments: [report, measure, state])
            }
        }
        return Fixture(db: db, coordinator: coordinator, municipalityId: m, s: s, curator: curator, otherCurator: other,
                       lastRoadmap: last, keptRoadmap: kept)
    }

    func count(_ db: AppDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: sql, arguments: arguments)! }
    }

    /// Everything the rollover may write, for comparing a database before and after.
    func footprint(_ f: Fixture) throws -> [Int] {
        try ["schoolStatusChange", "schoolStatus", "curatorAssignment", "partnership", "partnershipMember", "reportPeriod",
             "roadmap", "measure", "roadmapSection", "auditEntry"].map { try count(f.db, "SELECT COUNT(*) FROM \($0)") }
    }

    @Test func proposalCarriesWhatTheRulesSay() throws {
        let f = try make()
        let p = try YearRollover(database: f.db).proposal(f.coordinator, municipalityId: f.municipalityId, target: Self.t)
        #expect(p.year == Self.y && p.target == Self.t && p.canApply)
        #expect(Set(p.confirmed.map(\.id)) == [f.s[0], f.s[1], f.s[3]])
        #expect(Set(p.statuses.map { "\($0.school.id)/\($0.flag.rawValue)" })
                == ["\(f.s[0])/programmeParticipant", "\(f.s[0])/unfavourableConditions", "\(f.s[2])/partner"])
        #expect(p.statuses.first { $0.flag == .programmeParticipant }?.cohortYear == 2015)
        #expect(p.kept.statuses == 1)
        #expect(p.assignments.map { "\($0.school.id)/\($0.curatorId)" } == ["\(f.s[0])/\(f.curator)"])
        #expect(p.kept.assignedSchools == 1)
        #expect(p.partnerships.count == 1)
        #expect(p.partnerships.first?.partners.map(\.id) == [f.s[2]])
        #expect(p.partnerships.first?.dropped.map(\.id) == [f.s[3]])
        #expect(p.periods == [ProposedPeriod(half: 1, dueDate: "2017-01-15"), ProposedPeriod(half: 2, dueDate: "2017-06-15")])
        #expect(Set(p.roadmaps.map(\.school.id)) == [f.s[0], f.s[3]])
        let copied = try #require(p.roadmaps.first { $0.school.id == f.s[0] })
        #expect(copied.sourceRoadmapId == f.lastRoadmap && copied.measureIds.count == 2 && copied.finishedCount == 1)
        #expect(p.roadmaps.first { $0.school.id == f.s[3] }?.sourceRoadmapId == nil)
        #expect(p.kept.roadmaps == 1)
        #expect(!p.isComplete)
    }

    @Test func applyCreatesExactlyTheProposalOnceAndKeepsWhatExists() throws {
        let f = try make()
        let service = YearRollover(database: f.db)
        let before = try footprint(f)
        let outcome = try service.apply(f.coordinator, municipalityId: f.municipalityId, target: Self.t)
        #expect(outcome.statuses.count == 3 && outcome.assignments.count == 1 && outcome.partnerships.count == 1
                && outcome.periods.count == 2 && outcome.roadmaps.count == 2)
        let t = Self.t.start
        #expect(try count(f.db, "SELECT COUNT(*) FROM schoolStatus WHERE schoolYear = ? AND flag <> 'lowResults'", [t]) == 3)
        #expect(try count(f.db, "SELECT cohortYear FROM schoolStatus WHERE schoolYear = ? AND flag = 'programmeParticipant'", [t]) == 2015)
        // The new assignment has no order; the existing one of s1 stays the only one of s1.
        #expect(try count(f.db, "SELECT COUNT(*) FROM curatorAssignment WHERE schoolYear = ? AND schoolId = ? AND curatorId = ? AND orderNumber IS NULL AND orderDate IS NULL",
                          [t, f.s[0], f.curator]) == 1)
        #expect(try count(f.db, "SELECT COUNT(*) FROM curatorAssignment WHERE schoolYear = ? AND schoolId = ?", [t, f.s[1]]) == 1)
        #expect(try count(f.db, "SELECT COUNT(*) FROM curatorAssignment WHERE schoolYear = ? AND schoolId = ? AND curatorId = ?", [t, f.s[1], f.otherCurator]) == 1)
        #expect(try count(f.db, "SELECT COUNT(*) FROM partnershipMember m JOIN partnership p ON p.id = m.partnershipId WHERE p.schoolYear = ?", [t]) == 1)
        #expect(try count(f.db, "SELECT COUNT(*) FROM reportPeriod WHERE schoolYear = ? AND municipalityId = ? AND isOpen = 0", [t, f.municipalityId]) == 2)
        let newRoadmap = try #require(try f.db.read { try Int64.fetchOne($0, sql: "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?", arguments: [f.s[0], t]) })
        #expect(try f.db.read { try String.fetchAll($0, sql: "SELECT title FROM measure WHERE roadmapId = ? ORDER BY position", arguments: [newRoadmap]) }
                == ["Диагностика", "Наставничество"])
        #expect(try count(f.db, "SELECT COUNT(*) FROM roadmap WHERE schoolId = ? AND schoolYear = ?", [f.s[1], t]) == 1)
        #expect(try count(f.db, "SELECT id FROM roadmap WHERE schoolId = ? AND schoolYear = ?", [f.s[1], t]) == Int(f.keptRoadmap))
        #expect(try count(f.db, "SELECT COUNT(*) FROM auditEntry WHERE action = 'rollover' AND entity = 'municipality'") == 1)
        #expect(try footprint(f) != before)

        // Safe to repeat: nothing new, nothing written, and the proposal is complete.
        let after = try footprint(f)
        let again = try service.apply(f.coordinator, municipalityId: f.municipalityId, target: Self.t)
        #expect(again.isEmpty)
        #expect(try footprint(f) == after)
        #expect(try service.proposal(f.coordinator, municipalityId: f.municipalityId, target: Self.t).isComplete)
    }

    @Test func failureMidwayLeavesNothing() throws {
        let f = try make()
        try f.db.write { try $0.execute(sql: "CREATE TRIGGER failRoadmap BEFORE INSERT ON roadmap BEGIN SELECT RAISE(ABORT, 'сбой'); END") }
        let before = try footprint(f)
        #expect(throws: (any Error).self) { try YearRollover(database: f.db).apply(f.coordinator, municipalityId: f.municipalityId, target: Self.t) }
        #expect(try footprint(f) == before)
        try f.db.write { try $0.execute(sql: "DROP TRIGGER failRoadmap") }
        #expect(try YearRollover(database: f.db).apply(f.coordinator, municipalityId: f.municipalityId, target: Self.t).roadmaps.count == 2)
    }

    @Test func untickedSectionsAndSchoolsAreLeftForLater() throws {
        let f = try make()
        let service = YearRollover(database: f.db)
        let schools = Set(f.s).subtracting([f.s[2]])
        let outcome = try service.apply(f.coordinator, municipalityId: f.municipalityId, target: Self.t,
                                        selection: RolloverSelection(sections: [.statuses, .periods], schoolIds: schools))
        #expect(outcome.statuses.map(\.school.id).allSatisfy { $0 == f.s[0] } && outcome.statuses.count == 2)
        #expect(outcome.assignments.isEmpty && outcome.roadmaps.isEmpty && outcome.periods.count == 2)
        let rest = try service.proposal(f.coordinator, municipalityId: f.municipalityId, target: Self.t)
        #expect(rest.statuses.map(\.school.id) == [f.s[2]])
        #expect(rest.roadmaps.count == 2 && rest.periods.isEmpty && rest.kept.periods == 2)
        #expect(throws: DomainError.invalid([FieldError("sections", "Отметьте хотя бы один раздел")])) {
            try service.apply(f.coordinator, municipalityId: f.municipalityId, target: Self.t, selection: RolloverSelection(sections: []))
        }
    }

    @Test func withoutConfirmedListOnlyPeriodsAreProposed() throws {
        let f = try make()
        let p = try YearRollover(database: f.db).proposal(f.coordinator, municipalityId: f.municipalityId, target: SchoolYear(2017))
        #expect(!p.isIdentificationConfirmed && !p.isComplete)
        #expect(p.statuses.isEmpty && p.assignments.isEmpty && p.partnerships.isEmpty && p.roadmaps.isEmpty)
        #expect(p.periods.count == 2)
    }

    @Test func policyDecidesWhoRollsOver() throws {
        let f = try make()
        let service = YearRollover(database: f.db)
        for login in ["director-ku", "curator-ku", "mun-kirovsky"] {
            let other = try scope(f.db, login)
            #expect(throws: DomainError.forbidden) { try service.proposal(other, municipalityId: f.municipalityId, target: Self.t) }
            #expect(throws: DomainError.forbidden) { try service.apply(other, municipalityId: f.municipalityId, target: Self.t) }
        }
        let region = try scope(f.db, "region")
        #expect(try !service.proposal(region, municipalityId: f.municipalityId, target: Self.t).canApply)
        #expect(throws: DomainError.forbidden) { try service.apply(region, municipalityId: f.municipalityId, target: Self.t) }
        #expect(throws: DomainError.notFound) { try service.proposal(f.coordinator, municipalityId: 999_999) }
        // The next year is the one after the latest set up (with report periods) up to the running year.
        let running = SchoolYear.containing(f.db.now)
        #expect(try service.proposal(f.coordinator, municipalityId: f.municipalityId).target == Self.t)
        try f.db.write { db in
            for year in [running.start, running.start + 1] {
                _ = try ReportPeriods.insert(db, f.coordinator, municipalityId: f.municipalityId, year: SchoolYear(year), half: 1,
                                             dueDate: ReportPeriods.defaultDueDate(year: SchoolYear(year), half: 1), at: f.db.now)
            }
        }
        #expect(try service.proposal(f.coordinator, municipalityId: f.municipalityId).target == SchoolYear(running.start + 1))
        #expect(throws: DomainError.self) { try service.apply(f.coordinator, municipalityId: f.municipalityId, target: SchoolYear(running.start + 2)) }
    }
}
