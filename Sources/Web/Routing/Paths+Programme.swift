/// Links of the programme's working cycle (issue 5), shared by the risk-profile, roadmap and report areas.
extension Paths {
    /// A school's roadmap for a school year.
    public static func roadmap(school id: Int64, year: Int) -> String { "/schools/\(id)/roadmap/\(year)" }
    /// A half-year report.
    public static func report(_ id: Int64) -> String { "/reports/\(id)" }
    /// A school's risk profile for a school year.
    public static func riskProfile(school id: Int64, year: Int) -> String { "/schools/\(id)/risk-profile?year=\(year)" }
}

extension Paths {
    // Roadmaps (school roadmaps and municipal plans): pages, content and workflow.
    public static func createRoadmap(school id: Int64, year: Int) -> String { "/schools/\(id)/roadmap/\(year)/create" }
    public static func roadmapExport(school id: Int64, year: Int) -> String { "/schools/\(id)/roadmap/\(year)/export.xlsx" }
    public static func municipalPlan(_ id: Int64, year: Int) -> String { "/municipalities/\(id)/plan/\(year)" }
    public static func createMunicipalPlan(_ id: Int64, year: Int) -> String { "/municipalities/\(id)/plan/\(year)/create" }
    public static func newMeasure(roadmap id: Int64) -> String { "/roadmaps/\(id)/measures/new" }
    public static func newMeasure(roadmap id: Int64, section: Int64) -> String { "/roadmaps/\(id)/measures/new?section=\(section)" }
    public static func editMeasure(roadmap id: Int64, measure: Int64) -> String { "/roadmaps/\(id)/measures/\(measure)/edit" }
    public static func deleteMeasure(roadmap id: Int64, measure: Int64) -> String { "/roadmaps/\(id)/measures/\(measure)/delete" }
    public static func moveMeasure(roadmap id: Int64, measure: Int64) -> String { "/roadmaps/\(id)/measures/\(measure)/move" }
    public static func copyMeasure(roadmap id: Int64, measure: Int64) -> String { "/roadmaps/\(id)/measures/\(measure)/copy" }
    public static func newSection(roadmap id: Int64) -> String { "/roadmaps/\(id)/sections/new" }
    public static func editSection(roadmap id: Int64, section: Int64) -> String { "/roadmaps/\(id)/sections/\(section)/edit" }
    public static func deleteSection(roadmap id: Int64, section: Int64) -> String { "/roadmaps/\(id)/sections/\(section)/delete" }
    public static func moveSection(roadmap id: Int64, section: Int64) -> String { "/roadmaps/\(id)/sections/\(section)/move" }
    public static func submitRoadmap(_ id: Int64) -> String { "/roadmaps/\(id)/submit" }
    public static func approveRoadmap(_ id: Int64) -> String { "/roadmaps/\(id)/approve" }
    public static func returnRoadmap(_ id: Int64) -> String { "/roadmaps/\(id)/return" }
    public static func reviseRoadmap(_ id: Int64) -> String { "/roadmaps/\(id)/revision" }
}

// MARK: Reports (report periods, half-year reports)
extension Paths {
    public static func reportPeriods(municipality id: Int64) -> String { "/municipalities/\(id)/report-periods" }
    public static func openReportPeriod(_ id: Int64) -> String { "/report-periods/\(id)/open" }
    public static func closeReportPeriod(_ id: Int64) -> String { "/report-periods/\(id)/close" }
    public static func reportPeriodDueDate(_ id: Int64) -> String { "/report-periods/\(id)/due-date" }
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
