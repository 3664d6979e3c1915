import Foundation
import GRDB
import Testing
@testable import Core

/// Dashboard figures against values counted by hand on a small fixed data set (see `DashboardFixture`).
@Suite struct DashboardTests {
    struct DashboardFixture {
        let database: AppDatabase
        let coordinator: Scope, coordinatorB: Scope, region: Scope, curator: Scope, director: Scope
        static let m1: Int64 = 1, m2: Int64 = 2

        init() throws {
            database = try makeTestDatabase()
            let t = "2023-09-01 00:00:00.000"
            try database.write { db in
                try db.execute(sql: """
                    INSERT INTO municipality (id, name, shortName, createdAt, updatedAt) VALUES (1, 'Альфа', 'Альфа', '\(t)', '\(t)'), (2, 'Бета', 'Бета', '\(t)', '\(t)');
                    INSERT INTO school (id, municipalityId, name, shortName, kind, archivedAt, createdAt, updatedAt) VALUES
                        (1, 1, 'Школа № 1', 'СШ № 1', 'sosh', NULL, '\(t)', '\(t)'),
                        (2, 1, 'Школа № 2', 'СШ № 2', 'sosh', NULL, '\(t)', '\(t)'),
                        (3, 1, 'Школа № 3', 'СШ № 3', 'sosh', NULL, '\(t)', '\(t)'),
                        (4, 1, 'Лицей № 4', 'Лицей № 4', 'lyceum', NULL, '\(t)', '\(t)'),
                        (5, 1, 'Школа № 5', 'СШ № 5', 'sosh', '\(t)', '\(t)', '\(t)'),
                        (6, 2, 'Школа № 6', 'СШ № 6', 'sosh', NULL, '\(t)', '\(t)');
                    INSERT INTO user (id, login, fullName, role, municipalityId, schoolId, passwordHash, createdAt, updatedAt) VALUES
                        (1, 'mun1', 'Координатор А', 'municipal', 1, NULL, 'x', '\(t)', '\(t)'),
                        (2, 'mun2', 'Координатор Б', 'municipal', 2, NULL, 'x', '\(t)', '\(t)'),
                        (3, 'reg', 'Регион', 'regional', NULL, NULL, 'x', '\(t)', '\(t)'),
                        (4, 'cur', 'Куратор', 'curator', 1, NULL, 'x', '\(t)', '\(t)'),
                        (5, 'dir', 'Директор', 'director', 1, 1, 'x', '\(t)', '\(t)');
                    INSERT INTO curatorAssignment (curatorId, schoolId, schoolYear, createdAt) VALUES (4, 1, 2023, '\(t)');
                    INSERT INTO schoolStatus (schoolId, schoolYear, flag) VALUES
                        (1, 2023, 'lowResults'), (2, 2023, 'lowResults'), (2, 2023, 'unfavourableConditions'),
                        (3, 2023, 'programmeParticipant'), (4, 2023, 'partner'), (5, 2023, 'lowResults'), (6, 2023, 'lowResults'),
                        (1, 2022, 'lowResults'), (1, 2024, 'lowResults');
                    INSERT INTO roadmap (id, municipalityId, schoolId, schoolYear, status, createdAt, updatedAt) VALUES
                        (1, 1, 1, 2023, 'approved', '\(t)', '\(t)'), (2, 1, 2, 2023, 'submitted', '\(t)', '\(t)'),
                        (3, 1, 3, 2023, 'draft', '\(t)', '\(t)'), (6, 2, 6, 2023, 'approved', '\(t)', '\(t)');
                    INSERT INTO measure (id, roadmapId, position, title, dueKind, dueFrom, dueTo, dueText, createdAt, updatedAt) VALUES
                        (1, 1, 1, 'Семинар', 'month', '2024-03-01', '2024-03-31', 'март', '\(t)', '\(t)'),
                        (2, 1, 2, 'Диагностика', 'month', '2024-05-01', '2024-05-31', 'май', '\(t)', '\(t)'),
                        (3, 1, 3, 'Консультации', 'standing', NULL, NULL, 'в течение года', '\(t)', '\(t)'),
                        (4, 2, 1, 'Круглый стол', 'month', '2023-12-01', '2023-12-31', 'декабрь', '\(t)', '\(t)'),
                        (5, 2, 2, 'Мониторинг', 'date', '2099-01-01', '2099-01-01', '01.01.2099', '\(t)', '\(t)');
                    INSERT INTO reportPeriod (id, municipalityId, schoolYear, half, dueDate, isOpen, openedAt, closedAt) VALUES
                        (1, 1, 2023, 1, '2024-01-15', 0, '\(t)', '2024-02-01 00:00:00.000'),
                        (2, 1, 2023, 2, '2024-06-15', 1, '2024-01-10 00:00:00.000', NULL);
                    INSERT INTO report (id, roadmapId, periodId, status, submittedAt, createdAt, updatedAt) VALUES
                        (1, 1, 2, 'accepted', '2024-06-10 09:00:00.000', '\(t)', '\(t)'),
                        (2, 2, 2, 'submitted', '2024-06-20 09:00:00.000', '\(t)', '\(t)'),
                        (3, 1, 1, 'returned', NULL, '\(t)', '\(t)');
                    INSERT INTO reportItem (reportId, measureId, measureTitle, status) VALUES
                        (1, 1, 'Семинар', 'done'), (1, 2, 'Диагностика', 'inProgress'), (2, 4, 'Круглый стол', 'cancelled'),
                        (2, 5, 'Мониторинг', 'notStarted');
                    INSERT INTO riskProfile (id, schoolId, schoolYear, updatedAt) VALUES (1, 1, 2023, '\(t)');
                    INSERT INTO riskProfileEntry (profileId, riskFactorId, level, isChosen) VALUES (1, 1, 'high', 1), (1, 2, 'high', 1), (1, 3, 'low', 0);
                    INSERT INTO managementDecision (municipalityId, schoolYear, text, addressee, dueOn, status, createdAt, updatedAt) VALUES
                        (1, 2023, 'Провести семинар', 'all', '2024-01-01', 'open', '\(t)', '\(t)'),
                        (1, 2023, 'Утвердить план', 'all', '2024-01-01', 'done', '\(t)', '\(t)'),
                        (1, 2023, 'Подготовить отчёт', 'all', '2099-01-01', 'open', '\(t)', '\(t)'),
                        (1, 2023, 'Организовать курсы', 'all', '2024-02-01', 'inProgress', '\(t)', '\(t)'),
                        (1, 2023, 'Посещать уроки', 'all', NULL, 'open', '\(t)', '\(t)'),
                        (2, 2023, 'Провести диагностику', 'all', '2024-01-01', 'open', '\(t)', '\(t)');
                    INSERT INTO staffDevelopment (schoolId, schoolYear, managementTeam, managementTrained, teachers, teachersTrained, teachersWithDeficits, updatedAt) VALUES
                        (1, 2023, 5, 5, 20, 10, 4, '\(t)'), (2, 2023, 3, 1, 30, 15, 6, '\(t)');
                    INSERT INTO watchlistEntry (userId, schoolId, createdAt) VALUES (1, 4, '\(t)');
                    """)
                // Documents: school 1 has kinds 1, 2, 4 and the anti-risk programme for factor 1 of its chosen 1 and 2;
                // school 2 has kinds 1, 2, 4 and one anti-risk programme (no factors chosen); school 3 none.
                var fileId: Int64 = 0
                func document(_ school: Int64, _ kind: Int64, _ factor: Int64?) throws {
                    fileId += 1
                    try db.execute(sql: """
                        INSERT INTO storedFile (id, schoolId, originalName, safeName, contentType, size, sha256, uploadedAt)
                        VALUES (?, ?, 'f.pdf', 'f.pdf', 'application/pdf', 10, ?, '\(t)')
                        """, arguments: [fileId, school, String(repeating: "a", count: 64)])
                    try db.execute(sql: "INSERT INTO document (schoolId, schoolYear, kindId, riskFactorId, createdAt) VALUES (?, 2023, ?, ?, '\(t)')",
                                   arguments: [school, kind, factor])
                    try db.execute(sql: "INSERT INTO documentVersion (documentId, number, fileId, isCurrent) VALUES (?, 1, ?, 1)",
                                   arguments: [db.lastInsertedRowID, fileId])
                }
                for kind: Int64 in [1, 2, 4] { try document(1, kind, nil); try document(2, kind, nil) }
                try document(1, 3, 1)
                try document(2, 3, 3)
            }
            coordinator = Scope(userId: 1, login: "mun1", fullName: "Координатор А", role: .municipal, municipalityId: 1, schoolId: nil)
            coordinatorB = Scope(userId: 2, login: "mun2", fullName: "Координатор Б", role: .municipal, municipalityId: 2, schoolId: nil)
            region = Scope(userId: 3, login: "reg", fullName: "Регион", role: .regional, municipalityId: nil, schoolId: nil)
            curator = Scope(userId: 4, login: "cur", fullName: "Куратор", role: .curator, municipalityId: 1, schoolId: nil)
            director = Scope(userId: 5, login: "dir", fullName: "Директор", role: .director, municipalityId: 1, schoolId: 1)
        }
    }

