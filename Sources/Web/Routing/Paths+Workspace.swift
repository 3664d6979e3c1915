/// Links of the coordinator's registries: municipal events, management decisions, staff development.
extension Paths {
    public static let events = "/events"
    public static func events(query items: [(String, String?)]) -> String { withQuery(events, items) }
    public static func eventsExportCSV(query items: [(String, String?)]) -> String { withQuery("/events/export.csv", items) }
    public static func eventsExportXLSX(query items: [(String, String?)]) -> String { withQuery("/events/export.xlsx", items) }
    public static let newEvent = "/events/new"
    public static func newEvent(municipality: Int64?) -> String { withQuery(newEvent, [("municipality", municipality.map(String.init))]) }
    public static func event(_ id: Int64) -> String { "/events/\(id)" }
    public static func editEvent(_ id: Int64) -> String { "/events/\(id)/edit" }
    public static func archiveEvent(_ id: Int64) -> String { "/events/\(id)/archive" }
    public static func eventMaterials(_ id: Int64) -> String { "/events/\(id)/materials" }
    public static func eventMaterialDownload(_ id: Int64) -> String { "/event-materials/\(id)/download" }

    public static let decisions = "/decisions"
    public static func decisions(query items: [(String, String?)]) -> String { withQuery(decisions, items) }
    public static func decisionsExportCSV(query items: [(String, String?)]) -> String { withQuery("/decisions/export.csv", items) }
    public static func decisionsExportXLSX(query items: [(String, String?)]) -> String { withQuery("/decisions/export.xlsx", items) }
    public static let newDecision = "/decisions/new"
    public static func newDecision(municipality: Int64?) -> String { withQuery(newDecision, [("municipality", municipality.map(String.init))]) }
    public static func editDecision(_ id: Int64) -> String { "/decisions/\(id)/edit" }

    public static let staff = "/staff"
    public static func staff(query items: [(String, String?)]) -> String { withQuery(staff, items) }
    public static func staffExportCSV(query items: [(String, String?)]) -> String { withQuery("/staff/export.csv", items) }
    public static func staffExportXLSX(query items: [(String, String?)]) -> String { withQuery("/staff/export.xlsx", items) }
    public static func schoolStaff(_ id: Int64, year: Int? = nil) -> String { withQuery("/schools/\(id)/staff", [("year", year.map(String.init))]) }
}
