import Core
import Foundation

/// The dashboard's query: the school year and the school table's filters (`?year=&flag=&watch=1&roadmap=&report=&overdue=1&documents=incomplete&curator=none`).
struct DashboardQuery: Sendable {
    var year: SchoolYear?
    var filter = DashboardFilter()

    init(year: SchoolYear? = nil, filter: DashboardFilter = DashboardFilter()) { self.year = year; self.filter = filter }

    init(_ query: FormData) {
        year = query["year"].flatMap { SchoolYear(parsing: $0) }
        filter.flag = query["flag"].flatMap { StatusFlag(rawValue: $0) }
        filter.watchedOnly = query["watch"] == "1"
        filter.roadmap = query["roadmap"].flatMap { DashboardRoadmapState(rawValue: $0) }
        filter.report = query["report"].flatMap { DashboardReportState(rawValue: $0) }
        filter.overdueOnly = query["overdue"] == "1"
        filter.documentsIncompleteOnly = query["documents"] == "incomplete"
        filter.withoutCuratorOnly = query["curator"] == "none"
    }

    var items: [(String, String?)] {
        [("year", year.map { String($0.start) }), ("flag", filter.flag?.rawValue), ("watch", filter.watchedOnly ? "1" : nil),
         ("roadmap", filter.roadmap?.rawValue), ("report", filter.report?.rawValue), ("overdue", filter.overdueOnly ? "1" : nil),
         ("documents", filter.documentsIncompleteOnly ? "incomplete" : nil), ("curator", filter.withoutCuratorOnly ? "none" : nil)]
    }

    /// The same year with only this filter.
    func with(_ change: (inout DashboardFilter) -> Void) -> DashboardQuery {
        var f = DashboardFilter()
        change(&f)
        return DashboardQuery(year: year, filter: f)
    }

