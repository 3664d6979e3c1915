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
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM documentReview WHERE decision = 'accepted'")! == 7)
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
