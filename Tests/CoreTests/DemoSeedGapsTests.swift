import Foundation
import GRDB
import Testing
@testable import Core

/// What the seeds keep that the demo now shows: curators' visits, the order behind each seeded assignment, seed
/// 004's participants of measures, events' participant groups; and the same demo for the same seed.
@Suite struct DemoSeedGapsTests {
    @Test func theSeededYearsHaveVisitsOrdersParticipantsAndGroups() throws {
        let db = try makeDemoDatabase()
        try db.read { db in
            // Кировский plan item 9: visits to Шумская, Назиевская and Путиловская by the committee and МИМС.
            let kirovsky = try String.fetchAll(db, sql: """
                SELECT s.code FROM curatorVisit v JOIN school s ON s.id = v.schoolId
                WHERE v.curatorId IS NULL AND v.participants = 'Комитет образования КМР, МИМС' ORDER BY s.code
                """)
            #expect(kirovsky == ["KR-NAZ", "KR-PUT", "KR-SHUM"])
            // Каменск-Уральский 2022/2023: every seeded assignment has visits by its curator, and the seed's order.
            let unvisited = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM curatorAssignment a WHERE a.schoolYear = 2022 AND a.orderNumber = '400'
                AND NOT EXISTS (SELECT 1 FROM curatorVisit v WHERE v.curatorId = a.curatorId AND v.schoolId = a.schoolId AND v.schoolYear = 2022)
                """)
            #expect(unvisited == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM curatorAssignment WHERE orderNumber = '400' AND orderDate = '2022-09-01'")! == 8)
            // Seed 004: «Педагоги, обучающиеся, родители» of the criteria measure; groups of every seeded event.
            let groups = try String.fetchAll(db, sql: """
                SELECT DISTINCT mp.participantGroup FROM measureParticipant mp JOIN measure m ON m.id = mp.measureId
                WHERE m.title LIKE 'Выработка единых критериев оценивания%' ORDER BY 1
                """)
            #expect(groups == ["parents", "pupils", "teachers"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM municipalEvent e WHERE NOT EXISTS (SELECT 1 FROM municipalEventGroup g WHERE g.eventId = e.id)")! == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM municipalEventGroup WHERE title = 'Родители (законные представители)' AND headCount = 46")! == 1)
            // Seed 001: concept, medium-term programme and quality programme of the seven participants of 2022/2023.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE schoolYear = 2022 AND kindId IN (1, 2, 4)")! == 21)
            #expect(try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM documentReview r JOIN documentVersion v ON v.id = r.versionId JOIN document d ON d.id = v.documentId
                WHERE r.decision = 'accepted' AND d.schoolYear = 2022
                """)! == 7)
        }
    }

    /// Seed 001, «Рекомендации образовательным организациям по итогам проекта «500+» на 2023 год»: the ten schools of
    /// the 2023 list correct their plans, network with the city's schools of stable results, and the curators and the
    /// management teams of ОУ №№ 1, 2, 7, 27, 32, 35, 38, 60 and Лицей № 9 speak at the pedagogical readings of 2023.
    @Test func the2023ListHasCorrectedPlansPartnersAndTheReadings() throws {
        let db = try makeDemoDatabase()
        let list = ["KU-02", "KU-07", "KU-11", "KU-14", "KU-19", "KU-21", "KU-27", "KU-39", "KU-40", "KU-AKS"]
        try db.read { db in
            // Roadmaps of 2023/2024 and the corrected plan: last year's version and the current correction.
            #expect(try String.fetchAll(db, sql: """
                SELECT s.code FROM roadmap r JOIN school s ON s.id = r.schoolId WHERE r.schoolYear = 2023 AND s.code IN \(sqlList(list)) ORDER BY 1
                """) == list.sorted())
            let plans = try Row.fetchAll(db, sql: """
                SELECT s.code, COUNT(v.id) AS versions, MAX(CASE WHEN v.isCurrent = 1 THEN v.number END) AS current,
                       MAX(CASE WHEN v.isCurrent = 1 THEN f.originalName END) AS name
                FROM document d JOIN school s ON s.id = d.schoolId JOIN documentVersion v ON v.documentId = d.id
                JOIN storedFile f ON f.id = v.fileId
                WHERE d.schoolYear = 2023 AND d.kindId = 5 GROUP BY s.code ORDER BY s.code
                """)
            #expect(plans.map { $0["code"] as String } == list.sorted())
            #expect(plans.allSatisfy { ($0["versions"] as Int) == 2 && ($0["current"] as Int) == 2 })
            #expect(plans.allSatisfy { ($0["name"] as String).hasPrefix("Дорожная карта (план мероприятий) подготовки к ГИА и оценочным процедурам (2023, скорректированная)") })
            // Partners of 2023/2024: schools of stable results (never on the list), in a network with each school of the list.
            let partnerships = try Row.fetchAll(db, sql: """
                SELECT s.code, p.forms, COUNT(m.partnerSchoolId) AS partners,
                       SUM(EXISTS (SELECT 1 FROM schoolStatus st WHERE st.schoolId = m.partnerSchoolId AND st.schoolYear <= 2023
                                   AND st.flag = 'lowResults')) AS lowPartners,
                       SUM(EXISTS (SELECT 1 FROM schoolStatus st WHERE st.schoolId = m.partnerSchoolId AND st.schoolYear = 2023 AND st.flag = 'partner')) AS flagged
                FROM partnership p JOIN school s ON s.id = p.lowResultsSchoolId JOIN partnershipMember m ON m.partnershipId = p.id
                WHERE p.schoolYear = 2023 AND s.code IN \(sqlList(list)) GROUP BY s.code ORDER BY s.code
                """)
            #expect(partnerships.map { $0["code"] as String } == list.sorted())
            #expect(partnerships.allSatisfy { ($0["forms"] as String).contains("сетевое взаимодействие с педагогами школ города, имеющих стабильно высокие результаты") })
            #expect(partnerships.allSatisfy { ($0["partners"] as Int) >= 1 && ($0["lowPartners"] as Int) == 0 && ($0["flagged"] as Int) == ($0["partners"] as Int) })
            // The readings of 2023: the nine schools, their management teams as groups with head counts, and the curators.
            let readings = try Row.fetchOne(db, sql: "SELECT id, heldOn, schoolYear FROM municipalEvent WHERE title LIKE 'Педагогические чтения%'")
            #expect(readings?["schoolYear"] == 2023)
            #expect((readings?["heldOn"] as String?)?.hasPrefix("2023-") == true)
            let eventId: Int64 = readings?["id"] ?? 0
            #expect(try String.fetchAll(db, sql: """
                SELECT s.code FROM municipalEventSchool e JOIN school s ON s.id = e.schoolId WHERE e.eventId = ? ORDER BY 1
                """, arguments: [eventId]) == ["KU-01", "KU-02", "KU-07", "KU-27", "KU-32", "KU-35", "KU-38", "KU-60", "KU-L09"])
            let groups = try Row.fetchAll(db, sql: "SELECT title, headCount FROM municipalEventGroup WHERE eventId = ? ORDER BY position", arguments: [eventId])
            #expect(groups.filter { ($0["title"] as String).hasPrefix("Управленческая команда") }.count == 9)
            #expect(groups.contains { ($0["title"] as String).hasPrefix("Кураторы") })
            #expect(groups.allSatisfy { (($0["headCount"] as Int?) ?? 0) > 0 })
            // The recommendations to speak there are done, not withdrawn.
            #expect(try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM managementDecision WHERE text LIKE 'Представить опыт работы%педагогических чтениях%' AND status = 'done'
                """)! == 2)
        }
    }

    @Test func theDemoIsTheSameForTheSameSeed() throws {
        func rows(_ db: AppDatabase) throws -> [String] {
            try db.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.code, v.visitedOn, v.purpose, u.login FROM curatorVisit v JOIN school s ON s.id = v.schoolId
                    LEFT JOIN user u ON u.id = v.curatorId ORDER BY v.id
                    """).map(\.description)
                + Row.fetchAll(db, sql: "SELECT title, headCount, position FROM municipalEventGroup ORDER BY id").map(\.description)
            }
        }
        #expect(try rows(makeDemoDatabase(workingCycle: false)) == rows(makeDemoDatabase(workingCycle: false)))
    }
}

private func sqlList(_ codes: [String]) -> String { "(" + codes.map { "'\($0)'" }.joined(separator: ", ") + ")" }
