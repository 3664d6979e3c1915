/// Links of the programme's working cycle (issue 5), shared by the risk-profile, roadmap and report areas.
/// Keep it minimal: plain functions, one per target page.
extension Paths {
    /// A school's roadmap for a school year.
    public static func roadmap(school id: Int64, year: Int) -> String { "/schools/\(id)/roadmap/\(year)" }
    /// A half-year report.
    public static func report(_ id: Int64) -> String { "/reports/\(id)" }
    /// A school's risk profile for a school year.
    public static func riskProfile(school id: Int64, year: Int) -> String { "/schools/\(id)/risk-profile?year=\(year)" }
}
