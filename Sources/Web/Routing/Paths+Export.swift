/// Links of list exports: `<list path>/export.csv|xlsx` with the page's query (its filters).
extension Paths {
    /// The route pattern of a list's export, e.g. `/schools/{id}/documents/export.xlsx`.
    static func exportPattern(_ listPattern: String, _ format: ExportFormat) -> String {
        (listPattern.hasSuffix("/") ? String(listPattern.dropLast()) : listPattern) + "/export." + format.rawValue
    }

    /// `/accounts/export.csv?role=curator` from a list's path and the query the page was opened with.
    static func export(_ listPath: String, _ format: ExportFormat, query items: [(String, String?)]) -> String {
        withQuery(exportPattern(listPath, format), items)
    }
}
