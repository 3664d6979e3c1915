import Foundation

/// Errors of the Spreadsheet target. `description` is a Russian message fit to show to a user.
public enum SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a zip, a truncated or corrupt zip, or a zip without a workbook; `detail` is for logs.
    case notXLSX(detail: String)
    /// The workbook has no sheet with this name (or index).
    case sheetNotFound(String)
    /// Malformed CSV: an unterminated quoted field or text after a closing quote, at a physical line.
    case malformedCSV(line: Int, detail: String)
    /// A file could not be read or written.
    case io(String)
    /// An XLSX over one of its `XLSXLimits` (a zip bomb, or a file far larger than any real one).
    case tooLarge(XLSXLimitExceeded)
    /// Not a table we read (a PDF, an old XLS, a password-protected book…): `FileKind.refusal` says what it is.
    case notATable(FileKind)

    public var description: String {
        switch self {
        case .notXLSX:
            return "Файл повреждён или не является книгой Excel (XLSX)"
        case .sheetNotFound(let name):
            return "В книге нет листа «\(name)»"
        case .malformedCSV(let line, let detail):
            return "Ошибка в файле CSV в строке \(line): \(detail)"
        case .io(let detail):
            return "Не удалось прочитать или записать файл: \(detail)"
        case .tooLarge(let exceeded):
            return exceeded.message
        case .notATable(let kind):
            return kind.refusal ?? "Файл не удалось прочитать"
        }
    }
}
