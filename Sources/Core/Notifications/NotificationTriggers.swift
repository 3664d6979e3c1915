import Foundation
import GRDB

/// What each state change tells whom. Every function runs inside the transaction of the change (the caller's
/// `database.write`), so the change and its notifications land together or not at all.
public enum NotificationTriggers {
    /// A curator (or coordinator) returned a half-year report: the school's directors.
    static func reportReturned(_ db: Database, _ scope: Scope, reportId: Int64, comment: String, at: Date) throws {
        guard let row = try Row.fetchOne(db, cachedSQL: """
            SELECT roadmap.schoolId, p.schoolYear, p.half,
                   (SELECT MAX(id) FROM reportEvent WHERE reportId = report.id AND action = 'returned') AS eventId
            FROM report JOIN roadmap ON roadmap.id = report.roadmapId JOIN reportPeriod p ON p.id = report.periodId
            WHERE report.id = ?
            """, arguments: [reportId]), let schoolId: Int64 = row["schoolId"] else { return }
        let period = "\((row["half"] as Int) == 1 ? "I" : "II") полугодие \(SchoolYear(row["schoolYear"]).title)"
        let eventId: Int64? = row["eventId"]
        try NotificationDelivery.deliver(
            db, to: NotificationDelivery.directors(db, schoolId: schoolId), kind: .reportReturned,
            title: "Отчёт за \(period) возвращён на доработку",
            body: "\(scope.fullName): \(comment)", entity: "report", entityId: reportId,
            dedupeKey: "report-returned:\(reportId):\(eventId ?? 0)", at: at)
    }

    /// A school's roadmap approved (a municipal plan has no school and tells no one): the school's directors.
    static func roadmapApproved(_ db: Database, _ scope: Scope, roadmapId: Int64, at: Date) throws {
        guard let row = try Row.fetchOne(db, cachedSQL: "SELECT schoolId, schoolYear, revision FROM roadmap WHERE id = ?", arguments: [roadmapId]),
              let schoolId: Int64 = row["schoolId"] else { return }
        let revision: Int = row["revision"]
        try NotificationDelivery.deliver(
            db, to: NotificationDelivery.directors(db, schoolId: schoolId), kind: .roadmapApproved,
            title: "Дорожная карта \(SchoolYear(row["schoolYear"]).title) утверждена" + (revision > 1 ? " (редакция \(revision))" : ""),
            body: "Утвердил(а): \(scope.fullName)", entity: "roadmap", entityId: roadmapId,
            dedupeKey: "roadmap-approved:\(roadmapId):\(revision)", at: at)
    }

    /// A school's roadmap returned for rework: the school's directors, with the reviewer's comment.
    /// Runs before the return's own event is written: the earlier returns' count tells this return apart.
    static func roadmapReturned(_ db: Database, _ scope: Scope, roadmapId: Int64, comment: String, at: Date) throws {
        guard let row = try Row.fetchOne(db, cachedSQL: """
            SELECT schoolId, schoolYear, (SELECT COUNT(*) FROM roadmapEvent WHERE roadmapId = roadmap.id AND action = 'returned') AS earlier
            FROM roadmap WHERE id = ?
            """, arguments: [roadmapId]), let schoolId: Int64 = row["schoolId"] else { return }
        let earlier: Int = row["earlier"]
        try NotificationDelivery.deliver(
            db, to: NotificationDelivery.directors(db, schoolId: schoolId), kind: .roadmapReturned,
            title: "Дорожная карта \(SchoolYear(row["schoolYear"]).title) возвращена на доработку",
            body: "\(scope.fullName): \(comment)", entity: "roadmap", entityId: roadmapId,
            dedupeKey: "roadmap-returned:\(roadmapId):\(earlier)", at: at)
    }

    /// A new version of a school's document uploaded: it awaits review by the curators assigned to the school that year.
    static func documentUploaded(_ db: Database, _ scope: Scope, documentId: Int64, versionId: Int64, number: Int, at: Date) throws {
        guard let row = try Row.fetchOne(db, cachedSQL: """
            SELECT d.schoolId, d.schoolYear, k.title, f.title AS factor, s.shortName
            FROM document d JOIN documentKind k ON k.id = d.kindId JOIN school s ON s.id = d.schoolId
            LEFT JOIN riskFactor f ON f.id = d.riskFactorId
            WHERE d.id = ?
            """, arguments: [documentId]) else { return }
        let factor: String? = row["factor"]
        let name = "«\(row["title"] as String)»" + (factor.map { " (\($0))" } ?? "")
        try NotificationDelivery.deliver(
            db, to: NotificationDelivery.curators(db, schoolId: row["schoolId"], year: row["schoolYear"]), kind: .documentUploaded,
            title: "\(row["shortName"] as String): документ \(name) ждёт проверки" + (number > 1 ? " (версия \(number))" : ""),
            body: "Загрузил(а): \(scope.fullName)", entity: "document", entityId: documentId,
            dedupeKey: "document-uploaded:\(versionId)", at: at)
    }

