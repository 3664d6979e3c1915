import Core
import HTTPServer
import Templating

/// Главная: each role's dashboard; a municipality's dashboard for the region; their exports; the watchlist.
enum HomeRoutes {
    static let routes: [Route] = [
        Route(.get, "/") { context in
            let scope = try context.scope
            let query = DashboardQuery(context.query)
            switch Policy.home(scope) {
            case .region: return try regionPage(context, scope, query)
            case .municipality(let id): return try municipalityPage(context, scope, municipalityId: id, query: query, base: Paths.home)
            case .assignedSchools: return try curatorPage(context, scope, query)
            case .ownSchool: return try directorPage(context, scope, query)
            }
        },
        Route(.get, "/dashboard/municipalities/{id}") { context in
            let scope = try context.scope, id = try context.id("id")
            return try municipalityPage(context, scope, municipalityId: id, query: DashboardQuery(context.query),
                                        base: Paths.municipalityDashboard(id))
        },
    ] + ListExport.routes("/dashboard/municipalities/{id}") { context in
        let (name, header, rows) = try municipalityExport(context)
        return ListExport(title: name, asciiName: "dashboard", header: header, rows: rows, numeric: [8, 9, 10, 11, 12])
    } + ListExport.routes("/dashboard") { context in
        let (header, rows) = try regionExport(context)
        return ListExport(title: "Сравнение муниципалитетов", asciiName: "municipalities", header: header, rows: rows,
                          numeric: Set(1..<header.count))
    } + [
        Route(.post, "/schools/{id}/watch") { context in
            let scope = try context.scope, id = try context.id("id")
            try Dashboards(database: context.services.database).watch(scope, schoolId: id)
            return Responses.redirect(Notice.redirect(SafeRedirect.path(context.form["back"], fallback: Paths.school(id)), .saved))
        },
        Route(.post, "/schools/{id}/unwatch") { context in
            let scope = try context.scope, id = try context.id("id")
            try Dashboards(database: context.services.database).unwatch(scope, schoolId: id)
            return Responses.redirect(Notice.redirect(SafeRedirect.path(context.form["back"], fallback: Paths.school(id)), .saved))
        },
    ]

    static func watchButton(_ context: RequestContext, _ scope: Scope, back: String) -> ((DashboardSchool) -> WatchButton?)? {
        guard Policy.mayKeepWatchlist(scope) else { return nil }
        return { s in
            WatchButton(action: s.isWatched ? Paths.unwatchSchool(s.id) : Paths.watchSchool(s.id),
                        label: s.isWatched ? "Убрать из наблюдения" : "Наблюдать", isWatched: s.isWatched,
                        csrf: context.csrfToken, back: back)
        }
    }

    /// The «Новый учебный год» link, while the next year is not fully set up and the scope may see what it would create.
    static func newYearLink(_ context: RequestContext, _ scope: Scope, municipalityId: Int64) -> DashboardNewYearLink? {
        guard let p = try? YearRollover(database: context.services.database).proposal(scope, municipalityId: municipalityId),
              !p.isComplete else { return nil }
        return DashboardNewYearLink(title: "Новый учебный год \(p.target.title): подготовить", href: Paths.newSchoolYear(municipality: municipalityId))
    }

    static func municipalityPage(_ context: RequestContext, _ scope: Scope, municipalityId: Int64, query: DashboardQuery,
                                 base: String) throws -> HTTPResponse {
        let d = try Dashboards(database: context.services.database).municipality(scope, municipalityId: municipalityId, year: query.year)
        var q = query
        q.year = d.year
        let forRegion = !Policy.isFixedToMunicipality(scope)
        let dashboard: (DashboardQuery) -> String = { Paths.withQuery(base, $0.items) }
        let back = dashboard(q)
        let watch = watchButton(context, scope, back: back)
        let shown = d.schools.filter { query.filter.matches($0) }
        let page = MunicipalityDashboardPage(
            chrome: context.chrome(title: forRegion ? "Сводка — \(d.figures.municipalityName)" : "Главная", current: forRegion ? nil : Paths.home),
            greeting: forRegion ? nil : scope.fullName,
            heading: "\(d.figures.municipalityName): сводка за \(d.year.title) учебный год",
            regionHref: forRegion ? Paths.home(query: [("year", String(d.year.start))]) : nil,
            yearTitle: d.year.title, filterAction: base, years: DashboardFormat.yearOptions(d.years, selected: d.year),
            flags: DashboardFormat.flagOptions(query.filter.flag), watchedOnly: query.filter.watchedOnly,
            groups: DashboardFormat.groups(d.figures, year: d.year, municipalityId: municipalityId, query: q, forRegion: forRegion,
                                           dashboard: dashboard),
            watched: DashboardSchoolTable(id: "watchlist", d.watched, year: d.year, showMunicipality: false,
                                          emptyText: "В списке наблюдения нет школ: закрепите школу кнопкой «Наблюдать» в таблице или на её карточке.",
                                          watch: watch, showActivity: d.flags != nil),
            table: DashboardSchoolTable(id: "schools", shown, year: d.year, showMunicipality: false,
                                        emptyText: "Нет школ в этом отборе.", watch: watch, showActivity: d.flags != nil),
            watchFlags: d.flags.map { WatchFlagsView($0, showMunicipality: false, rulesHref: Paths.watchRules(municipality: municipalityId),
                                                     canDismiss: Policy.mayKeepWatchlist(scope)) },
            filterTitle: q.filterTitle, clearFilterHref: dashboard(q.with { _ in }),
            csvHref: Paths.municipalityDashboardCSV(municipalityId, query: q.items),
            xlsxHref: Paths.municipalityDashboardXLSX(municipalityId, query: q.items),
            newYear: newYearLink(context, scope, municipalityId: municipalityId))
        return Responses.html(Templates.dashboardMunicipality(page))
    }