    @Test func municipalityFiguresMatchTheHandCount() throws {
        let f = try DashboardFixture()
        let d = try Dashboards(database: f.database).municipality(f.coordinator, municipalityId: 1)
        #expect(d.year == SchoolYear(2023), "the latest year with roadmaps, not the running one nor the next list's year")
        #expect(d.years == [SchoolYear(2024), SchoolYear(2023), SchoolYear(2022)])
        let next = try Dashboards(database: f.database).municipality(f.coordinator, municipalityId: 1, year: SchoolYear(2024))
        #expect(next.figures.schools == 1 && next.figures.period == nil && next.figures.reportTotal == 0)
        let x = d.figures
        // In the programme: 1, 2, 3 (4 is only a partner, 5 is archived without a roadmap).
        #expect(x.schools == 3)
        #expect(x.flagCounts[.lowResults] == 2 && x.flagCounts[.unfavourableConditions] == 1 && x.flagCounts[.programmeParticipant] == 1)
        #expect(x.flagCounts[.partner] == nil)
        #expect(x.roadmapCounts == [.approved: 1, .submitted: 1, .draft: 1])
        // The open period (II half-year, due 15.06.2024): 1 accepted on time, 2 submitted late, 3 never started.
        #expect(x.period?.id == 2)
        #expect(x.reportTotal == 3)
        #expect(x.reportCounts == [.accepted: 1, .submitted: 1, .notStarted: 1, .late: 2])
        // Measures: 5; done 1 (measure 1); overdue 1 (measure 2: May 2024, in progress). Measure 4 was cancelled,
        // 3 is standing, 5 is due in 2099.
        #expect(x.measures == 5 && x.measuresDone == 1 && x.measuresOverdue == 1 && x.schoolsWithOverdue == 1)
        #expect(x.measuresDoneShare.text == "1 из 5 (20,0 %)")
        // Documents: school 1 lacks the anti-risk programme of factor 2 (4 of 5), school 2 complete (4 of 4), school 3 none.
        #expect(x.documentsComplete == 1 && x.documentsIncomplete == 2)
        let byId = Dictionary(uniqueKeysWithValues: d.schools.map { ($0.id, $0) })
        #expect(byId[1]?.documentsPresent == 4 && byId[1]?.documentsExpected == 5)
        #expect(byId[2]?.documentsPresent == 4 && byId[2]?.documentsExpected == 4)
        #expect(byId[3]?.documentsPresent == 0 && byId[3]?.documentsExpected == 4)
        // Decisions overdue: the open one and the one in progress of municipality 1.
        #expect(x.overdueDecisions == 2)
        #expect(x.staff.managementTeam == 8 && x.staff.managementTrained == 6)
        #expect(x.managementTrainedShare.percentText == "75,0 %")
        #expect(x.teachersTrainedShare.percentText == "50,0 %")
        #expect(x.teachersWithDeficitsShare.percentText == "20,0 %")
        #expect(x.openProposals == 0 && x.signals == 0, "no results in the fixture")
        // The watched partner school first, outside the programme counts; school 5 (archived) absent; school 6 elsewhere.
        #expect(d.schools.map(\.id) == [4, 1, 2, 3])
        #expect(d.watched.map(\.id) == [4])
    }