    /// A document's current version reviewed (accepted or returned): the school's directors.
    static func documentReviewed(_ db: Database, _ scope: Scope, documentId: Int64, reviewId: Int64, accepted: Bool,
                                 comment: String, at: Date) throws {
        guard let row = try Row.fetchOne(db, cachedSQL: """
            SELECT d.schoolId, d.schoolYear, k.title, f.title AS factor
            FROM document d JOIN documentKind k ON k.id = d.kindId LEFT JOIN riskFactor f ON f.id = d.riskFactorId
            WHERE d.id = ?
            """, arguments: [documentId]) else { return }
        let factor: String? = row["factor"]
        let name = "«\(row["title"] as String)»" + (factor.map { " (\($0))" } ?? "")
        try NotificationDelivery.deliver(
            db, to: NotificationDelivery.directors(db, schoolId: row["schoolId"]), kind: .documentReviewed,
            title: "Документ \(name) \(accepted ? "принят" : "возвращён на доработку")",
            body: comment.isEmpty ? "Проверил(а): \(scope.fullName)" : "\(scope.fullName): \(comment)",
            entity: "document", entityId: documentId, dedupeKey: "document-reviewed:\(reviewId)", at: at)
    }

    /// A report period opened: the directors of the municipality's schools in the programme that year.
    static func periodOpened(_ db: Database, periodId: Int64, at: Date) throws {
        let period = try ReportPeriods.period(db, id: periodId)
        try NotificationDelivery.deliver(
            db, to: programmeDirectors(db, period: period, excludingSubmitted: false), kind: .periodOpened,
            title: "Открыт отчётный период: \(period.title)",
            body: "Срок сдачи отчёта — \(DayText.russian(period.dueDate)).", entity: "reportPeriod", entityId: periodId,
            dedupeKey: "period-opened:\(periodId):\(Int(at.timeIntervalSince1970))", at: at)
    }

    /// An open period due within `days` days: the same directors, but not those whose report is already sent or accepted.
    /// Once per period and due date (a moved due date reminds again).
    static func periodDueSoon(_ db: Database, period: ReportPeriodItem, today: String, at: Date) throws {
        let days = NotificationDays.between(today, period.dueDate) ?? 0
        let left = days == 0 ? "сегодня" : "через " + dayCount(days)
        try NotificationDelivery.deliver(
            db, to: programmeDirectors(db, period: period, excludingSubmitted: true), kind: .periodDueSoon,
            title: "Срок сдачи отчёта за \(period.title) — \(left)",
            body: "Отчёт нужно сдать до \(DayText.russian(period.dueDate)) включительно.", entity: "reportPeriod",
            entityId: period.id, dedupeKey: "period-due:\(period.id):\(period.dueDate)", at: at)
    }

    static func dayCount(_ n: Int) -> String {
        let tens = n % 100, units = n % 10
        let word = (11...14).contains(tens) ? "дней" : units == 1 ? "день" : (2...4).contains(units) ? "дня" : "дней"
        return "\(n) \(word)"
    }

    /// Active directors of the municipality's schools (not archived) in the programme in the period's year: with a
    /// roadmap of that year, or flagged low-results or «500+» participant for it.
    static func programmeDirectors(_ db: Database, period: ReportPeriodItem, excludingSubmitted: Bool) throws -> [Int64] {
        var sql = """
            SELECT u.id FROM user u JOIN school s ON s.id = u.schoolId
            WHERE u.role = 'director' AND u.isActive = 1 AND s.municipalityId = ? AND s.archivedAt IS NULL
              AND (EXISTS (SELECT 1 FROM roadmap r WHERE r.schoolId = s.id AND r.schoolYear = ?)
                   OR EXISTS (SELECT 1 FROM schoolStatus st WHERE st.schoolId = s.id AND st.schoolYear = ?
                              AND st.flag IN ('lowResults', 'programmeParticipant')))
            """
        if excludingSubmitted {
            sql += """

                  AND NOT EXISTS (SELECT 1 FROM roadmap r JOIN report ON report.roadmapId = r.id
                                  WHERE r.schoolId = s.id AND report.periodId = ? AND report.status IN ('submitted', 'accepted'))
                """
        }
        var arguments: StatementArguments = [period.municipalityId, period.year.start, period.year.start]
        if excludingSubmitted { arguments += [period.id] }
        return try Int64.fetchAll(db, sql: sql, arguments: arguments)
    }
}

/// Calendar-day arithmetic on yyyy-MM-dd texts (UTC calendar: days, not instants).
enum NotificationDays {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    static func date(_ iso: String) -> Date? {
        let n = iso.split(separator: "-").compactMap { Int($0) }
        guard n.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: n[0], month: n[1], day: n[2]))
    }

    static func between(_ from: String, _ to: String) -> Int? {
        guard let a = date(from), let b = date(to) else { return nil }
        return calendar.dateComponents([.day], from: a, to: b).day
    }

    static func adding(_ days: Int, to iso: String) -> String? {
        guard let d = date(iso), let moved = calendar.date(byAdding: .day, value: days, to: d) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
