import Core
import Foundation
import Spreadsheet

/// The summary report as an XLSX workbook: a title sheet with «Выводы», then one sheet per section with its
/// paragraphs and tables (title row, column headers, rows). Counts are number cells, shares number cells in
/// percent (34,5 % → 34.5); «—» where the page prints «—».
enum SummaryWorkbook {
    static func bytes(_ report: SummaryReport) throws -> [UInt8] {
        let writer = XLSXWriter()
        try writer.addSheet(name: "Справка", header: [report.title], columnWidths: [120])
        try writer.addRow([Cell.text("Муниципалитет: \(report.municipalityName)")])
        try writer.addRow([Cell.text("Учебные годы: \(report.rangeTitle)")])
        try writer.addRow([Cell.text("Сформирована: \(RussianDate.format(report.generatedAt))")])
        try writer.addRow([Cell?]())
        try writer.addRow([Cell.text("Выводы")])
        for line in report.conclusions { try writer.addRow([Cell.text(line)]) }
        for section in report.sections {
            let widest = section.tables.map(\.columns.count).max() ?? 1
            try writer.addSheet(name: section.sheetName, header: ["\(section.number). \(section.title)"],
                                columnWidths: [40] + Array(repeating: 18, count: max(widest - 1, 0)))
            for p in section.paragraphs { try writer.addRow([Cell.text(p)]) }
            for table in section.tables {
                try writer.addRow([Cell?]())
                try writer.addRow([Cell.text(table.title)])
                if table.rows.isEmpty {
                    try writer.addRow([Cell.text(table.emptyText)])
                    continue
                }
                try writer.addRow(table.columns.map { Cell.text($0.title) })
                for row in table.rows { try writer.addRow(row.map(cell)) }
            }
        }
        return [UInt8](try writer.data())
    }

    static func cell(_ c: SummaryCell) -> Cell? {
        switch c {
        case .text(let s): s.isEmpty ? nil : .text(s)
        case .count(let n): .number(n)
        case .share(let s): s.percent.map { Cell.number($0) } ?? .text("—")
        case .none: .text("—")
        }
    }
}
