import Core
import Foundation

/// The upload form of an import (results, pupils at risk).
struct ImportUploadPage: Sendable {
    var chrome: Chrome
    var title: String
    var heading: String
    /// What one row of the file is, and examples of header spellings.
    var rowDescription: String
    var notes: String
    var fileLabel: String
    var action: String
    var templateXLSX: String
    var templateCSV: String
    var importsHref: String?
    var columns: String
    var limitTitle: String
    var errors: FormErrors
    var fileError: String? { errors.message("file") }
}

/// The preview of an import file (results, pupils at risk): the counts, the file's errors, and what each row will do.
struct ImportPreviewPage: Sendable {
    struct Row: Sendable {
        var line: Int
        /// The row's identifying cells, in the order of `keyColumns`.
        var key: [String]
        var old: String
        var new: String
    }
    struct Section: Sendable {
        var id: String
        var title: String
        var rows: [Row]
        /// Rows beyond those shown.
        var more: Int?
        var showsOld: Bool
        /// The heading of the new values' column; nil: no such column.
        var newTitle: String?
    }
    struct ErrorRow: Sendable {
        /// «17» or «ОГЭ, 17» for a workbook with several sheets.
        var line: String
        var message: String
    }
    var chrome: Chrome
    var fileName: String
    var sha256: String?
    var insertCount: Int
    var updateCount: Int
    var unchangedCount: Int
    var errorCount: Int
    var fileErrors: [String]
    var ignoredColumns: String?
    /// What the importer read in its own way: sheets, totals rows, percentages, bare years.
    var notes: [String] = []
    /// «Строки без результатов пропущены (3): 4, 7, 9.» — unfilled rows of the prefilled template.
    var skippedLines: String?
    var keyColumns: [String]
    var sections: [Section]
    var errorRows: [ErrorRow]
    var moreErrors: Int?
    var canCommit: Bool
    var commitLabel: String
    var commitAction: String
    var token: String
    var uploadHref: String
    var commitErrors: FormErrors

    static let rowLimit = 500

    /// What an importer's preview page needs besides the plan.
    struct Parts<PlanRow> {
        var keyColumns: [String]
        var key: (PlanRow) -> [String]
        var old: (PlanRow) -> String
        var new: (PlanRow) -> String
        /// The new values' column when a row is added: «Результат», «Данные».
        var addedTitle: String
        var commitLabel: String
        var commitAction: String
        var uploadHref: String
    }

    init<Plan: PlannedImport>(chrome: Chrome, plan: Plan, sha256: String? = nil, blankLines: [Int] = [], parts: Parts<Plan.Row>, token: String,
                              errors: [FieldError]) {
        func more(_ n: Int) -> Int? { n > Self.rowLimit ? n - Self.rowLimit : nil }
        func section(_ action: ImportAction, _ id: String, _ title: String, showsOld: Bool, newTitle: String?) -> Section {
            let rows = plan.rows.filter { $0.action == action }
            return Section(id: id, title: title,
                           rows: rows.prefix(Self.rowLimit).map { Row(line: $0.line, key: parts.key($0), old: parts.old($0), new: parts.new($0)) },
                           more: more(rows.count), showsOld: showsOld, newTitle: newTitle)
        }
        self.chrome = chrome
        fileName = plan.fileName
        self.sha256 = sha256
        insertCount = plan.insertCount; updateCount = plan.updateCount; unchangedCount = plan.unchangedCount
        errorCount = plan.errors.count
        fileErrors = plan.fileErrors
        ignoredColumns = plan.ignoredColumns.isEmpty ? nil : plan.ignoredColumns.joined(separator: ", ")
        skippedLines = blankLines.isEmpty ? nil
            : "Строки без результатов пропущены (\(blankLines.count)): " + blankLines.prefix(20).map(String.init).joined(separator: ", ")
                + (blankLines.count > 20 ? " …" : "") + "."
        keyColumns = parts.keyColumns
        sections = [
            section(.update, "updates", "Изменятся", showsOld: true, newTitle: "Станет"),
            section(.insert, "inserts", "Добавятся", showsOld: false, newTitle: parts.addedTitle),
            section(.unchanged, "unchanged", "Без изменений", showsOld: false, newTitle: nil),
        ]
        errorRows = plan.errors.prefix(Self.rowLimit).map {
            ErrorRow(line: ($0.sheet.map { "«\($0)», " } ?? "") + String($0.line), message: $0.messages.joined(separator: "; "))
        }
        moreErrors = more(plan.errors.count)
        canCommit = plan.canCommit
        commitLabel = parts.commitLabel
        commitAction = parts.commitAction
        self.token = token
        uploadHref = parts.uploadHref
        commitErrors = FormErrors(errors)
    }
}

struct ImportListPage: Sendable {
    struct Row: Sendable {
        var id: Int64
        var fileName: String
        var importedAt: String
        var importedBy: String
        var sha256Short: String
        var sha256: String
        var counts: String
        var rolledBack: String?
        var rollbackHref: String?
        /// Строк, добавлено, изменено, без изменений (the export's number columns).
        var numbers: [Int]
    }
    var chrome: Chrome
    var uploadHref: String
    var rows: [Row]
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Журнал импортов", asciiName: "imports",
                   columns: [ExportColumn("№", numeric: true, width: 6), ExportColumn("Файл", width: 36), ExportColumn("Когда", width: 12),
                             ExportColumn("Кто", width: 28), ExportColumn("Строк", numeric: true, width: 8),
                             ExportColumn("Добавлено", numeric: true, width: 10), ExportColumn("Изменено", numeric: true, width: 10),
                             ExportColumn("Без изменений", numeric: true, width: 14), ExportColumn("SHA-256", width: 66),
                             ExportColumn("Отмена", width: 30)],
                   rows: rows.map { [String($0.id), $0.fileName, $0.importedAt, $0.importedBy] + $0.numbers.map(String.init)
                                     + [$0.sha256, $0.rolledBack ?? ""] })
    }
}

enum ImportFormat {
    /// «участников 54: «2» 9, «3» 20, «4» 17, «5» 8; средний балл 3,8»
    static func values(_ v: ResultValues?) -> String {
        guard let v else { return "—" }
        var parts = ["участников \(v.participants)"]
        if let m2 = v.mark2, let m3 = v.mark3, let m4 = v.mark4, let m5 = v.mark5 {
            parts.append("«2» \(m2), «3» \(m3), «4» \(m4), «5» \(m5)")
        } else if let m2 = v.mark2 { parts.append("«2» \(m2)") }
        if let b = v.belowMinimum { parts.append("ниже минимума \(b)") }
        if let m = v.meanScore { parts.append("средний балл " + String(m).replacingOccurrences(of: ".", with: ",")) }
        if let l = v.lowered, let c = v.confirmed, let r = v.raised { parts.append("понизили \(l), подтвердили \(c), повысили \(r)") }
        return parts.joined(separator: "; ")
    }
}
