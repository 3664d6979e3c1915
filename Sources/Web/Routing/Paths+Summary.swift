/// The summary report («итоговая справка»).
extension Paths {
    /// The form that chooses a municipality and school years.
    public static let summary = "/summary"
    public static func municipalitySummary(_ id: Int64) -> String { "/municipalities/\(id)/summary" }
    public static func municipalitySummaryXLSX(_ id: Int64) -> String { "/municipalities/\(id)/summary.xlsx" }
    /// `/municipalities/1/summary?from=2021&to=2022`
    public static func municipalitySummary(_ id: Int64, from: Int, to: Int) -> String {
        withQuery(municipalitySummary(id), [("from", String(from)), ("to", String(to))])
    }
    public static func municipalitySummaryXLSX(_ id: Int64, from: Int, to: Int) -> String {
        withQuery(municipalitySummaryXLSX(id), [("from", String(from)), ("to", String(to))])
    }
    public static func municipalitySummaryDOCX(_ id: Int64, from: Int, to: Int) -> String {
        withQuery("/municipalities/\(id)/summary.docx", [("from", String(from)), ("to", String(to))])
    }
    public static func summary(municipality: Int64?, from: Int?, to: Int?) -> String {
        withQuery(summary, [("municipality", municipality.map { String($0) }), ("from", from.map(String.init)), ("to", to.map(String.init))])
    }
}
