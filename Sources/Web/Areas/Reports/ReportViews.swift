import Core
import Foundation

enum ReportFormat {
    /// «сдан» etc. with its tag class.
    static func statusTag(_ status: ReportStatus?) -> StatusTag {
        guard let status else { return StatusTag(title: "не начат", css: "tag tag--grey") }
        return StatusTag(title: status.title, css: "tag tag--report-\(status.rawValue)")
    }

    static func itemTag(_ status: ReportItemStatus?) -> StatusTag {
        guard let status else { return StatusTag(title: "нет отчёта", css: "tag tag--grey") }
        return StatusTag(title: status.title, css: "tag tag--item-\(status.rawValue)")
    }
}

struct StatusTag: Sendable {
    var title: String
    var css: String
}

// MARK: Periods

struct ReportPeriodsPage: Sendable {
    struct Row: Sendable {
        var title: String
        var dueDate: String
        var state: String
        var isOpen: Bool
        var overviewHref: String?
        var openAction: String?
        var closeHref: String?
        var dueDateAction: String?
        var dueDateField: String
        var dueDateValue: String
        var dueDateError: String?
    }
    struct CreateForm: Sendable {
        var action: String
        var years: [SelectOption]
        var halves: [SelectOption]
        var dueDate: String
        var errors: FormErrors
        var yearError: String? { errors.message("year") }
        var halfError: String? { errors.message("half") }
        var dueDateError: String? { errors.message("dueDate") }
    }
    var chrome: Chrome
    var municipalityName: String
    var municipalityHref: String
    var rows: [Row]
    var create: CreateForm?
    var errors: FormErrors
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Отчётные периоды \(municipalityName)", asciiName: "report-periods",
                   columns: [ExportColumn("Период", width: 36), ExportColumn("Срок сдачи", width: 12), ExportColumn("Состояние", width: 16)],
                   rows: rows.map { [$0.title, $0.dueDate, $0.state] })
    }
}

// MARK: A report

struct ReportPage: Sendable {
    struct Item: Sendable {
        var rowId: String
        var number: Int
        var title: String
        var sectionTitle: String?
        var dueText: String
        var responsible: String
        var expectedResult: String
        var tag: StatusTag
        var reason: String
        var whatWasDone: String
        var evidenceUrl: String?
        var evidenceNote: String = ""
        /// Evidence files (documents area) and, while the report is editable, the upload form's action.
        var evidenceFiles: [EvidenceLink] = []
        var evidenceAction: String? = nil
        var indicator: String
        var indicatorValue: String
        var isOverdue: Bool
        var rowClass: String { isOverdue ? "row--overdue" : "" }
    }
    struct Event: Sendable {
        var at: String
        var actor: String
        var action: String
        var comment: String
    }
    var chrome: Chrome
    var heading: String
    var schoolName: String
    var schoolHref: String
    var executionHref: String
    var periodTitle: String
    var dueDate: String
    var tag: StatusTag
    var isLate: Bool
    var submittedAt: String?
    var returned: ReturnedBanner? = nil
    var share: String
    var summary: String
    var selfAssessment: String
    var items: [Item]
    var events: [Event]
    var exportHref: String
    var editHref: String?
    var submitAction: String?
    var submitBlocked: String?
    var acceptAction: String?
    var returnAction: String?
    var comment: String
    var errors: FormErrors
    var commentError: String? { errors.message("comment") }
}

/// The report form: one compact row per measure (state, «что сделано»), the rest under «Подробнее».
struct ReportFormPage: Sendable {
    struct Item: Sendable {
        var id: Int64
        var rowId: String
        var number: Int
        var title: String
        var dueText: String
        var isPastDue: Bool
        var indicator: String
        var statuses: [SelectOption]
        var reason: String
        var whatWasDone: String
        var evidenceUrl: String
        var evidenceNote: String
        var indicatorValue: String
        var files: [EvidenceLink] = []
        var statusField: String { "status-\(id)" }
        var reasonField: String { "reason-\(id)" }
        var doneField: String { "done-\(id)" }
        var evidenceField: String { "evidence-\(id)" }
        var noteField: String { "note-\(id)" }
        var fileField: String { "file-\(id)" }
        var valueField: String { "value-\(id)" }
        var statusError: String?
        var reasonError: String?
        var evidenceError: String?
        var noteError: String?
        var fileError: String?
        var doneError: String?
        var valueError: String?
        var hasError: Bool { statusError != nil || doneError != nil || detailsError }
        /// An error among the fields under «Подробнее»: they open.
        var detailsError: Bool { reasonError != nil || evidenceError != nil || noteError != nil || fileError != nil || valueError != nil }
        /// What is filled in under «Подробнее», for its summary line.
        var detailsFilled: String? {
            var parts: [String] = []
            if !reason.isEmpty { parts.append("причина") }
            if !evidenceNote.isEmpty || !evidenceUrl.isEmpty || !files.isEmpty { parts.append("подтверждение") }
            if !indicatorValue.isEmpty { parts.append("показатель") }
            return parts.isEmpty ? nil : "заполнено: " + parts.joined(separator: ", ")
        }
    }
    var chrome: Chrome
    var heading: String
    var schoolName: String
    var action: String
    var cancelHref: String
    var items: [Item]
    var summary: String
    var selfAssessment: String
    /// «Сдать отчёт» (the period open); nil: only «Сохранить черновик».
    var canSubmit: Bool
    var errors: FormErrors
    var summaryError: String? { errors.message("summary") }
    var selfAssessmentError: String? { errors.message("selfAssessment") }
}

