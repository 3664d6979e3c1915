/// Links of the working cycle: roadmaps and municipal plans.
extension Paths {
    public static func roadmap(school id: Int64, year: Int) -> String { "/schools/\(id)/roadmap/\(year)" }
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
