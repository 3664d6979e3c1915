import Foundation
import GRDB

/// A school's last activity: the latest sign-in of its accounts or change they made (audit entries they are the
/// actor of). One statement for all schools; each account costs two index probes (migration 0026).
public enum SchoolActivity {
    /// The last activity of each school matching `condition` (over `school`) that has any.
    static func lastActivity(_ db: Database, schools condition: SQL) throws -> [Int64: Date] {
        var result: [Int64: Date] = [:]
        for row in try SQLRequest<Row>(literal: """
            SELECT u.schoolId, MAX(MAX(COALESCE((SELECT MAX(a.at) FROM auditEntry a WHERE a.actorId = u.id), ''),
                                   COALESCE((SELECT MAX(s.createdAt) FROM session s WHERE s.userId = u.id), '')))
            FROM user u JOIN school ON school.id = u.schoolId
            WHERE \(condition)
            GROUP BY u.schoolId
            """).fetchAll(db) {
            if let at = Date.fromDatabaseValue(row[1]) { result[row[0]] = at }
        }
        return result
    }

    /// Whole days from the activity's day to `today` (Moscow days, yyyy-MM-dd); `WatchRule.never` without any.
    static func daysSilent(_ last: Date?, today: String) -> Int {
        guard let last else { return WatchRule.never }
        return max(0, DayText.daysBetween(Moscow.day(last), today) ?? WatchRule.never)
    }
}
