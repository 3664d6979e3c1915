import Core
import Foundation
import Spreadsheet

/// A table file as the importers read it — the results and the pupils-at-risk pages and `opora import-results` alike:
/// told by its content (`FileKind`: a PDF, an old XLS, a password-protected book get a message saying what they are),
/// then every sheet of a workbook, XLSX or ODS (each line knows its sheet), or the records of a CSV file with their field counts.
public enum ImportLines {
    /// The lines of a file, or one Russian message a coordinator can act on.
    public static func read(_ data: Data, limits: XLSXLimits) -> Result<[ImportLine], ImportReadError> {
        do {
            return .success(try lines(data, limits: limits))
        } catch let error as SpreadsheetError {
            return .failure(ImportReadError(error.description))
        } catch {
            return .failure(ImportReadError("Файл не удалось прочитать: он повреждён или это не XLSX, ODS или CSV"))
        }
    }

    /// The lines of a file; throws a `SpreadsheetError` (`.notATable` for what is not a table we read).
    public static func lines(_ data: Data, limits: XLSXLimits) throws -> [ImportLine] {
        let kind = FileKind.identify(data)
        guard let format = kind.table else { throw SpreadsheetError.notATable(kind) }
        var lines: [ImportLine] = []
        switch format {
        case .xlsx, .ods:
            let reader: WorkbookReader = format == .xlsx ? try XLSXReader(data: data, limits: limits) : try ODSReader(data: data, limits: limits)
            let named = reader.sheetNames.count > 1
            try reader.readAllRows { index, row in
                if let r = line(row.number, row.values) {
                    lines.append(ImportLine(line: r.line, values: r.values, sheet: named ? reader.sheetNames[index] : nil))
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

/// Why a file could not be read, in words for its user.
public struct ImportReadError: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
