import Core
import Foundation

enum DocumentFormat {
    static func tag(_ state: DocumentState) -> StatusTag {
        StatusTag(title: state.title, css: "tag tag--document-\(state.rawValue)")
    }

    /// «1,2 МБ», «340 КБ».
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f МБ", Double(bytes) / Double(1 << 20)).replacingOccurrences(of: ".", with: ",") }
        return "\(max(1, (bytes + 1023) / 1024)) КБ"
    }
}

/// The upload form: kind (and risk factor), file; on the set page (all kinds) or a document page (fixed kind).
struct DocumentUploadForm: Sendable {
    var action: String
    var csrf: String
    var year: Int
    var kinds: [SelectOption]
    var riskFactors: [SelectOption]
    /// A document page: the kind (and factor) are fixed, sent as hidden fields.
    var fixedKind: String?
    var fixedFactor: String?
    var accept: String
    var limitTitle: String
    var formats: String
    var errors: FormErrors
    var fileError: String? { errors.message("file") }
    var kindError: String? { errors.message("kind") }
    var riskFactorError: String? { errors.message("riskFactor") }
}

struct DocumentSetPage: Sendable {
    struct Row: Sendable {
        var title: String
        var tag: StatusTag
        var href: String?
        var fileName: String?
        var uploadedAt: String?
        var versions: Int
    }
    var chrome: Chrome
    var schoolName: String
    var schoolHref: String
    var yearTitle: String
    var years: [SelectOption]
    var action: String
    var rows: [Row]
    var upload: DocumentUploadForm?
    var kindsHref: String
    var errors: FormErrors
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Документы \(schoolName) \(yearTitle)", asciiName: "documents-\(yearTitle)",
                   columns: [ExportColumn("Документ", width: 50), ExportColumn("Состояние", width: 16), ExportColumn("Файл", width: 36),
                             ExportColumn("Загружен", width: 18), ExportColumn("Версий", numeric: true, width: 8)],
                   rows: rows.map { [$0.title, $0.tag.title, $0.fileName ?? "", $0.uploadedAt ?? "", String($0.versions)] })
    }
}

struct DocumentPage: Sendable {
    struct Version: Sendable {
        var number: Int
        var isCurrent: Bool
        var fileName: String
        var size: String
        var sha256: String
        var uploadedBy: String
        var uploadedAt: String
        var downloadHref: String
    }
    struct Mark: Sendable { var title: String; var met: String; var css: String; var comment: String }
    struct Review: Sendable {
        var version: Int
        var decision: StatusTag
        var comment: String
        var reviewer: String
        var reviewedAt: String
        var marks: [Mark]
    }
    var chrome: Chrome
    var title: String
    var schoolName: String
    var setHref: String
    var yearTitle: String
    var tag: StatusTag
    var versions: [Version]
    var reviews: [Review]
    var reviewHref: String?
    var upload: DocumentUploadForm?
}

struct DocumentReviewPage: Sendable {
    struct Criterion: Sendable {
        var field: String
        var title: String
        var metChecked: Bool
        var notMetChecked: Bool
        var commentName: String
        var comment: String
        var error: String?
    }
    var chrome: Chrome
    var title: String
    var schoolName: String
    var documentHref: String
    var versionTitle: String
    var downloadHref: String
    var action: String
    var criteria: [Criterion]
    var acceptedChecked: Bool
    var returnedChecked: Bool
    var comment: String
    var errors: FormErrors
    var decisionError: String? { errors.message("decision") }
    var commentError: String? { errors.message("comment") }
}

struct DocumentMatrixPage: Sendable {
    struct Cell: Sendable { var tag: StatusTag; var href: String; var count: String? }
    struct Row: Sendable { var schoolName: String; var href: String; var cells: [Cell] }
    var chrome: Chrome
    var municipalityName: String
    var municipalityHref: String
    var yearTitle: String
    var years: [SelectOption]
    var action: String
    var kinds: [String]
    var rows: [Row]
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Документы школ \(municipalityName) \(yearTitle)", asciiName: "documents-\(yearTitle)",
                   columns: [ExportColumn("Школа", width: 32)] + kinds.map { ExportColumn($0, width: 20) },
                   rows: rows.map { row in [row.schoolName] + row.cells.map { c in c.tag.title + (c.count.map { " ×\($0)" } ?? "") } })
    }
}

struct DocumentKindsPage: Sendable {
    struct Criterion: Sendable { var title: String; var archiveHref: String? }
    struct Kind: Sendable {
        var id: Int64
        var title: String
        var perFactor: Bool
        /// «региональный», or the name of the municipality that added the kind for its schools.
        var ownerTag: String
        var isRegional: Bool
        var criteria: [Criterion]
        var addAction: String?
        var field: String
        var error: String?
    }
    var chrome: Chrome
    var kinds: [Kind]
    var addKindAction: String?
    var addKindHint: String
    var titleError: String?
    var errors: FormErrors
}
