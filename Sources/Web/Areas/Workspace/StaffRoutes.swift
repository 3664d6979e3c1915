import Core
import Foundation
import HTTPServer

/// Staff development figures: the form per school and year, the municipal table with totals and exports.
enum StaffRoutes {
    static let routes: [Route] = [
        Route(.get, "/staff") { context in try tablePage(context) },
    ] + ListExport.routes("/staff") { context in
        let (header, rows) = try table(context)
        return ListExport(title: "Кадры", asciiName: "staff", header: header, rows: rows, numeric: [1, 2, 4, 5, 7],
                          widths: [40, 14, 14, 14, 14, 14, 14, 14, 14])
    } + [
        Route(.get, "/schools/{id}/staff") { context in
            let scope = try context.scope, id = try context.id("id")
            let year = try year(context, context.query["year"])
            let figures = try StaffDevelopment(database: context.services.database).figures(scope, schoolId: id, year: year)
            try Policy.requireEditStaffFigures(scope, school: id, in: context.services.database)
            return try formPage(context, schoolId: id, year: year, input: figures.map(StaffInput.init) ?? StaffInput(), errors: [])
        },
        Route(.post, "/schools/{id}/staff") { context in
            let scope = try context.scope, id = try context.id("id")
            let year = try year(context, context.form["year"])
            let f = context.form
            let input = StaffInput(managementTeam: f["managementTeam"] ?? "", managementTrained: f["managementTrained"] ?? "",
                                   teachers: f["teachers"] ?? "", teachersTrained: f["teachersTrained"] ?? "",
                                   teachersWithDeficits: f["teachersWithDeficits"] ?? "")
            do {
                try StaffDevelopment(database: context.services.database).save(scope, schoolId: id, year: year, input)
            } catch DomainError.invalid(let errors) {
                return try formPage(context, schoolId: id, year: year, input: input, errors: errors)
            }
            return Responses.redirect(Notice.redirect(Paths.school(id), .saved) + "#staff")
        },
    ]

    static func year(_ context: RequestContext, _ text: String?) throws -> SchoolYear {
        if let y = text.flatMap({ SchoolYear(parsing: $0) }) { return y }
        return try context.services.schools.defaultYear()
    }

    static func municipality(_ context: RequestContext, _ scope: Scope) throws -> Int64 {
        if let m = WorkspaceFormat.municipality(scope, requested: context.query["municipality"].flatMap { Int64($0) }) { return m }
        guard let first = try context.services.schools.municipalities(scope).first?.id else { throw DomainError.notFound }
        return first
    }

    static func cells(_ f: StaffFigures?) -> [String] {
        guard let f else { return ["", "", "", "", "", "", "", ""] }
        return ["\(f.managementTeam)", "\(f.managementTrained)", WorkspaceFormat.percent(f.managementTrainedShare),
                "\(f.teachers)", "\(f.teachersTrained)", WorkspaceFormat.percent(f.teachersTrainedShare),
                "\(f.teachersWithDeficits)", WorkspaceFormat.percent(f.teachersWithDeficitsShare)]
    }

    static let header = ["Школа", "Управленческая команда", "Прошли курсовую подготовку", "Доля", "Учителей", "Прошли курсовую подготовку",
                         "Доля", "С выявленными дефицитами", "Доля"]

    static func table(_ context: RequestContext) throws -> ([String], [[String]]) {
        let scope = try context.scope
        let m = try municipality(context, scope), year = try year(context, context.query["year"])
        let staff = StaffDevelopment(database: context.services.database)
        let rows = try staff.table(scope, municipalityId: m, year: year)
        let totals = try staff.totals(scope, municipalityId: m, year: year)
        return (header, rows.map { [$0.school.name] + cells($0.figures) } + [["Итого"] + cells(totals.sums)])
    }

