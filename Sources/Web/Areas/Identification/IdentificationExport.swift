import Core

/// The identification list with its reasons as a table, for the CSV and XLSX downloads (`ListExport`).
enum IdentificationExport {
    static let columnWidths: [Double] = [30, 12, 40, 45, 90, 22, 14, 18]

    static func make(_ context: RequestContext) throws -> ListExport {
        let scope = try context.scope
        let query = IdentificationQuery(context.query)
        let service = IdentificationService(database: context.services.database)
        let year = try query.year ?? IdentificationRoutes.defaultTarget(service, scope)
        let report = try service.list(scope, year: year, municipalityId: query.municipalityId, settings: try query.whatIfSettings())
        let table = report.table(includeLeaving: true)
        // The rows of `table` are its items in order: add whether each is confirmed.
        let shown = report.tableItems(includeLeaving: true)
        let rows = zip(table.dropFirst(), shown).map { row, item in row + [item.identified ? (item.isConfirmed ? "да" : "нет") : ""] }
        let suffix = query.isWhatIf ? " (расчёт, не сохранён)" : ""
        let header = table[0] + ["Подтверждено на \(year.title)"]
        return ListExport(title: "Выявление ШНОР \(year.title)\(suffix)", asciiName: "identification-\(year.start)",
                          columns: header.enumerated().map { ExportColumn($1, width: $0 < columnWidths.count ? columnWidths[$0] : 16) },
                          rows: rows)
    }
}
