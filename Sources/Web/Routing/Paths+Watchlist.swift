/// Links of the watchlist rules (issue 14): the region's defaults, a municipality's settings, a flag's dismissal.
extension Paths {
    public static let watchRules = "/watch-rules"
    public static func watchRules(municipality id: Int64) -> String { "/watch-rules/municipalities/\(id)" }
    public static func resetWatchRules(municipality id: Int64) -> String { "/watch-rules/municipalities/\(id)/reset" }
    public static func dismissWatchFlag(school id: Int64, rule: String) -> String { "/schools/\(id)/watch-flags/\(rule)/dismiss" }
    /// The school list of schools silent for `days` days.
    public static func silentSchools(_ days: Int) -> String { withQuery(schools, [("silent", String(days))]) }
}
