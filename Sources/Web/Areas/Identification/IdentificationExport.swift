import Core
import Foundation
import HTTPServer
import Spreadsheet

/// The identification list with its reasons as a table, for the CSV and XLSX downloads.
struct IdentificationExport {
    var header: [String]
    var rows: [[String]]
    var fileName: String
    var asciiName: String

    static func make(_ context: RequestContext) throws -> IdentificationExport {
        let scope = try context.scope
        let query = IdentificationQuery(context.query)
        let service = IdentificationService(database: context.services.database)
        let year = try query.year ?? IdentificationRoutes.defaultTarget(service, scope)
        let report = try service.list(scope, year: year, municipalityId: query.municipalityId, settings: try query.whatIfSettings())
        let table = report.table(includeLeaving: true)
        // The rows of `table` are the identified and leaving items in order: add whether each is confirmed.
        let shown = report.items.filter { $0.identified || $0.status == .leaving }
        let rows = zip(table.dropFirst(), shown).map { row, item in row + [item.identified ? (item.isConfirmed ? "да" : "нет") : ""] }
        let suffix = query.isWhatIf ? " (расчёт, не сохранён)" : ""
        return IdentificationExport(header: table[0] + ["Подтверждено на \(year.title)"], rows: rows,
                                    fileName: "Выявление ШНОР \(year.title.replacingOccurrences(of: "/", with: "-"))\(suffix)",
                                    asciiName: "identification-\(year.start)")
    }

    func xlsxResponse() throws -> HTTPResponse {
        let writer = XLSXWriter()
        try writer.addSheet(name: "Выявление ШНОР", header: header, columnWidths: [30, 12, 40, 45, 90, 22, 18])
        for row in rows { try writer.addRow(row.map { Optional($0) }) }
        let bytes = [UInt8](try writer.data())
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        headers.add("Content-Disposition",
                    "attachment; filename=\"\(asciiName).xlsx\"; filename*=UTF-8''\(PercentDecoding.encode(fileName + ".xlsx"))")
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: .ok, headers: headers, body: .bytes(bytes))
    }
}