// MARK: A school's execution per period

struct SchoolReportsPage: Sendable {
    struct Measure: Sendable {
        var number: Int
        var title: String
        var dueText: String
        var tag: StatusTag
        var isOverdue: Bool
        var rowClass: String { isOverdue ? "row--overdue" : "" }
    }
    struct Period: Sendable {
        var anchor: String
        var title: String
        var dueDate: String
        var state: String
        var tag: StatusTag
        var isLate: Bool
        var share: String?
        var overdue: String?
        var reportHref: String?
        var startAction: String?
        var startLabel: String
        var periodId: String
        var startBlocker: String?
        var measures: [Measure]
    }
    var chrome: Chrome
    var schoolName: String
    var schoolHref: String
    var yearTitle: String
    var years: [SelectOption]
    var action: String
    var roadmapStatus: String?
    var periods: [Period]
    var hasRoadmap: Bool
    var exports: ExportLinks

    /// One row per measure of each period, as the page lists them under the periods.
    var export: ListExport {
        ListExport(title: "Исполнение \(schoolName) \(yearTitle)", asciiName: "school-reports-\(yearTitle)",
                   columns: [ExportColumn("Период", width: 28), ExportColumn("Срок сдачи", width: 12), ExportColumn("Отчёт", width: 14),
                             ExportColumn("Просрочен", width: 10), ExportColumn("№", numeric: true, width: 6), ExportColumn("Мероприятие", width: 60),
                             ExportColumn("Сроки", width: 20), ExportColumn("Состояние", width: 16), ExportColumn("Мероприятие просрочено", width: 12)],
                   rows: periods.flatMap { p in
                       p.measures.map { m in
                           [p.title, p.dueDate, p.tag.title, p.isLate ? "да" : "", String(m.number), m.title, m.dueText, m.tag.title,
                            m.isOverdue ? "да" : ""]
                       }
                   })
    }
}

// MARK: The coordinator's overview

struct ReportOverviewPage: Sendable {
    struct Count: Sendable {
        var title: String
        var count: Int
        var href: String
        var isCurrent: Bool
    }
    struct Row: Sendable {
        var schoolHref: String
        var shortName: String
        var name: String
        var tag: StatusTag
        var isLate: Bool
        var share: String
        var reportHref: String?
        var executionHref: String
    }
    var chrome: Chrome
    var municipalityName: String
    var municipalityHref: String
    var periodsHref: String
    var action: String
    var periods: [SelectOption]
    var periodTitle: String?
    var dueDate: String
    var total: Count?
    var counts: [Count]
    var filterTitle: String?
    var rows: [Row]
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Полугодовые отчёты \(municipalityName) \(periodTitle ?? "")".trimmingCharacters(in: .whitespaces),
                   asciiName: "reports",
                   columns: [ExportColumn("Школа", width: 28), ExportColumn("Полное название", width: 50), ExportColumn("Отчёт", width: 16),
                             ExportColumn("Просрочен", width: 10), ExportColumn("Выполнено мероприятий", width: 22)],
                   rows: rows.map { [$0.shortName, $0.name, $0.tag.title, $0.isLate ? "да" : "", $0.share == "—" ? "" : $0.share] })
    }
}

/// «Отчёты»: the coordinator's overview of their municipality; the director's school's reports.
enum ReportNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        if let municipality = Policy.coordinatedMunicipality(scope) { return [NavigationItem(title: "Отчёты", href: Paths.municipalityReports(municipality))] }
        if let school = Policy.ownSchool(scope) { return [NavigationItem(title: "Отчёты", href: Paths.schoolReports(school))] }
        return []
    }
}

struct EvidenceLink: Sendable {
    var fileName: String
    var href: String
}
