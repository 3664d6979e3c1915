import Foundation
import GRDB

/// The «due» and «overdue» lines of a digest.
enum DigestDeadlines {
    static let horizonDays = 7

    /// A director's half-year reports of open periods not yet sent, due within `horizonDays` or already late.
    static func lines(_ db: Database, _ scope: Scope, today: String, year: SchoolYear) throws -> [(schoolId: Int64?, school: String, line: DigestLine)] {
        guard scope.role == .director, let schoolId = scope.schoolId,
              let horizon = NotificationDays.adding(horizonDays, to: today) else { return [] }
        let school = try String.fetchOne(db, cachedSQL: "SELECT shortName FROM school WHERE id = ?", arguments: [schoolId]) ?? ""
        let rows = try Row.fetchAll(db, cachedSQL: """
            SELECT p.id, p.half, p.dueDate, rep.id AS reportId FROM reportPeriod p
            JOIN school s ON s.id = ? AND s.municipalityId = p.municipalityId
            LEFT JOIN roadmap r ON r.schoolId = s.id AND r.schoolYear = p.schoolYear
            LEFT JOIN report rep ON rep.roadmapId = r.id AND rep.periodId = p.id
            WHERE p.isOpen = 1 AND p.schoolYear = ? AND p.dueDate <= ? AND COALESCE(rep.status, 'draft') IN ('draft', 'returned')
            ORDER BY p.dueDate
            """, arguments: [schoolId, year.start, horizon])
        return rows.map { row in
            let due: String = row["dueDate"], half: Int = row["half"]
            let link: DigestLink = (row["reportId"] as Int64?).map { .report($0) } ?? .schoolReports(school: schoolId, year: year.start)
            return (schoolId, school, DigestLine(section: due < today ? .overdue : .dueSoon,
                                                 text: "Отчёт за \(half == 2 ? "II" : "I") полугодие \(year.title)", due: due, link: link))
        }
    }
}
