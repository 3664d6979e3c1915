import Core

struct ImportUploadPage: Sendable {
    var chrome: Chrome
    var action: String
    var templateXLSX: String
    var templateCSV: String
    var importsHref: String
    var columns: String
    var limitTitle: String
    var errors: FormErrors
    var fileError: String? { errors.message("file") }
}

struct ImportPreviewPage: Sendable {
    struct Row: Sendable {
        var line: Int
        var school: String
        var procedure: String
        var year: String
        var old: String
        var new: String
    }
    struct ErrorRow: Sendable {
        var line: Int
        var message: String
    }
    var chrome: Chrome
    var fileName: String
    var sha256: String
    var insertCount: Int
    var updateCount: Int
    var unchangedCount: Int
    var errorCount: Int
    var fileErrors: [String]
    var ignoredColumns: String?
    var inserts: [Row]
    var updates: [Row]
    var unchanged: [Row]
    var moreInserts: Int?
    var moreUpdates: Int?
    var moreUnchanged: Int?
    var errorRows: [ErrorRow]
    var moreErrors: Int?
    var canCommit: Bool
    var commitAction: String
    var token: String
    var uploadHref: String
    var commitErrors: FormErrors
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
