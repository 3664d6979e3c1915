import Core

// MARK: Notifications (issue 7)
extension Paths {
    public static let notifications = "/notifications"
    public static func notifications(page: Int) -> String { withQuery(notifications, [("page", page > 1 ? String(page) : nil)]) }
    /// POST: marks the notification read and redirects to what it is about.
    public static func openNotification(_ id: Int64) -> String { "/notifications/\(id)/open" }
    public static let notificationsReadAll = "/notifications/read-all"

    /// Where a notification leads; nil for an entity without a page here.
    public static func notificationTarget(_ target: NotificationTarget) -> String? {
        switch target {
        case .report(let id): report(id)
        case .roadmap(let schoolId, let year): roadmap(school: schoolId, year: year)
        case .document(let id): document(id)
        case .schoolReports(let schoolId, let year): schoolReports(schoolId, year: year)
        case .municipalityReports(let municipalityId, let periodId): municipalityReports(municipalityId, period: periodId)
        case .decisions(let schoolId, let year): decisions(query: [("school", schoolId.map(String.init)), ("year", String(year))])
        case .other: nil
        }
    }
}

// MARK: Audit log viewer (issue 7)
extension Paths {
    public static let audit = "/audit"
    public static let auditCSV = "/audit/export.csv"
    public static let auditXLSX = "/audit/export.xlsx"
    public static func audit(query items: [(String, String?)]) -> String { withQuery(audit, items) }
    public static func auditCSV(query items: [(String, String?)]) -> String { withQuery(auditCSV, items) }
    public static func auditXLSX(query items: [(String, String?)]) -> String { withQuery(auditXLSX, items) }
}
