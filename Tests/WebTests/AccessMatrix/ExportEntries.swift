/// The CSV and XLSX export of every list: the same actors and parameters as the list itself (taken from its entry).
extension AccessMatrix {
    /// The lists whose exports are served by `ListExport.routes` (keys of the lists' own GET routes).
    static let exportedLists = [
        "GET /schools", "GET /accounts", "GET /municipalities", "GET /curators", "GET /partnerships", "GET /procedures",
        "GET /risk-factors", "GET /review", "GET /municipalities/{id}/reports", "GET /municipalities/{id}/documents",
        "GET /schools/{id}/documents", "GET /results/imports", "GET /signals",
        "GET /municipalities/{id}/report-periods", "GET /schools/{id}/reports", "GET /notifications",
    ]

    static let exports: [RouteExpectation] = {
        let lists = schools + accounts + organisation + identification + importer + riskProfile + reports + documents + notifications
        // Exports that an area's own entries already name (before the lists moved onto ListExport).
        let named = Set((schoolEditing + identification + practices + pupilsAtRisk).map(\.key))
        return exportedLists.flatMap { key -> [RouteExpectation] in
            guard let list = lists.first(where: { $0.key == key }) else { fatalError("no matrix entry for the list \(key)") }
            return ["csv", "xlsx"].map { "\(key)/export.\($0)" }.filter { !named.contains($0) }.map {
                RouteExpectation($0, allowed: list.allowed, parameters: list.parameters)
            }
        }
    }()
}