    /// What the filter shows, in words.
    var filterTitle: String? {
        var parts: [String] = []
        if let flag = filter.flag { parts.append(flag.shortTitle) }
        if filter.watchedOnly { parts.append("только из списка наблюдения") }
        if let roadmap = filter.roadmap { parts.append("дорожная карта: \(roadmap.title)") }
        if let report = filter.report { parts.append("отчёт: \(report.title)") }
        if filter.overdueOnly { parts.append("есть просроченные мероприятия") }
        if filter.documentsIncompleteOnly { parts.append("неполный комплект документов") }
        if filter.withoutCuratorOnly { parts.append("ШНОР без куратора") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}

/// A figure of the dashboard: its name, its value and the list behind it.
struct DashboardFigure: Sendable {
    var id: String
    var title: String
    var value: String
    var href: String?
}

struct DashboardFigureGroup: Sendable {
    var title: String
    var note: String?
    var figures: [DashboardFigure]
}

/// The pin/unpin button of the watchlist.
struct WatchButton: Sendable {
    var action: String
    var label: String
    var isWatched: Bool
    var csrf: String
    var back: String
}

struct DashboardSchoolTable: Sendable {
    struct Row: Sendable {
        var id: Int64
        var href: String
        var shortName: String
        var name: String
        var municipalityName: String
        var flags: [FlagBadge]
        var isWatched: Bool
        var roadmap: String
        var roadmapHref: String?
        var report: String
        var reportHref: String?
        var isLate: Bool
        var measures: String
        var overdue: Int
        var hasOverdue: Bool
        var documents: String
        var documentsHref: String
        var watch: WatchButton?
        var activity: String
    }
    var id: String
    var showMunicipality: Bool
    var rows: [Row]
    var emptyText: String
    /// The «Последняя активность» column, for coordinators.
    var showActivity: Bool
    var caption: String { id == "watchlist" ? "Список наблюдения" : "Школы" }

    init(id: String, _ schools: [DashboardSchool], year: SchoolYear, showMunicipality: Bool, emptyText: String,
         watch: ((DashboardSchool) -> WatchButton?)?, showActivity: Bool = false) {
        self.id = id; self.showMunicipality = showMunicipality; self.emptyText = emptyText; self.showActivity = showActivity
        rows = schools.map { s in
            Row(id: s.id, href: Paths.school(s.id), shortName: s.shortName, name: s.name, municipalityName: s.municipalityName,
                flags: s.flags.map(FlagBadge.init), isWatched: s.isWatched,
                roadmap: s.roadmapState.title, roadmapHref: s.roadmapId != nil ? Paths.roadmap(school: s.id, year: year.start) : nil,
                report: DashboardFormat.reportText(s), reportHref: s.reportId.map(Paths.report), isLate: s.reportLate,
                measures: s.measures > 0 ? Fraction(s.measuresDone, of: s.measures).text : "—",
                overdue: s.measuresOverdue, hasOverdue: s.measuresOverdue > 0,
                documents: "\(s.documentsPresent) из \(s.documentsExpected)",
                documentsHref: Paths.schoolDocuments(s.id, year: year.start), watch: watch?(s),
                activity: RussianDate.activity(s.lastActivity))
        }
    }
}

enum DashboardFormat {
    static func reportText(_ s: DashboardSchool) -> String {
        guard s.roadmapId != nil else { return "—" }
        switch s.reportStatus {
        case nil: return "не начат"
        case .draft: return "черновик"
        case .submitted: return "сдан"
        case .accepted: return "принят"
        case .returned: return "возвращён"
        }
    }

    static let exportHeader = ["Школа", "Полное наименование", "Муниципалитет", "Статусы", "В списке наблюдения", "Дорожная карта",
                               "Отчёт", "Отчёт просрочен", "Мероприятий", "Выполнено", "Просрочено", "Документов есть", "Документов ожидается"]

    static func exportRows(_ schools: [DashboardSchool]) -> [[String]] {
        schools.map { s in
            [s.shortName, s.name, s.municipalityName, s.flags.map(\.shortTitle).joined(separator: ", "), s.isWatched ? "да" : "",
             s.roadmapState.title, reportText(s), s.reportLate ? "да" : "", String(s.measures), String(s.measuresDone),
             String(s.measuresOverdue), String(s.documentsPresent), String(s.documentsExpected)]
        }
    }

    /// The figures of a municipality, each linking to its list. `dashboard` builds a link to the municipality's dashboard.
    static func groups(_ f: DashboardFigures, year: SchoolYear, municipalityId: Int64, query: DashboardQuery, forRegion: Bool,
                       dashboard: (DashboardQuery) -> String) -> [DashboardFigureGroup] {
        var groups: [DashboardFigureGroup] = []
        var programme = [DashboardFigure(id: "figure-schools", title: "Школ в программе", value: String(f.schools),
                                         href: dashboard(query.with { _ in }))]
        for flag in StatusFlag.allCases where flag != .partner {
            programme.append(.init(id: "figure-flag-\(flag.rawValue)", title: flag.shortTitle, value: String(f.flagCounts[flag] ?? 0),
                                   href: dashboard(query.with { $0.flag = flag })))
        }
        programme.append(.init(id: "figure-without-curator", title: "ШНОР без куратора", value: String(f.withoutCurator),
                               href: dashboard(query.with { $0.withoutCuratorOnly = true })))
        groups.append(.init(title: "Школы в программе", figures: programme))
        groups.append(.init(title: "Дорожные карты", figures: DashboardRoadmapState.allCases.reversed().map { state in
            .init(id: "figure-roadmap-\(state.rawValue)", title: state.title, value: String(f.roadmapCounts[state] ?? 0),
                  href: dashboard(query.with { $0.roadmap = state }))
        }))
        if let period = f.period {
            groups.append(.init(
                title: "Отчёты: \(period.title)", note: "Срок сдачи \(RussianDate.day(iso: period.dueDate)) · период \(period.stateTitle)",
                figures: DashboardReportState.allCases.map { state in
                    let href: String
                    switch state {
                    case .notStarted: href = dashboard(query.with { $0.report = .notStarted })
                    default: href = Paths.municipalityReports(municipalityId, period: period.id, status: state.rawValue)
                    }
                    return .init(id: "figure-report-\(state.rawValue)", title: state.title, value: String(f.reportCounts[state] ?? 0), href: href)
                }))
        } else {
            groups.append(.init(title: "Отчёты", note: "Отчётные периоды \(year.title) не созданы", figures: [
                .init(id: "figure-report-periods", title: "Отчётные периоды", value: "—", href: Paths.reportPeriods(municipality: municipalityId)),
            ]))
        }
        groups.append(.init(title: "Мероприятия дорожных карт", figures: [
            .init(id: "figure-measures-done", title: "Выполнено", value: f.measuresDoneShare.text,
                  href: f.period.map { Paths.municipalityReports(municipalityId, period: $0.id) }),
            .init(id: "figure-measures-overdue", title: "Просрочено", value: "\(f.measuresOverdue) (школ: \(f.schoolsWithOverdue))",
                  href: dashboard(query.with { $0.overdueOnly = true })),
        ]))
        groups.append(.init(title: "Документы", figures: [
            .init(id: "figure-documents-complete", title: "Полный комплект", value: f.documentsShare.text,
                  href: Paths.municipalityDocuments(municipalityId, year: year.start)),
            .init(id: "figure-documents-incomplete", title: "Неполный комплект", value: String(f.documentsIncomplete),
                  href: dashboard(query.with { $0.documentsIncompleteOnly = true })),
        ]))
        let next = SchoolYear(year.start + 1)
        groups.append(.init(title: "Выявление и объективность", figures: [
            .init(id: "figure-proposals", title: "Выявлены на \(next.title), не подтверждены", value: String(f.openProposals),
                  href: Paths.identification(query: [("year", String(next.start)), ("municipality", String(municipalityId))])),
            .init(id: "figure-signals", title: "Сигналы необъективности", value: String(f.signals),
                  href: Paths.signals(query: [("year", String(year.start)), ("municipality", String(municipalityId))])),
        ]))
        groups.append(.init(title: "Управленческие решения и кадры", figures: [
            .init(id: "figure-decisions-overdue", title: "Просроченные решения", value: String(f.overdueDecisions),
                  href: forRegion ? Paths.overdueDecisions(municipality: municipalityId) : Paths.overdueDecisions),
            .init(id: "figure-staff-management", title: "Управленческие команды прошли курсы", value: f.managementTrainedShare.text, href: nil),
            .init(id: "figure-staff-teachers", title: "Педагоги прошли курсы", value: f.teachersTrainedShare.text, href: nil),
            .init(id: "figure-staff-deficits", title: "Педагоги с дефицитами", value: f.teachersWithDeficitsShare.text, href: nil),
        ]))
        return groups
    }

    static func yearOptions(_ years: [SchoolYear], selected: SchoolYear) -> [SelectOption] {
        var all = years
        if !all.contains(selected) { all.append(selected); all.sort(by: >) }
        return all.map { SelectOption(value: String($0.start), title: $0.title, isSelected: $0 == selected) }
    }

    static func flagOptions(_ selected: StatusFlag?) -> [SelectOption] {
        [SelectOption(value: "", title: "Все", isSelected: selected == nil)]
            + StatusFlag.allCases.map { SelectOption(value: $0.rawValue, title: $0.shortTitle, isSelected: $0 == selected) }
    }
}

struct MunicipalityDashboardPage: Sendable {
    var chrome: Chrome
    var greeting: String?
    var heading: String
    var regionHref: String?
    var yearTitle: String
    var filterAction: String
    var years: [SelectOption]
    var flags: [SelectOption]
    var watchedOnly: Bool
    var groups: [DashboardFigureGroup]
    var watched: DashboardSchoolTable
    var table: DashboardSchoolTable
    var watchFlags: WatchFlagsView? = nil
    var filterTitle: String?
    var clearFilterHref: String
    var csvHref: String
    var xlsxHref: String
    var newYear: DashboardNewYearLink?
}

struct DashboardNewYearLink: Sendable {
    var title: String
    var href: String
}

struct RegionDashboardPage: Sendable {
    struct Cell: Sendable { var value: String; var href: String? }
    struct Row: Sendable {
        var name: String
        var href: String?
        var cells: [Cell]
    }
    var chrome: Chrome
    var greeting: String
    var roleTitle: String
    var yearTitle: String
    var filterAction: String
    var years: [SelectOption]
    var columns: [String]
    var rows: [Row]
    var total: Row
    var watchFlags: WatchFlagsView? = nil
    var watched: DashboardSchoolTable
    var csvHref: String
    var xlsxHref: String
}

struct CuratorDashboardPage: Sendable {
    var chrome: Chrome
    var greeting: String
    var yearTitle: String
    var filterAction: String
    var years: [SelectOption]
    var table: DashboardSchoolTable
    var review: ReviewItemsView
    var reviewAllHref = Paths.review + "?year=all"
}

struct DirectorDashboardPage: Sendable {
    struct Item: Sendable { var title: String; var detail: String; var href: String?; var comment: String? = nil }
    var chrome: Chrome
    var greeting: String
    var schoolName: String
    var yearTitle: String
    var filterAction: String
    var years: [SelectOption]
    var periodTitle: String?
    var periodDue: String
    var reportText: String
    var reportsHref: String
    var overdue: [Item]
    var missing: [Item]
    var documentsHref: String
    var returned: [Item]
    var table: DashboardSchoolTable
}
