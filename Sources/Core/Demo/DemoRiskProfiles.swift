import Foundation
import GRDB

/// Risk profiles of the demo director's school for two years (so the change shows) and a curator's thread on the
/// later one that the school answered (so «Ждёт моей проверки» has something).
enum DemoRiskProfiles {
    static let earlier: [RiskLevel] = [.high, .high, .medium, .medium, .high, .high, .low, .medium, .high, .high]
    static let later: [RiskLevel] = [.medium, .high, .medium, .low, .medium, .high, .notRelevant, .medium, .high, .medium]
    static let chosen: Set<Int> = [2, 6, 9]

    static func insert(_ db: Database, schoolId: Int64, at now: Date) throws {
        guard let curator = try Row.fetchOne(db, cachedSQL: """
            SELECT curatorId, schoolYear FROM curatorAssignment WHERE schoolId = ? ORDER BY schoolYear DESC, curatorId LIMIT 1
            """, arguments: [schoolId]) else { return }
        let year: Int = curator["schoolYear"]
        let curatorId: Int64 = curator["curatorId"]
        let directorId = try Int64.fetchOne(db, cachedSQL: "SELECT id FROM user WHERE schoolId = ? AND role = 'director' ORDER BY id LIMIT 1",
                                            arguments: [schoolId])
        var latestId: Int64 = 0
        for (profileYear, levels) in [(year - 1, earlier), (year, later)] {
            try db.execute(sql: "INSERT INTO riskProfile (schoolId, schoolYear, updatedAt, updatedBy) VALUES (?, ?, ?, ?)",
                           arguments: [schoolId, profileYear, now, directorId])
            latestId = db.lastInsertedRowID
            for (index, level) in levels.enumerated() {
                let factor = index + 1
                let note = profileYear == year && factor == 2 ? "Нет учителя физики и информатики; уроки ведут совместители" : ""
                try db.execute(sql: "INSERT INTO riskProfileEntry (profileId, riskFactorId, level, isChosen, note) VALUES (?, ?, ?, ?, ?)",
                               arguments: [latestId, factor, level.rawValue, chosen.contains(factor), note])
            }
        }
        try db.execute(sql: """
            INSERT INTO comment (schoolId, municipalityId, targetKind, targetId, parentId, authorId, body, createdAt)
            VALUES (?, (SELECT municipalityId FROM school WHERE id = ?), 'riskProfile', ?, NULL, ?, ?, ?)
            """, arguments: [schoolId, schoolId, latestId, curatorId,
                             "Почему уровень вовлечённости родителей остался высоким? Какие меры принимались в прошлом году?", now])
        let rootId = db.lastInsertedRowID
        try db.execute(sql: """
            INSERT INTO comment (schoolId, municipalityId, targetKind, targetId, parentId, authorId, body, createdAt)
            VALUES (?, (SELECT municipalityId FROM school WHERE id = ?), 'riskProfile', ?, ?, ?, ?, ?)
            """, arguments: [schoolId, schoolId, latestId, rootId, directorId,
                             "Проводили родительские собрания по классам, посещаемость низкая. В этом году планируем родительский клуб.",
                             now.addingTimeInterval(60)])
    }
}
