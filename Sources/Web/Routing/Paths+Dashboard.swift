/// Links of the dashboards (issue 7): the role's home page, a municipality's dashboard, their exports, the watchlist.
extension Paths {
    /// The acting user's dashboard (Главная), filtered.
    public static func home(query items: [(String, String?)]) -> String { withQuery(home, items) }
    /// A municipality's dashboard for the region (and its own coordinator).
    public static func municipalityDashboard(_ id: Int64) -> String { "/dashboard/municipalities/\(id)" }
    public static func municipalityDashboard(_ id: Int64, query items: [(String, String?)]) -> String {
        withQuery(municipalityDashboard(id), items)
    }
    public static func municipalityDashboardCSV(_ id: Int64, query items: [(String, String?)]) -> String {
        withQuery("/dashboard/municipalities/\(id)/export.csv", items)
    }
    public static func municipalityDashboardXLSX(_ id: Int64, query items: [(String, String?)]) -> String {
        withQuery("/dashboard/municipalities/\(id)/export.xlsx", items)
    }
    /// The region's comparison of municipalities, exported.
    public static func regionDashboardCSV(query items: [(String, String?)]) -> String { withQuery("/dashboard/export.csv", items) }
    public static func regionDashboardXLSX(query items: [(String, String?)]) -> String { withQuery("/dashboard/export.xlsx", items) }
    /// POST: pin a school to / unpin it from the acting coordinator's watchlist.
    public static func watchSchool(_ id: Int64) -> String { "/schools/\(id)/watch" }
    public static func unwatchSchool(_ id: Int64) -> String { "/schools/\(id)/unwatch" }
    /// The management decisions' registry (issue 7, another area), filtered to overdue decisions.
    public static let overdueDecisions = "/decisions?overdue=1"
    public static func overdueDecisions(municipality id: Int64?) -> String {
        withQuery("/decisions", [("overdue", "1"), ("municipality", id.map(String.init))])
    }
}
