import Core
import Foundation
import Spreadsheet

/// A table file as the importers read it, for the web page and `opora import-results` alike: every sheet of a
/// workbook (each line knows its sheet), or the records of a CSV file with their field counts.
public enum ImportLines {
    public static func read(_ data: Data, limits: XLSXLimits) throws -> [ImportLine] {
        var lines: [ImportLine] = []
        switch TableFormat.detect(data) {
        case .xlsx:
            let reader = try XLSXReader(data: data, limits: limits)
            let named = reader.sheetNames.count > 1
            for (index, name) in reader.sheetNames.enumerated() {
                try reader.readRows(sheetIndex: index) { row in
                    if let r = line(row.number, row.values) {
                        lines.append(ImportLine(line: r.line, values: r.values, sheet: named ? name : nil))
                    }
                }
            }
        case .csv:
            for record in try CSVReader.read(data).records {
                if let r = line(record.line, record.fields) {
                    lines.append(ImportLine(line: r.line, values: r.values, fieldCount: record.fields.count))
                }
            }
        }
        return lines
    }

    /// Empty strings become nil, trailing nils are dropped, a row with no value is skipped (as `Table` reads rows).
    private static func line(_ number: Int, _ raw: [String?]) -> ImportLine? {
        var values = raw.map { v -> String? in (v?.isEmpty ?? true) ? nil : v }
        while let last = values.last, last == nil { values.removeLast() }
        return values.isEmpty ? nil : ImportLine(line: number, values: values)
    }
}
