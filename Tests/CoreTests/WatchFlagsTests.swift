import Foundation
import GRDB
import Testing
@testable import Core

/// The watchlist rules (issue 14): per rule a school that trips it and one that does not; dismissal and its return;
/// the region's defaults and a municipality's own settings; the scope.
@Suite struct WatchFlagsTests {
    /// Municipality 1 with schools 1 and 2 (on the ШНОР list this year, directors 5 and 6) and school 4 (in the
    /// programme, no accounts); municipality 2 with school 3. The clock is the real one, movable.
    struct Fixture {
        let database: AppDatabase
        let clock = Clock()
        let y: Int
        let coordinator = Scope(userId: 1, login: "mun1", fullName: "Координатор А", role: .municipal, municipalityId: 1, schoolId: nil)
        let coordinatorB = Scope(userId: 2, login: "mun2", fullName: "Координатор Б", role: .municipal, municipalityId: 2, schoolId: nil)
        let region = Scope(userId: 3, login: "reg", fullName: "Регион", role: .regional, municipalityId: nil, schoolId: nil)
        let director = Scope(userId: 5, login: "dir1", fullName: "Директор 1", role: .director, municipalityId: 1, schoolId: 1)

        init() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opora-watch-\(UUID().uuidString)")
            database = try AppDatabase(path: directory.appendingPathComponent("test.sqlite").path, clock: clock)
            try database.migrate()
            y = SchoolYear.containing(clock.now()).start
            let t = "\(y)-09-01 00:00:00.000"
            try sql("""
                INSERT INTO municipality (id, name, shortName, createdAt, updatedAt) VALUES (1, 'Альфа', 'Альфа', '\(t)', '\(t)'), (2, 'Бета', 'Бета', '\(t)', '\(t)');
                INSERT INTO school (id, municipalityId, name, shortName, kind, createdAt, updatedAt) VALUES
                    (1, 1, 'Школа № 1', 'СШ № 1', 'sosh', '\(t)', '\(t)'), (2, 1, 'Школа № 2', 'СШ № 2', 'sosh', '\(t)', '\(t)'),
                    (3, 2, 'Школа № 3', 'СШ № 3', 'sosh', '\(t)', '\(t)'), (4, 1, 'Школа № 4', 'СШ № 4', 'sosh', '\(t)', '\(t)');
                INSERT INTO user (id, login, fullName, role, municipalityId, schoolId, passwordHash, createdAt, updatedAt) VALUES
                    (1, 'mun1', 'Координатор А', 'municipal', 1, NULL, 'x', '\(t)', '\(t)'),
                    (2, 'mun2', 'Координатор Б', 'municipal', 2, NULL, 'x', '\(t)', '\(t)'),
                    (3, 'reg', 'Регион', 'regional', NULL, NULL, 'x', '\(t)', '\(t)'),
                    (5, 'dir1', 'Директор 1', 'director', 1, 1, 'x', '\(t)', '\(t)'),
                    (6, 'dir2', 'Директор 2', 'director', 1, 2, 'x', '\(t)', '\(t)'),
                    (7, 'dir3', 'Директор 3', 'director', 2, 3, 'x', '\(t)', '\(t)');
                INSERT INTO schoolStatus (schoolId, schoolYear, flag) VALUES (1, \(y), 'lowResults'), (2, \(y), 'lowResults'),
                    (3, \(y), 'lowResults'), (4, \(y), 'programmeParticipant');
                INSERT INTO roadmap (id, municipalityId, schoolId, schoolYear, status, createdAt, updatedAt) VALUES
                    (1, 1, 1, \(y), 'draft', '\(t)', '\(t)'), (2, 1, 2, \(y), 'approved', '\(t)', '\(t)'), (3, 2, 3, \(y), 'draft', '\(t)', '\(t)');
                """)
        }

