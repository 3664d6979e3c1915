/// The public page of a municipality (no login) and its settings.
extension Paths {
    /// Municipalities that publish their page.
    public static let publicIndex = "/public"
    public static func publicMunicipality(_ id: Int64) -> String { "/public/municipalities/\(id)" }
    /// The coordinator's settings: on/off and the published range of the summary report.
    public static func publicPageSettings(_ id: Int64) -> String { "/municipalities/\(id)/public-page" }
    public static func publicPageSummary(_ id: Int64) -> String { "/municipalities/\(id)/public-page/summary" }
    public static func publicPageEnable(_ id: Int64) -> String { "/municipalities/\(id)/public-page/enable" }
    public static func publicPageDisable(_ id: Int64) -> String { "/municipalities/\(id)/public-page/disable" }
    public static func publicPageWithdrawSummary(_ id: Int64) -> String { "/municipalities/\(id)/public-page/withdraw-summary" }
}
