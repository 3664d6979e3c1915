import Core
import Foundation

struct RiskFactorListPage: Sendable {
    struct Row: Sendable {
        var number: Int
        var title: String
        var isArchived: Bool
        var editHref: String?
        var archiveHref: String?
        var restoreAction: String?
    }
    var chrome: Chrome
    var rows: [Row]
    var canEdit: Bool
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Факторы риска", asciiName: "risk-factors",
                   columns: [ExportColumn("№", numeric: true, width: 6), ExportColumn("Фактор риска", width: 60), ExportColumn("В архиве", width: 10)],
                   rows: rows.map { [String($0.number), $0.title, $0.isArchived ? "да" : ""] })
    }
}

struct RiskFactorFormPage: Sendable {
    var chrome: Chrome
    var action: String
    var cancelHref: String
    var title: String
    var sortOrder: String
    var errors: FormErrors
    var titleError: String? { errors.message("title") }
    var sortOrderError: String? { errors.message("sortOrder") }
}

struct RiskProfilePage: Sendable {
    struct YearLink: Sendable { var title: String; var href: String; var isCurrent: Bool }
    struct Row: Sendable {
        var title: String
        var levelTitle: String
        var levelCode: String
        var isChosen: Bool
        var note: String
        /// «↑ выше», «↓ ниже», «без изменений», «впервые»; nil without a previous profile.
        var changeText: String?
        var changeCode: String
        /// «было: высокий».
        var previousText: String?
    }
    var chrome: Chrome
    var schoolName: String
    var schoolHref: String
    var yearTitle: String
    var years: [YearLink]
    var isFilled: Bool
    var updatedText: String?
    var previousYearTitle: String?
    var rows: [Row]
    var editHref: String?
    var editLabel: String
    var comments: CommentThreadView?

    static func changeText(_ change: RiskChange?) -> String? {
        switch change {
        case .higher: "↑ выше"
        case .lower: "↓ ниже"
        case .same: "без изменений"
        case .new: "впервые"
        case nil: nil
        }
    }
}

struct RiskProfileFormPage: Sendable {
    struct Option: Sendable { var id: String; var value: String; var title: String; var isChecked: Bool }
    struct Row: Sendable {
        var factorId: String
        var title: String
        var levelField: String
        var options: [Option]
        var chosenField: String
        var isChosen: Bool
        var noteField: String
        var note: String
        var previousText: String?
        var error: String?
    }
    var chrome: Chrome
    var schoolName: String
    var yearTitle: String
    var action: String
    var cancelHref: String
    var rows: [Row]
    var startedFromPrevious: Bool
    var errors: FormErrors
}

/// «Ждёт проверки»: the rows of the queue (the /review page and the curator's page).
struct ReviewItemsView: Sendable {
    struct Row: Sendable {
        var kindTitle: String
        var kindCode: String
        var schoolName: String
        var yearTitle: String
        var excerpt: String?
        var since: String
        var href: String
    }
    var rows: [Row]
    var emptyText: String

    init(_ items: [ReviewItem], emptyText: String) {
        self.emptyText = emptyText
        rows = items.map { item in
            var href: String
            switch item.link {
            case .roadmap(let school, let year): href = Paths.roadmap(school: school, year: year)
            case .report(let id): href = Paths.report(id)
            case .riskProfile(let school, let year): href = Paths.riskProfile(school: school, year: year)
            case .document(let id): href = Paths.document(id)
            }
            if let comment = item.commentId { href += "#comment-\(comment)" }
            let title: String
            var excerpt = item.excerpt
            switch item.kind {
            case .document:
                title = "Документ на проверке: \(item.excerpt ?? "")"
                excerpt = nil
            case .roadmap: title = "Дорожная карта на согласовании"
            case .report: title = "Отчёт за \(item.half == 2 ? "II" : "I") полугодие сдан"
            case .thread:
                switch item.commentTarget {
                case .roadmap: title = "Ответ школы: дорожная карта"
                case .measure: title = "Ответ школы: мероприятие"
                case .report: title = "Ответ школы: отчёт"
                case .riskProfile, nil: title = "Ответ школы: рисковый профиль"
                }
            }
            return Row(kindTitle: title, kindCode: item.kind.rawValue, schoolName: item.schoolShortName, yearTitle: item.year.title,
                       excerpt: excerpt, since: item.since.map(RussianDate.dateTime) ?? "", href: href)
        }
    }
}

struct ReviewPage: Sendable {
    var chrome: Chrome
    var action: String
    var years: [SelectOption]
    /// Items waiting in the years not shown.
    var otherYears: Int
    var hasOtherYears: Bool { otherYears > 0 }
    var allHref: String
    var items: ReviewItemsView
    var exports: ExportLinks

    var export: ListExport {
        ListExport(title: "Ждёт проверки", asciiName: "review",
                   columns: [ExportColumn("Что", width: 36), ExportColumn("Комментарий", width: 50), ExportColumn("Школа", width: 32),
                             ExportColumn("Учебный год", width: 12), ExportColumn("Ждёт с", width: 12)],
                   rows: items.rows.map { [$0.kindTitle, $0.excerpt ?? "", $0.schoolName, $0.yearTitle, $0.since] })
    }
}

/// The small «Рисковый профиль» section of the school's page.
struct SchoolRiskSection: Sendable {
    var yearTitle: String?
    var chosen: [String]
    var highText: String?
    var href: String
}

enum RiskProfileNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        var items: [NavigationItem] = []
        if Policy.hasReviewQueue(scope) { items.append(NavigationItem(title: "Ждёт проверки", href: Paths.review)) }
        if Policy.mayEditRegionSettings(scope) { items.append(NavigationItem(title: "Факторы риска", href: Paths.riskFactors)) }
        if let school = Policy.ownSchool(scope) { items.append(NavigationItem(title: "Рисковый профиль", href: Paths.riskProfile(school: school))) }
        return items
    }
}