        func sql(_ text: String) throws { try database.write { try $0.execute(sql: text) } }
        /// yyyy-MM-dd `offset` days from today (Moscow).
        func day(_ offset: Int) -> String { Moscow.day(clock.now().addingTimeInterval(Double(offset) * 86_400)) }
        func stamp(_ offset: Int) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX"); formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
            return formatter.string(from: clock.now().addingTimeInterval(Double(offset) * 86_400))
        }

        /// Switches only `rule` on for the region, with its number or date.
        func only(_ rule: WatchRule, threshold: Int? = nil, byDate: String? = nil) throws {
            var settings = WatchRule.allCases.map(WatchRuleSetting.off)
            let i = settings.firstIndex { $0.rule == rule }!
            settings[i].isEnabled = true
            if let threshold { settings[i].threshold = threshold }
            settings[i].byDate = byDate
            try WatchRules(database: database).update(region, municipalityId: nil, settings)
        }

        /// This year's I полугодие was due 12 days ago: school 1 has not submitted, school 2 has; «опаздывает ≥ 7 дней» on.
        func reportTwelveDaysLate() throws {
            let t = stamp(0)
            try sql("""
                INSERT INTO reportPeriod (id, municipalityId, schoolYear, half, dueDate, isOpen) VALUES (1, 1, \(y), 1, '\(day(-12))', 1);
                INSERT INTO report (id, roadmapId, periodId, status, submittedAt, createdAt, updatedAt) VALUES
                    (1, 1, 1, 'draft', NULL, '\(t)', '\(t)'), (2, 2, 1, 'submitted', '\(t)', '\(t)', '\(t)');
                """)
            try only(.lateReport, threshold: 7)
        }

        func flags(_ scope: Scope? = nil, municipality: Int64? = 1) throws -> WatchFlagList {
            try WatchFlags(database: database).list(scope ?? coordinator, municipalityId: municipality)
        }
        func figures(_ rule: WatchRule, _ list: WatchFlagList? = nil) throws -> [Int64: Int] {
            let list = try list ?? flags()
            return Dictionary(uniqueKeysWithValues: list.active.filter { $0.rule == rule }.map { ($0.schoolId, $0.figure) })
        }
    }

    @Test func overdueMeasures() throws {
        let f = try Fixture()
        let t = f.stamp(0)
        try f.sql("""
            INSERT INTO measure (id, roadmapId, position, title, dueKind, dueFrom, dueTo, dueText, createdAt, updatedAt) VALUES
                (1, 1, 1, 'А', 'date', '\(f.day(-30))', '\(f.day(-30))', 'x', '\(t)', '\(t)'),
                (2, 1, 2, 'Б', 'date', '\(f.day(-3))', '\(f.day(-3))', 'x', '\(t)', '\(t)'),
                (3, 1, 3, 'В', 'date', '\(f.day(-3))', '\(f.day(-3))', 'x', '\(t)', '\(t)'),
                (4, 1, 4, 'Г', 'date', '\(f.day(10))', '\(f.day(10))', 'x', '\(t)', '\(t)'),
                (5, 2, 1, 'Д', 'date', '\(f.day(-3))', '\(f.day(-3))', 'x', '\(t)', '\(t)');
            INSERT INTO reportPeriod (id, municipalityId, schoolYear, half, dueDate, isOpen) VALUES (1, 1, \(f.y), 1, '\(f.day(30))', 1);
            INSERT INTO report (id, roadmapId, periodId, status, createdAt, updatedAt) VALUES (1, 1, 1, 'draft', '\(t)', '\(t)');
            INSERT INTO reportItem (reportId, measureId, measureTitle, status) VALUES (1, 3, 'В', 'done');
            """)
        try f.only(.overdueMeasures, threshold: 2)
        // School 1: measures 1 and 2 overdue (3 is done, 4 not due yet); school 2 has one.
        let list = try f.flags()
        #expect(try f.figures(.overdueMeasures, list) == [1: 2])
        #expect(list.active.first?.text == "просрочено мер: 2")
    }

    @Test func lateReport() throws {
        let f = try Fixture()
        try f.reportTwelveDaysLate()
        let list = try f.flags()
        #expect(try f.figures(.lateReport, list) == [1: 12], "school 2 submitted (late, but submitted)")
        #expect(list.active.first?.text == "отчёт опаздывает на 12 дн.")
        try f.only(.lateReport, threshold: 13)
        #expect(try f.figures(.lateReport).isEmpty)
    }

    @Test func returnedReport() throws {
        let f = try Fixture()
        let t = f.stamp(0)
        try f.sql("""
            INSERT INTO reportPeriod (id, municipalityId, schoolYear, half, dueDate, isOpen) VALUES (1, 1, \(f.y), 1, '\(f.day(20))', 1);
            INSERT INTO report (id, roadmapId, periodId, status, createdAt, updatedAt) VALUES (1, 1, 1, 'returned', '\(t)', '\(t)'), (2, 2, 1, 'returned', '\(t)', '\(t)');
            INSERT INTO reportEvent (reportId, action, at) VALUES (1, 'returned', '\(t)'), (1, 'submitted', '\(t)'), (1, 'returned', '\(t)'), (2, 'returned', '\(t)');
            """)
        try f.only(.returnedReport, threshold: 2)
        #expect(try f.figures(.returnedReport) == [1: 2])
    }

    @Test func silentSchools() throws {
        let f = try Fixture()
        // School 1's director last changed something 40 days ago; school 2's signed in today; school 4 has no accounts.
        try f.sql("""
            INSERT INTO auditEntry (at, actorId, action, entity) VALUES ('\(f.stamp(-40))', 5, 'update', 'report'), ('\(f.stamp(-90))', 6, 'update', 'report');
            INSERT INTO session (tokenHash, userId, csrfToken, createdAt, lastSeenAt, expiresAt) VALUES ('h', 6, 'c', '\(f.stamp(0))', '\(f.stamp(0))', '\(f.stamp(1))');
            """)
        try f.only(.silent, threshold: 30)
        let list = try f.flags()
        #expect(try f.figures(.silent, list) == [1: 40, 4: WatchRule.never])
        #expect(list.active.map(\.text).sorted() == ["нет активности 40 дн.", "нет активности ни разу"])
        // The school list: the column and the filter.
        let directory = SchoolDirectory(database: f.database)
        var filter = SchoolListFilter()
        filter.silentDays = 30
        let silent = try directory.list(f.coordinator, filter: filter)
        #expect(silent.showsActivity && Set(silent.items.map(\.id)) == [1, 4])
        #expect(silent.items.first { $0.id == 1 }?.lastActivity != nil && silent.items.first { $0.id == 4 }?.lastActivity == nil)
        filter.silentDays = 0
        #expect(try directory.list(f.coordinator, filter: filter).items.count == 3)
        filter.silentDays = -1
        #expect(throws: DomainError.invalid([FieldError("silent", "Число дней без активности — от 0 до 3650")])) {
            try directory.list(f.coordinator, filter: filter)
        }
        // A director's list carries no activity and ignores the filter.
        filter.silentDays = 30
        let own = try directory.list(f.director, filter: filter)
        #expect(!own.showsActivity && own.items.map(\.id) == [1])
    }

    @Test func roadmapNotApproved() throws {
        let f = try Fixture()
        try f.only(.roadmapNotApproved, byDate: f.day(-1))
        // School 1: draft; school 2: approved; school 4: no roadmap at all.
        let list = try f.flags()
        #expect(try f.figures(.roadmapNotApproved, list) == [1: 3, 4: 4])
        #expect(list.active.first { $0.schoolId == 1 }?.text == "дорожная карта не утверждена: черновик")
        try f.only(.roadmapNotApproved, byDate: f.day(0))
        #expect(try f.figures(.roadmapNotApproved).isEmpty, "the date has not passed yet")
    }

    @Test func highRiskFactors() throws {
        let f = try Fixture()
        let t = f.stamp(0)
        try f.sql("""
            INSERT INTO riskProfile (id, schoolId, schoolYear, updatedAt) VALUES (1, 1, \(f.y), '\(t)'), (2, 2, \(f.y), '\(t)'), (3, 4, \(f.y - 1), '\(t)');
            INSERT INTO riskProfileEntry (profileId, riskFactorId, level) VALUES (1, 1, 'high'), (1, 2, 'high'), (1, 3, 'high'), (1, 4, 'low'),
                (2, 1, 'high'), (2, 2, 'medium'), (3, 1, 'high'), (3, 2, 'high'), (3, 3, 'high');
            """)
        try f.only(.highRiskFactors, threshold: 2)
        #expect(try f.figures(.highRiskFactors) == [1: 3], "school 4's profile is last year's")
    }

    @Test func identifiedTwoYearsRunning() throws {
        let f = try Fixture()
        try f.sql("INSERT INTO schoolStatus (schoolId, schoolYear, flag) VALUES (1, \(f.y - 1), 'lowResults'), (1, \(f.y - 2), 'lowResults'), (2, \(f.y - 2), 'lowResults')")
        try f.only(.identifiedTwice)
        let list = try f.flags()
        #expect(try f.figures(.identifiedTwice, list) == [1: 3], "school 2 skipped last year")
        #expect(list.active.first?.text == "ШНОР 3 года подряд")
    }

    @Test func aDismissedFlagComesBackWhenItsFigureWorsens() throws {
        let f = try Fixture()
        let t = f.stamp(0)
        func measure(_ id: Int) throws {
            try f.sql("""
                INSERT INTO measure (id, roadmapId, position, title, dueKind, dueFrom, dueTo, dueText, createdAt, updatedAt)
                VALUES (\(id), 1, \(id), 'М', 'date', '\(f.day(-5))', '\(f.day(-5))', 'x', '\(t)', '\(t)')
                """)
        }
        try measure(1); try measure(2)
        try f.only(.overdueMeasures, threshold: 2)
        let flags = WatchFlags(database: f.database)
        #expect(throws: DomainError.invalid([FieldError("note", "Напишите, почему флаг снимается")])) {
            try flags.dismiss(f.coordinator, schoolId: 1, rule: .overdueMeasures, note: "   ")
        }
        #expect(throws: DomainError.forbidden) { try flags.dismiss(f.coordinatorB, schoolId: 1, rule: .overdueMeasures, note: "нет") }
        #expect(throws: DomainError.conflict("Школа сейчас не отмечена этим правилом.")) {
            try flags.dismiss(f.coordinator, schoolId: 2, rule: .overdueMeasures, note: "нет")
        }
        try flags.dismiss(f.coordinator, schoolId: 1, rule: .overdueMeasures, note: "Сроки перенесены приказом")
        var list = try f.flags()
        #expect(list.active.isEmpty)
        #expect(list.dismissed.map(\.schoolId) == [1] && list.dismissed.first?.dismissal?.note == "Сроки перенесены приказом")
        #expect(list.dismissed.first?.dismissal?.figure == 2 && list.dismissed.first?.dismissal?.by == "Координатор А")
        let audited = try f.database.read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditEntry WHERE action = 'watchFlag.dismiss' AND entityId = 1 AND actorId = 1")
        }
        #expect(audited == 1)
        // One more overdue measure: the figure worsens, the flag is back.
        try measure(3)
        list = try f.flags()
        #expect(list.active.map(\.figure) == [3] && list.dismissed.isEmpty)
    }

    @Test func aDismissedDayCountComesBackOnlyAfterAnotherNDays() throws {
        let f = try Fixture()
        try f.reportTwelveDaysLate()
        try WatchFlags(database: f.database).dismiss(f.coordinator, schoolId: 1, rule: .lateReport, note: "Директор на больничном")
        f.clock.advance(by: 7 * 86_400)
        var list = try f.flags()
        #expect(list.active.isEmpty && list.dismissed.first?.figure == 19)
        f.clock.advance(by: 86_400)
        list = try f.flags()
        #expect(list.active.map(\.figure) == [20])
    }

    @Test func aMunicipalityOverridesTheRegionsDefaults() throws {
        let f = try Fixture()
        try f.only(.roadmapNotApproved, byDate: f.day(-1))
        let rules = WatchRules(database: f.database)
        // Region: schools 1 (Альфа) and 3 (Бета) have draft roadmaps.
        #expect(Set(try f.flags(f.region, municipality: nil).active.map(\.schoolId)) == [1, 3, 4])
        var own = WatchRule.allCases.map(WatchRuleSetting.off)
        own[own.firstIndex { $0.rule == .identifiedTwice }!].isEnabled = true
        try rules.update(f.coordinatorB, municipalityId: 2, own)
        #expect(try rules.get(f.coordinatorB, municipalityId: 2).isOwn)
        #expect(Set(try f.flags(f.region, municipality: nil).active.map(\.schoolId)) == [1, 4], "Бета switched the roadmap rule off")
        let audit = try f.database.read {
            try Row.fetchAll($0, sql: "SELECT entity, entityId, actorId FROM auditEntry WHERE entity LIKE 'watchRules.%' ORDER BY id")
        }
        #expect(audit.map { $0[0] as String } == ["watchRules.region", "watchRules.municipality"])
        #expect((audit.last?[1] as Int64?) == 2 && (audit.last?[2] as Int64?) == 2)
        // Scope: a municipal coordinator edits neither the region's defaults nor another municipality's rules.
        #expect(throws: DomainError.forbidden) { try rules.update(f.coordinatorB, municipalityId: nil, own) }
        #expect(throws: DomainError.forbidden) { try rules.update(f.coordinatorB, municipalityId: 1, own) }
        #expect(throws: DomainError.forbidden) { try rules.get(f.coordinatorB, municipalityId: 1) }
        #expect(throws: DomainError.forbidden) { try f.flags(f.coordinatorB, municipality: 1) }
        #expect(throws: DomainError.forbidden) { try f.flags(f.coordinator, municipality: nil) }
        // Back to the region's.
        try rules.reset(f.coordinatorB, municipalityId: 2)
        #expect(Set(try f.flags(f.region, municipality: nil).active.map(\.schoolId)) == [1, 3, 4])
    }

    @Test func settingsAreValidatedPerField() throws {
        let f = try Fixture()
        var settings = WatchRule.allCases.map(WatchRuleSetting.off)
        settings[0].isEnabled = true; settings[0].threshold = 0
        settings[4].isEnabled = true; settings[4].byDate = nil
        settings[1].threshold = nil  // off: not checked
        #expect(throws: DomainError.invalid([FieldError("overdueMeasures-value", "Укажите целое число от 1 до 500"),
                                             FieldError("roadmapNotApproved-value", "Укажите дату в виде ДД.ММ.ГГГГ, например 01.10.2026")])) {
            try WatchRules(database: f.database).update(f.region, municipalityId: nil, settings)
        }
        #expect(try f.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM watchRule") } == 0)
    }
}
