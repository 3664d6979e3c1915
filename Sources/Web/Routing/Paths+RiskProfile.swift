/// Links of the risk-profile area: risk factors, profiles, comments, the review queue.
extension Paths {
    public static let riskFactors = "/risk-factors"
    public static func editRiskFactor(_ id: Int64) -> String { "/risk-factors/\(id)/edit" }
    public static func archiveRiskFactor(_ id: Int64) -> String { "/risk-factors/\(id)/archive" }
    public static func restoreRiskFactor(_ id: Int64) -> String { "/risk-factors/\(id)/restore" }
    /// The latest profile of a school.
    public static func riskProfile(school id: Int64) -> String { "/schools/\(id)/risk-profile" }
    public static func editRiskProfile(school id: Int64, year: Int) -> String { "/schools/\(id)/risk-profile/\(year)/edit" }
    /// The one POST of every comment form.
    public static let comments = "/comments"
    /// «Ждёт моей проверки».
    public static let review = "/review"
}
