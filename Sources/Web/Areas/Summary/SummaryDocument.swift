import Core
import Foundation
import Spreadsheet

/// The summary report as a Word document (the seeds' справки are Word documents): the title, «Выводы», then each
/// section with its paragraphs and tables as the page prints them.
enum SummaryDocument {
    static func bytes(_ report: SummaryReport) throws -> [UInt8] {
        let writer = DOCXWriter()
        writer.title("Итоговая справка")
        writer.paragraph("о реализации мер поддержки школ с низкими образовательными результатами: \(report.municipalityName), \(report.rangeTitle) учебные годы")
        writer.paragraph("Сформирована: \(RussianDate.format(report.generatedAt))")
        writer.heading("Выводы", level: 1)
        for line in report.conclusions { writer.paragraph(line) }
        for section in report.sections {
            writer.heading("\(section.number). \(section.title)", level: 1)
            for p in section.paragraphs { writer.paragraph(p) }
            for table in section.tables {
                writer.heading(table.title, level: 2)
                if table.rows.isEmpty {
                    writer.paragraph(table.emptyText)
                } else {
                    writer.table(header: table.columns.map(\.title), rows: table.rows.map { $0.map(\.text) })
                }
            }
        }
        return [UInt8](try writer.data())
    }
}
