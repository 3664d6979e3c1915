import Core
import HTTPServer
import Spreadsheet

/// A roadmap as XLSX: a heading row naming the school (or municipality) and the year, then seed 002's columns
/// (№ п/п … Ожидаемый результат), the measure's indicator, baseline, target and risk factors, and seed 004's
/// «Участники образовательных отношений»; each section is a row with its title in the first cell.
enum RoadmapExport {
    static let header = ["№ п/п", "Наименование мероприятия (краткое содержание)", "Сроки исполнения", "Ответственный исполнитель",
                         "Ожидаемый результат", "Показатель", "Базовое значение", "Целевое значение", "Факторы риска",
                         "Участники образовательных отношений"]

    static func title(_ d: RoadmapDetail) -> String {
        let owner = d.schoolName ?? d.municipalityName
        return "\(d.isMunicipalPlan ? "Муниципальный план" : "Дорожная карта"): \(owner), \(d.year.title) учебный год"
    }

    static func rows(_ d: RoadmapDetail) -> [[String]] {
        var rows: [[String]] = []
        var number = 0
        for section in d.content.sections {
            rows.append([section.title] + Array(repeating: "", count: header.count - 1))
            for m in section.measures {
                number += 1
                let title = m.description.isEmpty ? m.title : "\(m.title)\n\(m.description)"
                let indicator = m.indicatorUnit.isEmpty ? m.indicator : (m.indicator.isEmpty ? m.indicatorUnit : "\(m.indicator), \(m.indicatorUnit)")
                rows.append(["\(number)", title, m.dueText, m.responsible, m.expectedResult,
                             indicator, m.baseline, m.target, m.riskFactors.joined(separator: "\n"), MeasureParticipant.text(m.participants)])
            }
        }
        return rows
    }

    /// Named after the school (its short name) and the year through the one download-name function of the exports.
    static func response(_ d: RoadmapDetail) throws -> HTTPResponse {
        let bytes = try XLSXExport.document(sheet: "Дорожная карта", title: title(d), header: header, rows: rows(d), numeric: [0],
                                            columnWidths: [6, 60, 18, 28, 50, 36, 14, 14, 40, 30])
        let owner = d.schoolShortName ?? d.municipalityName
        let name = ContentDisposition.fileName("Дорожная карта \(owner) \(d.year.title)")
        let ascii = ContentDisposition.asciiFileName("roadmap-\(d.schoolId.map(String.init) ?? "m\(d.municipalityId)")-\(d.year.start)")
        return XLSXExport.response(bytes, fileName: name + ".xlsx", asciiFallback: ascii + ".xlsx")
    }
}
