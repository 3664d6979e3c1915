// MARK: Reports (report periods, half-year reports)
extension Paths {
    public static func reportPeriods(municipality id: Int64) -> String { "/municipalities/\(id)/report-periods" }
    public static func openReportPeriod(_ id: Int64) -> String { "/report-periods/\(id)/open" }
    public static func closeReportPeriod(_ id: Int64) -> String { "/report-periods/\(id)/close" }
    public static func reportPeriodDueDate(_ id: Int64) -> String { "/report-periods/\(id)/due-date" }
    public static func report(_ id: Int64) -> String { "/reports/\(id)" }
    public static func editReport(_ id: Int64) -> String { "/reports/\(id)/edit" }
    public static func submitReport(_ id: Int64) -> String { "/reports/\(id)/submit" }
    public static func acceptReport(_ id: Int64) -> String { "/reports/\(id)/accept" }
    public static func returnReport(_ id: Int64) -> String { "/reports/\(id)/return" }
    public static func reportXLSX(_ id: Int64) -> String { "/reports/\(id)/export.xlsx" }
    /// A school's roadmap executed per period, and «Начать отчёт».
    public static func schoolReports(_ id: Int64) -> String { "/schools/\(id)/reports" }
    public static func schoolReports(_ id: Int64, year: Int?) -> String {
        withQuery(schoolReports(id), [("year", year.map(String.init))])
    }
    /// The coordinator's overview of a period, optionally filtered by a status (`ReportOverview.Category`).
    public static func municipalityReports(_ id: Int64) -> String { "/municipalities/\(id)/reports" }
    public static func municipalityReports(_ id: Int64, period: Int64?, status: String? = nil) -> String {
        withQuery(municipalityReports(id), [("period", period.map(String.init)), ("status", status)])
    }
}