    @Test func lateFilterGivesTheOverviewsLateReports() throws {
        let f = try DashboardFixture()
        let d = try Dashboards(database: f.database).municipality(f.coordinator, municipalityId: 1)
        var filter = DashboardFilter()
        filter.report = .late
        let late = d.schools.filter { filter.matches($0) }.map(\.id)
        #expect(late == [2, 3])
        let overview = try #require(try Reports(database: f.database).overview(f.coordinator, municipalityId: 1, periodId: d.figures.period?.id))
        #expect(overview.rows.filter { $0.matches(.late) }.map(\.schoolId).sorted() == late)
        #expect(overview.count(.late) == d.figures.reportCounts[.late])
        filter = DashboardFilter(); filter.overdueOnly = true
        #expect(d.schools.filter { filter.matches($0) }.map(\.id) == [1])
        filter = DashboardFilter(); filter.documentsIncompleteOnly = true; filter.flag = .lowResults
        #expect(d.schools.filter { filter.matches($0) }.map(\.id) == [1])
        filter = DashboardFilter(); filter.watchedOnly = true
        #expect(d.schools.filter { filter.matches($0) }.map(\.id) == [4])
    }

    @Test func regionComparesMunicipalitiesSideBySide() throws {
        let f = try DashboardFixture()
        let r = try Dashboards(database: f.database).region(f.region)
        #expect(r.year == SchoolYear(2023))
        #expect(r.rows.map(\.municipalityName) == ["Альфа", "Бета"])
        #expect(r.rows.map(\.schools) == [3, 1])
        #expect(r.rows.map(\.overdueDecisions) == [2, 1])
        #expect(r.rows[1].period == nil && r.rows[1].reportCounts.isEmpty, "Бета has no report periods")
        #expect(r.rows[1].roadmapCounts == [.approved: 1])
        #expect(r.total.schools == 4 && r.total.overdueDecisions == 3 && r.total.measures == 5)
        #expect(r.watched.isEmpty, "the regional coordinator watches nothing yet")
        #expect(throws: DomainError.forbidden) { try Dashboards(database: f.database).region(f.coordinator) }
        #expect(throws: DomainError.forbidden) { try Dashboards(database: f.database).municipality(f.coordinatorB, municipalityId: 1) }
        #expect(throws: DomainError.forbidden) { try Dashboards(database: f.database).municipality(f.curator, municipalityId: 1) }
    }

