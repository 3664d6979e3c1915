import Foundation
import GRDB
import Testing
@testable import Core

@Suite struct DemoCycleTests {
    @Test func everyRoadmapAndReportStatusOccurs() throws {
        let database = try makeDemoDatabase()
        try database.read { db in
            let roadmapStatuses = Set(try String.fetchAll(db, sql: "SELECT DISTINCT status FROM roadmap"))
            #expect(roadmapStatuses == ["draft", "submitted", "returned", "approved"])
            let reportStatuses = Set(try String.fetchAll(db, sql: "SELECT DISTINCT status FROM report"))
            #expect(reportStatuses == ["draft", "submitted", "accepted", "returned"])
            // An approved roadmap whose revision 2 is being drafted.
            let revisionTwo = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM roadmap r
                JOIN roadmapRevision v1 ON v1.roadmapId = r.id AND v1.number = 1 AND v1.approvedAt IS NOT NULL
                JOIN roadmapRevision v2 ON v2.roadmapId = r.id AND v2.number = 2 AND v2.approvedAt IS NULL
                WHERE r.status = 'draft' AND r.revision = 2
                """)!
            #expect(revisionTwo >= 1)
            // Returned roadmaps carry the reviewer's comment in their event and in a thread.
            let returnedWithoutComment = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM roadmap r WHERE r.status = 'returned' AND NOT EXISTS (
                    SELECT 1 FROM roadmapEvent e WHERE e.roadmapId = r.id AND e.action = 'returned' AND length(e.comment) > 0)
                """)!
            #expect(returnedWithoutComment == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roadmap WHERE status = 'returned'")! > 0)
            // A late report: a draft for a period whose due date has passed.
            let late = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM report r JOIN reportPeriod p ON p.id = r.periodId
                WHERE r.submittedAt IS NULL AND p.isOpen = 0 AND p.closedAt IS NOT NULL AND p.dueDate < date('now')
                """)!
            #expect(late >= 1)
            // Threads: answered (a reply) and unanswered (a top-level comment with no reply).
            let replies = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment WHERE parentId IS NOT NULL")!
            let unanswered = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM comment c WHERE c.parentId IS NULL
                AND NOT EXISTS (SELECT 1 FROM comment r WHERE r.parentId = c.id)
                """)!
            #expect(replies > 0)
            #expect(unanswered > 0)
            // Events are done by the demo accounts.
            let actors = Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT u.login FROM roadmapEvent e JOIN user u ON u.id = e.actorId
                UNION SELECT DISTINCT u.login FROM reportEvent e JOIN user u ON u.id = e.actorId
                """))
            #expect(actors.isSuperset(of: ["director-ku", "curator-ku"]))
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM roadmapEvent WHERE actorId IS NULL")! == 0)
        }
    }

    @Test func measuresComeFromTheSeeds() throws {
        let database = try makeDemoDatabase()
        let titles = Set(try database.read { try String.fetchAll($0, sql: "SELECT DISTINCT title FROM measure") })
        let known = Set((DemoMeasures.all + DemoMeasures.municipalPlan).map(\.title))
        #expect(titles.isSubset(of: known))
        #expect(titles.count >= 20)
        // Exact titles of the seeds.
        #expect(known.contains("Курсы повышения квалификации педагогов"))                         // 002
        #expect(known.contains("Онлайн-консультации"))                                              // 002
        #expect(known.contains("Обучение педагогов основам критериального оценивания"))            // 004
        #expect(known.contains("Совершенствование системы внутришкольного мониторинга и контроля")) // 004
        #expect(known.contains("Выявить долю обучающихся 9, 11 классов, находящихся в «зоне риска» по каждому учебному предмету")) // 001
        #expect(Set(DemoMeasures.all.map(\.seed)) == ["001", "002", "004"])
        // Seed 002 is a municipal plan: every seeded municipality keeps one, with the municipal executors.
        let plans = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM roadmap WHERE schoolId IS NULL AND schoolYear = 2023") }
        #expect(plans == DemoRegion.seeded.municipalities.count)
        let executors = Set(try database.read { try String.fetchAll($0, sql: """
            SELECT m.responsible FROM measure m JOIN roadmap r ON r.id = m.roadmapId WHERE r.schoolId IS NULL
            """) })
        #expect(executors.contains("МИМС"))
        let sections = Set(try database.read { try String.fetchAll($0, sql: "SELECT DISTINCT title FROM roadmapSection") })
        #expect(sections.contains("Информационно-консультативная поддержка"))
        #expect(sections.contains("Формирование и организация работы партнёрских пар школ с привлечением успешных ОО"))
    }

    @Test func everyDueParsesConsistently() throws {
        for year in [2022, 2023] {
            for m in DemoMeasures.all + DemoMeasures.municipalPlan {
                let due = Due(parsing: m.due, schoolYear: year)
                #expect(due != nil, "\(m.due)")
                if let due, let from = due.from, let to = due.to {
                    #expect(from <= to)
                    #expect(from >= "\(year)-09-01" && to <= "\(year + 1)-08-31", "\(m.due) in \(year)")
                }
            }
        }
        let database = try makeDemoDatabase()
        try database.read { db in
            let bad = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM measure WHERE NOT (
                    (dueKind = 'standing' AND dueFrom IS NULL AND dueTo IS NULL)
                 OR (dueKind = 'date' AND dueFrom IS NOT NULL AND dueFrom = dueTo)
                 OR (dueKind IN ('month', 'monthRange') AND dueFrom IS NOT NULL AND dueTo IS NOT NULL AND dueFrom < dueTo
                     AND substr(dueFrom, 9, 2) = '01'))
                """)!
            #expect(bad == 0)
            for row in try Row.fetchAll(db, sql: "SELECT m.dueText, m.dueKind, m.dueFrom, m.dueTo, r.schoolYear FROM measure m JOIN roadmap r ON r.id = m.roadmapId") {
                let due = Due(parsing: row[0], schoolYear: row[4])
                #expect(due?.kind.rawValue == row[1] as String)
                #expect(due?.from == row[2] as String?)
                #expect(due?.to == row[3] as String?)
            }
            // Measures per school roadmap: 6–15 (a revision-2 working copy may differ by one).
            let counts = try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM measure GROUP BY roadmapId")
            #expect(counts.allSatisfy { (5...16).contains($0) })
        }
    }

    @Test func snapshotsDecodeAndMatchTheApprovedRevision() throws {
        let database = try makeDemoDatabase()
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT v.snapshot, r.id, r.revision FROM roadmapRevision v JOIN roadmap r ON r.id = v.roadmapId
                WHERE v.approvedAt IS NOT NULL
                """)
            #expect(rows.count > 10)
            for row in rows {
                let json: String? = row[0]
                let text = try #require(json)
                let snapshot = try #require(RoadmapSnapshot.decode(text))
                #expect(snapshot.sections.count == 5)
                #expect(!snapshot.measures.isEmpty)
                #expect(snapshot.measures.allSatisfy { m in snapshot.sections.contains { $0.id == m.sectionId } })
                let roadmapId: Int64 = row[1]
                let revision: Int = row[2]
                if revision == 1 {
                    let ids = try Int64.fetchAll(db, sql: "SELECT id FROM measure WHERE roadmapId = ? ORDER BY position", arguments: [roadmapId])
                    #expect(snapshot.measures.map(\.id) == ids)
                }
            }
            // Risk factors linked to measures are the school's chosen ones.
            let stray = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM measureRiskFactor mr JOIN measure m ON m.id = mr.measureId JOIN roadmap r ON r.id = m.roadmapId
                JOIN riskProfile p ON p.schoolId = r.schoolId AND p.schoolYear = r.schoolYear
                JOIN riskProfileEntry e ON e.profileId = p.id AND e.riskFactorId = mr.riskFactorId
                WHERE e.isChosen = 0
                """)!
            #expect(stray == 0)
            let chosenCounts = try Int.fetchAll(db, sql: "SELECT SUM(isChosen) FROM riskProfileEntry GROUP BY profileId")
            #expect(chosenCounts.allSatisfy { (2...4).contains($0) })
            #expect(try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM riskProfileEntry GROUP BY profileId").allSatisfy { $0 == 10 })
        }
    }

    /// In the running school year of the demo's day.
    @Test func schoolXHasAnApprovedRoadmapWithAnOpenDraftReport() throws {
        let database = try makeDemoDatabase(today: "2026-12-07")
        try database.read { db in
            let schoolId = try #require(try Int64.fetchOne(db, sql: "SELECT schoolId FROM user WHERE login = 'director-ku'"))
            let roadmap = try #require(try Row.fetchOne(db, sql: "SELECT id, status FROM roadmap WHERE schoolId = ? AND schoolYear = 2026", arguments: [schoolId]))
            #expect(roadmap["status"] as String == "approved")
            let report = try #require(try Row.fetchOne(db, sql: """
                SELECT r.status, p.isOpen, p.half FROM report r JOIN reportPeriod p ON p.id = r.periodId WHERE r.roadmapId = ?
                """, arguments: [roadmap["id"] as Int64]))
            #expect(report["status"] as String == "draft")
            #expect(report["isOpen"] as Int == 1)
            #expect(report["half"] as Int == 1)
            // curator-ku reviews school X in the later years too; curator-ku-3 does not.
            let curators = try String.fetchAll(db, sql: """
                SELECT u.login FROM curatorAssignment a JOIN user u ON u.id = a.curatorId WHERE a.schoolId = ? AND a.schoolYear = 2026
                """, arguments: [schoolId])
            #expect(curators.contains("curator-ku"))
            #expect(!curators.contains("curator-ku-3"))
            // Earlier periods closed, the running year's I open and II not.
            let periods = try Row.fetchAll(db, sql: "SELECT schoolYear, half, isOpen FROM reportPeriod WHERE municipalityId = (SELECT municipalityId FROM school WHERE id = ?) ORDER BY schoolYear, half", arguments: [schoolId])
            #expect(periods.map { "\($0[0] as Int)/\($0[1] as Int)/\($0[2] as Int)" } == (2022...2025).flatMap { ["\($0)/1/0", "\($0)/2/0"] } + ["2026/1/1", "2026/2/0"])
        }
    }

    // Its time is printed for the record, not asserted: speed belongs to `make bench`.
    @Test func syntheticRegionWithTheCycleLoads() throws {
        let database = try makeTestDatabase()
        let start = Date()
        // As `opora demo --schools 2000` builds it: the region generated up to the running year.
        let lastYear = DemoDay(database.now).runningYear
        _ = try DemoLoader(database: database, hasher: fastHasher).load(SyntheticRegion.make(schools: 2_000, years: 4, seed: 11, lastYear: lastYear))
        let seconds = Date().timeIntervalSince(start)
        print("Synthetic demo of 2,000 schools with the working cycle loaded in \(String(format: "%.2f", seconds)) s")
        let counts = try database.read { db in
            try ["school", "roadmap", "report", "measure"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")! }
        }
        print("Synthetic demo: schools, roadmaps, reports, measures = \(counts)")
        #expect(counts[0] == 2_000)
        #expect(counts[1] > 0 && counts[2] > 0)
    }
}