    static func tablePage(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let database = context.services.database
        let m = try municipality(context, scope), year = try year(context, context.query["year"])
        let staff = StaffDevelopment(database: database)
        let rows = try staff.table(scope, municipalityId: m, year: year)
        let totals = try staff.totals(scope, municipalityId: m, year: year)
        let name = try Municipalities(database: database).name(scope, id: m)
        let query: [(String, String?)] = [("municipality", Policy.mayReadRegion(scope) ? "\(m)" : nil), ("year", "\(year.start)")]
        let municipalities = try context.services.schools.municipalities(scope)
        let page = StaffTablePage(
            chrome: context.chrome(title: "Кадры: курсовая подготовка и дефициты", current: Paths.staff), action: Paths.staff,
            municipalities: Policy.mayReadRegion(scope)
                ? municipalities.map { SelectOption(value: "\($0.id ?? 0)", title: $0.name, isSelected: $0.id == m) } : nil,
            years: OrganisationFormat.yearOptions(selected: year.start, now: database.now), yearTitle: year.title, municipalityName: name,
            rows: rows.map { r in
                .init(schoolName: r.school.shortName, href: Paths.school(r.school.id), editHref: Paths.schoolStaff(r.school.id, year: year.start),
                      cells: cells(r.figures), hasFigures: r.figures != nil)
            },
            totals: cells(totals.sums), csvHref: Paths.staffExportCSV(query: query), xlsxHref: Paths.staffExportXLSX(query: query))
        return Responses.html(Templates.staffTable(page))
    }

    static func formPage(_ context: RequestContext, schoolId: Int64, year: SchoolYear, input: StaffInput, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let details = try context.services.schools.details(scope, id: schoolId)
        let page = StaffFormPage(
            chrome: context.chrome(title: "Кадры — \(details.card.school.shortName)"), schoolName: details.card.school.name,
            schoolHref: Paths.school(schoolId), yearTitle: year.title, year: year.start,
            years: OrganisationFormat.yearOptions(selected: year.start, now: context.services.database.now),
            yearAction: Paths.schoolStaff(schoolId), action: Paths.schoolStaff(schoolId), input: input, errors: FormErrors(errors))
        return Responses.html(Templates.staffForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The school card's section (events, decisions, staff figures).
    static func schoolSection(_ context: RequestContext, school id: Int64) throws -> SchoolWorkspaceSection {
        let scope = try context.scope
        let database = context.services.database
        let events = try MunicipalEvents(database: database).forSchool(scope, schoolId: id)
        let decisions = try ManagementDecisions(database: database).forSchool(scope, schoolId: id)
        let staff = try StaffDevelopment(database: database).forSchool(scope, schoolId: id)
        let canEdit = try StaffDevelopment(database: database).canEdit(scope, schoolId: id)
        return SchoolWorkspaceSection(
            events: events.map { e in
                .init(date: RussianDate.day(iso: e.heldOn), formatTitle: e.format.title, title: e.title, href: Paths.event(e.id),
                      role: e.hostSchool?.id == id ? "на базе школы" : "участник")
            },
            eventsHref: Paths.events(query: [("school", "\(id)")]),
            decisions: decisions.map { d in
                .init(yearTitle: d.year.title, kindTitle: d.kind.title, text: d.text, due: d.dueOn.map { RussianDate.day(iso: $0) } ?? "бессрочно",
                      status: WorkspaceFormat.statusTag(d.status), isOverdue: d.isOverdue)
            },
            decisionsHref: Paths.decisions(query: [("school", "\(id)")]),
            staff: staff.map { s in
                .init(yearTitle: s.year.title,
                      management: "\(s.figures.managementTrained) из \(s.figures.managementTeam) (\(WorkspaceFormat.percent(s.figures.managementTrainedShare)))",
                      teachersTrained: "\(s.figures.teachersTrained) из \(s.figures.teachers) (\(WorkspaceFormat.percent(s.figures.teachersTrainedShare)))",
                      deficits: "\(s.figures.teachersWithDeficits) из \(s.figures.teachers) (\(WorkspaceFormat.percent(s.figures.teachersWithDeficitsShare)))")
            },
            staffEditHref: canEdit ? Paths.schoolStaff(id) : nil)
    }
}