    @Test func curatorAndDirectorSeeTheirOwn() throws {
        let f = try DashboardFixture()
        let c = try Dashboards(database: f.database).curator(f.curator)
        #expect(c.schools.map(\.id) == [1])
        // School 1's roadmap is approved and its report accepted; its documents await review.
        #expect(c.review.allSatisfy { $0.kind == .document } && c.review.count == 4)
        let d = try Dashboards(database: f.database).director(f.director)
        #expect(d.year == SchoolYear(2023))
        #expect(d.period?.id == 2)
        #expect(d.overdueMeasures.map(\.title) == ["Диагностика"])
        #expect(d.missingDocuments.count == 1 && d.missingDocuments[0].contains("Антирисковая программа"))
        #expect(d.returned.map(\.title) == ["Отчёт за I полугодие 2023/2024"])
    }

    @Test func watchlistPinsAndUnpinsWithinScope() throws {
        let f = try DashboardFixture()
        let dashboards = Dashboards(database: f.database)
        try dashboards.watch(f.coordinator, schoolId: 2)
        try dashboards.watch(f.coordinator, schoolId: 2)
        #expect(try dashboards.municipality(f.coordinator, municipalityId: 1).watched.map(\.id) == [4, 2])
        try dashboards.unwatch(f.coordinator, schoolId: 4)
        #expect(try dashboards.municipality(f.coordinator, municipalityId: 1).watched.map(\.id) == [2])
        #expect(throws: DomainError.forbidden) { try dashboards.watch(f.coordinatorB, schoolId: 2) }
        #expect(throws: DomainError.forbidden) { try dashboards.watch(f.curator, schoolId: 1) }
        #expect(throws: DomainError.notFound) { try dashboards.watch(f.coordinator, schoolId: 999) }
        let audit = try f.database.read { try String.fetchAll($0, sql: "SELECT action FROM auditEntry WHERE entity = 'school' ORDER BY id") }
        #expect(audit == ["watchlist.add", "watchlist.remove"])
        // The coordinator's figures are theirs: another coordinator's watchlist does not show.
        #expect(try dashboards.region(f.region).watched.isEmpty)
    }
}