    static func municipalityExport(_ context: RequestContext) throws -> (String, [String], [[String]]) {
        let scope = try context.scope, id = try context.id("id")
        let query = DashboardQuery(context.query)
        let d = try Dashboards(database: context.services.database).municipality(scope, municipalityId: id, year: query.year)
        let rows = DashboardFormat.exportRows(d.schools.filter { query.filter.matches($0) })
        return ("Сводка \(d.figures.municipalityName) \(d.year.start)-\(d.year.start + 1)", DashboardFormat.exportHeader, rows)
    }

    static let regionColumns = ["Школ в программе", "Дорожные карты утверждены", "Отчёт сдан", "Отчёт принят", "Отчёт возвращён",
                                "Отчёт просрочен", "Отчёт не начат", "Мероприятия выполнены", "Мероприятий просрочено",
                                "Полный комплект документов", "Выявлены, не подтверждены", "Сигналы необъективности",
                                "Просроченные решения", "Управленческие команды прошли курсы", "Педагоги прошли курсы",
                                "Педагоги с дефицитами", "ШНОР без куратора"]

    static func regionCells(_ f: DashboardFigures, year: SchoolYear) -> [RegionDashboardPage.Cell] {
        guard let id = f.municipalityId else {
            return regionValues(f).map { .init(value: $0, href: nil) }
        }
        let groups = DashboardFormat.groups(f, year: year, municipalityId: id, query: DashboardQuery(year: year), forRegion: true,
                                            dashboard: { Paths.municipalityDashboard(id, query: $0.items) })
        let figures = Dictionary(groups.flatMap(\.figures).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = ["figure-schools", "figure-roadmap-approved", "figure-report-submitted", "figure-report-accepted", "figure-report-returned",
                   "figure-report-late", "figure-report-notStarted", "figure-measures-done", "figure-measures-overdue",
                   "figure-documents-complete", "figure-proposals", "figure-signals", "figure-decisions-overdue",
                   "figure-staff-management", "figure-staff-teachers", "figure-staff-deficits", "figure-without-curator"]
        let values = regionValues(f)
        return ids.enumerated().map { i, key in .init(value: values[i], href: figures[key]?.href) }
    }

    static func regionValues(_ f: DashboardFigures) -> [String] {
        let hasPeriod = f.period != nil || f.municipalityId == nil
        func report(_ s: DashboardReportState) -> String { hasPeriod ? String(f.reportCounts[s] ?? 0) : "—" }
        return [String(f.schools), String(f.roadmapCounts[.approved] ?? 0), report(.submitted), report(.accepted), report(.returned),
                report(.late), report(.notStarted), f.measuresDoneShare.percentText, String(f.measuresOverdue),
                f.documentsShare.percentText, String(f.openProposals), String(f.signals), String(f.overdueDecisions),
                f.managementTrainedShare.percentText, f.teachersTrainedShare.percentText, f.teachersWithDeficitsShare.percentText,
                String(f.withoutCurator)]
    }

    static func regionPage(_ context: RequestContext, _ scope: Scope, _ query: DashboardQuery) throws -> HTTPResponse {
        let d = try Dashboards(database: context.services.database).region(scope, year: query.year)
        let back = Paths.home(query: [("year", String(d.year.start))])
        let yearItems: [(String, String?)] = [("year", String(d.year.start))]
        let page = RegionDashboardPage(
            chrome: context.chrome(title: "Главная", current: Paths.home), greeting: scope.fullName, roleTitle: scope.role.title,
            yearTitle: d.year.title, filterAction: Paths.home, years: DashboardFormat.yearOptions(d.years, selected: d.year),
            columns: regionColumns,
            rows: d.rows.map { f in
                .init(name: f.municipalityName, href: f.municipalityId.map { Paths.municipalityDashboard($0, query: yearItems) },
                      cells: regionCells(f, year: d.year))
            },
            total: .init(name: "Всего по региону", href: nil, cells: regionCells(d.total, year: d.year)),
            watchFlags: d.flags.map { WatchFlagsView($0, showMunicipality: true, rulesHref: Paths.watchRules, canDismiss: Policy.mayKeepWatchlist(scope)) },
            watched: DashboardSchoolTable(id: "watchlist", d.watched, year: d.year, showMunicipality: true,
                                          emptyText: "В списке наблюдения нет школ: закрепите школу кнопкой «Наблюдать» на её карточке или в сводке муниципалитета.",
                                          watch: watchButton(context, scope, back: back), showActivity: true),
            csvHref: Paths.regionDashboardCSV(query: yearItems), xlsxHref: Paths.regionDashboardXLSX(query: yearItems))
        return Responses.html(Templates.dashboardRegion(page))
    }

    static func regionExport(_ context: RequestContext) throws -> ([String], [[String]]) {
        let scope = try context.scope
        let d = try Dashboards(database: context.services.database).region(scope, year: DashboardQuery(context.query).year)
        let rows = (d.rows + [d.total]).map { f in [f.municipalityId == nil ? "Всего по региону" : f.municipalityName] + regionValues(f) }
        return (["Муниципалитет"] + regionColumns, rows)
    }

    static func curatorPage(_ context: RequestContext, _ scope: Scope, _ query: DashboardQuery) throws -> HTTPResponse {
        let d = try Dashboards(database: context.services.database).curator(scope, year: query.year)
        let page = CuratorDashboardPage(
            chrome: context.chrome(title: "Главная", current: Paths.home), greeting: scope.fullName, yearTitle: d.year.title,
            filterAction: Paths.home, years: DashboardFormat.yearOptions(d.years, selected: d.year),
            table: DashboardSchoolTable(id: "schools", d.schools, year: d.year, showMunicipality: false,
                                        emptyText: "За вами не закреплены школы.", watch: nil),
            review: ReviewItemsView(d.review, emptyText: "Ничего не ждёт вашей проверки."))
        return Responses.html(Templates.dashboardCurator(page))
    }

    static func directorPage(_ context: RequestContext, _ scope: Scope, _ query: DashboardQuery) throws -> HTTPResponse {
        let d = try Dashboards(database: context.services.database).director(scope, year: query.year)
        let s = d.school
        let documentsHref = Paths.schoolDocuments(s.id, year: d.year.start)
        let page = DirectorDashboardPage(
            chrome: context.chrome(title: "Главная", current: Paths.home), greeting: scope.fullName, schoolName: s.name,
            yearTitle: d.year.title, filterAction: Paths.home, years: DashboardFormat.yearOptions(d.years, selected: d.year),
            periodTitle: d.period?.title, periodDue: d.period.map { RussianDate.day(iso: $0.dueDate) } ?? "",
            reportText: DashboardFormat.reportText(s) + (s.reportLate ? ", просрочен" : ""),
            reportsHref: Paths.schoolReports(s.id, year: d.year.start),
            overdue: d.overdueMeasures.map { .init(title: $0.title, detail: "срок: \($0.dueText)", href: Paths.roadmap(school: s.id, year: d.year.start)) },
            missing: d.missingDocuments.map { .init(title: $0, detail: "", href: documentsHref) },
            documentsHref: documentsHref,
            returned: d.returned.map { r in
                let href: String
                switch r.kind {
                case .roadmap: href = Paths.roadmap(school: s.id, year: r.year ?? d.year.start)
                case .report: href = Paths.report(r.id)
                case .document: href = Paths.document(r.id)
                }
                let detail = [r.reviewer, r.at.map(RussianDate.dateTime)].compactMap { $0 }.joined(separator: ", ")
                return .init(title: r.title, detail: detail.isEmpty ? "возвращено на доработку" : "вернул(а) \(detail)",
                             href: href, comment: r.comment.isEmpty ? nil : r.comment)
            },
            table: DashboardSchoolTable(id: "schools", [s], year: d.year, showMunicipality: false, emptyText: "", watch: nil))
        return Responses.html(Templates.dashboardDirector(page))
    }
}

extension HomeRoutes {
    /// The school card's «Наблюдать» / «Убрать из наблюдения» for coordinators.
    static func schoolWatchButton(_ context: RequestContext, _ scope: Scope, school id: Int64) throws -> WatchButton? {
        guard Policy.mayKeepWatchlist(scope) else { return nil }
        let watched = try Dashboards(database: context.services.database).isWatched(scope, schoolId: id)
        return WatchButton(action: watched ? Paths.unwatchSchool(id) : Paths.watchSchool(id),
                           label: watched ? "Убрать из наблюдения" : "Наблюдать", isWatched: watched,
                           csrf: context.csrfToken, back: Paths.school(id))
    }
}
