/// Links of the pupils-at-risk area: a school's table per year, the municipal table, import and templates.
extension Paths {
    /// A school's figures (the latest year, or `year`).
    public static func pupilsAtRisk(school id: Int64, year: Int? = nil) -> String {
        withQuery("/schools/\(id)/pupils-at-risk", [("year", year.map(String.init))])
    }
    public static func savePupilsAtRisk(school id: Int64, year: Int) -> String { "/schools/\(id)/pupils-at-risk/\(year)" }
    public static func removePupilsAtRisk(_ id: Int64) -> String { "/pupils-at-risk/rows/\(id)/remove" }
    public static let pupilsAtRiskMunicipal = "/pupils-at-risk"
    public static func pupilsAtRiskMunicipal(municipality: Int64?, year: Int?) -> String {
        withQuery(pupilsAtRiskMunicipal, [("municipality", municipality.map(String.init)), ("year", year.map(String.init))])
    }
    static func pupilsAtRiskExportCSV(municipality: Int64, year: Int) -> String {
        export(pupilsAtRiskMunicipal, .csv, query: [("municipality", String(municipality)), ("year", String(year))])
    }
    static func pupilsAtRiskExportXLSX(municipality: Int64, year: Int) -> String {
        export(pupilsAtRiskMunicipal, .xlsx, query: [("municipality", String(municipality)), ("year", String(year))])
    }
    public static let pupilsAtRiskImport = "/pupils-at-risk/import"
    public static let pupilsAtRiskImportCommit = "/pupils-at-risk/import/commit"
    public static let pupilsAtRiskTemplateXLSX = "/pupils-at-risk/template.xlsx"
    public static let pupilsAtRiskTemplateCSV = "/pupils-at-risk/template.csv"
}
