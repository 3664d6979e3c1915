import Core
import HTTPServer
import Spreadsheet

/// A roadmap as XLSX in seed 002's column layout: №, Мероприятие, Сроки, Ответственный, Ожидаемый результат;
/// each section is a header row with its title in the first cell; then seed 004's «Участники образовательных отношений».
enum RoadmapExport {
    static let header = ["№", "Мероприятие", "Сроки", "Ответственный", "Ожидаемый результат", "Участники образовательных отношений"]

    static func rows(_ d: RoadmapDetail) -> [[String]] {
        var rows: [[String]] = []
        var number = 0
        for section in d.content.sections {
            rows.append([section.title, "", "", "", "", ""])
            for m in section.measures {
                number += 1
                let title = m.description.isEmpty ? m.title : "\(m.title)\n\(m.description)"
                rows.append(["\(number)", title, m.dueText, m.responsible, m.expectedResult, MeasureParticipant.text(m.participants)])
            }
        }
        return rows
    }

    static func response(_ d: RoadmapDetail) throws -> HTTPResponse {
        let bytes = try XLSXExport.document(sheet: "Дорожная карта", header: header, rows: rows(d), numeric: [0],
                                            columnWidths: [6, 60, 18, 28, 50, 30])
        return XLSXExport.response(bytes, fileName: "Дорожная карта \(d.year.title.replacingOccurrences(of: "/", with: "-")).xlsx",
                                   asciiFallback: "roadmap-\(d.year.start).xlsx")
    }
}
