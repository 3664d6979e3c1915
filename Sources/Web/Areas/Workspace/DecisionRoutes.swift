import Core
import Foundation
import HTTPServer

/// Management decisions and recommendations: the list with filters and exports, the form (with status and the note
/// on execution).
enum DecisionRoutes {
    static let routes: [Route] = [
        Route(.get, "/decisions") { context in try listPage(context) },
    ] + ListExport.routes("/decisions") { context in
        let (header, rows) = try table(context)
        return ListExport(title: "Управленческие решения", asciiName: "decisions", header: header, rows: rows,
                          widths: [11, 22, 70, 40, 30, 12, 12, 10, 40, 30], dates: [5])
    } + [
        Route(.get, "/decisions/new") { context in
            let scope = try context.scope
            let municipalityId = try EventRoutes.municipalityForNew(context, scope, requested: context.query["municipality"])
            let year = try context.services.schools.defaultYear()
            return try formPage(context, municipalityId: municipalityId, decisionId: nil,
                                input: DecisionInput(year: year.start, addressee: DecisionAddressee.all.rawValue), errors: [])
        },
        Route(.post, "/decisions") { context in
            let scope = try context.scope
            let municipalityId = try EventRoutes.municipalityForNew(context, scope, requested: context.form["municipality"])
            let input = input(context.form)
            do {
                _ = try ManagementDecisions(database: context.services.database).create(scope, municipalityId: municipalityId, input)
                return Responses.redirect(Notice.redirect(Paths.decisions(query: [("year", input.year.map(String.init))]), .created))
            } catch DomainError.invalid(let errors) {
                return try formPage(context, municipalityId: municipalityId, decisionId: nil, input: input, errors: errors)
            }
        },
        Route(.get, "/decisions/{id}/edit") { context in
            let scope = try context.scope, id = try context.id("id")
            let d = try ManagementDecisions(database: context.services.database).decision(scope, id: id)
            return try formPage(context, municipalityId: d.municipalityId, decisionId: id, input: d.input, errors: [])
        },
        Route(.post, "/decisions/{id}/edit") { context in
            let scope = try context.scope, id = try context.id("id")
            let decisions = ManagementDecisions(database: context.services.database)
            let d = try decisions.decision(scope, id: id)
            try Policy.requireManageWorkspace(scope, municipalityId: d.municipalityId)
            let input = input(context.form)
            do {
                try decisions.update(scope, id: id, input)
                return Responses.redirect(Notice.redirect(Paths.decisions(query: [("year", input.year.map(String.init))]), .saved))
            } catch DomainError.invalid(let errors) {
                return try formPage(context, municipalityId: d.municipalityId, decisionId: id, input: input, errors: errors)
            }
        },
    ]

    static func input(_ form: FormData) -> DecisionInput {
        DecisionInput(year: form["year"].flatMap { SchoolYear(parsing: $0)?.start }, kind: form["kind"] ?? "", text: form["text"] ?? "",
                      addressee: form["addressee"] ?? "", schoolIds: form.values("school").compactMap { Int64($0) },
                      responsible: form["responsible"] ?? "", dueOn: form["dueOn"] ?? "", status: form["status"] ?? "",
                      executionNote: form["executionNote"] ?? "")
    }

    struct Filter {
        var municipalityId: Int64?
        var year: Int?
        var status: DecisionStatus?
        var overdueOnly: Bool
        var schoolId: Int64?
        var query: [(String, String?)] {
            [("municipality", municipalityId.map(String.init)), ("year", year.map(String.init)), ("status", status?.rawValue),
             ("overdue", overdueOnly ? "1" : nil), ("school", schoolId.map(String.init))]
        }
    }

    static func filter(_ context: RequestContext, _ scope: Scope) -> Filter {
        let q = context.query
        return Filter(municipalityId: WorkspaceFormat.municipality(scope, requested: q["municipality"].flatMap { Int64($0) }),
                      year: q["year"].flatMap { SchoolYear(parsing: $0)?.start }, status: q["status"].flatMap(DecisionStatus.init(rawValue:)),
                      overdueOnly: q["overdue"] == "1", schoolId: q["school"].flatMap { Int64($0) })
    }

    static func decisions(_ context: RequestContext, _ scope: Scope, _ f: Filter) throws -> [DecisionItem] {
        try ManagementDecisions(database: context.services.database).list(
            scope, municipalityId: f.municipalityId,
            filter: DecisionFilter(status: f.status, overdueOnly: f.overdueOnly, years: f.year.map { $0...$0 }, schoolId: f.schoolId))
    }

    static func addresseeText(_ d: DecisionItem) -> String {
        switch d.addressee {
        case .all: "Все школы программы (\(d.schools.count))"
        case .group, .school: WorkspaceFormat.schoolNames(d.schools)
        }
    }

    static func table(_ context: RequestContext) throws -> ([String], [[String]]) {
        let scope = try context.scope
        let list = try decisions(context, scope, filter(context, scope))
        let header = ["Учебный год", "Вид", "Текст", "Адресаты", "Ответственные", "Срок", "Состояние", "Просрочено", "Отметка об исполнении",
                      "Муниципалитет"]
        return (header, list.map { d in
            [d.year.title, d.kind.title, d.text, d.addressee == .all ? "Все школы программы: " + WorkspaceFormat.schoolNames(d.schools) : addresseeText(d),
             d.responsible, d.dueOn.map { RussianDate.day(iso: $0) } ?? "бессрочно", d.status.title, d.isOverdue ? "да" : "",
             d.executionNote, d.municipalityName]
        })
    }

    static func listPage(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let f = filter(context, scope)
        let list = try decisions(context, scope, f)
        let isRegion = Policy.mayReadRegion(scope)
        let database = context.services.database
        let overdue = try ManagementDecisions(database: database).overdueCount(scope, municipalityId: f.municipalityId)
        let schools = try f.municipalityId.map { try MunicipalEvents(database: database).filterSchools(scope, municipalityId: $0) } ?? []
        let manageIn = f.municipalityId ?? (isRegion ? nil : scope.municipalityId)
        let canCreate = manageIn.map { m in Policy.mayManageWorkspace(scope, municipalityId: m) } ?? false
        var overdueFilter = f
        overdueFilter.overdueOnly = true
        overdueFilter.status = nil
        let page = DecisionListPage(
            chrome: context.chrome(title: "Управленческие решения и рекомендации", current: Paths.decisions), action: Paths.decisions,
            municipalities: isRegion ? WorkspaceFormat.municipalityOptions(try context.services.schools.municipalities(scope), selected: f.municipalityId) : nil,
            years: WorkspaceFormat.yearOptions(selected: f.year, now: database.now, allTitle: "Все годы"),
            statuses: [SelectOption(value: "", title: "Все", isSelected: f.status == nil)]
                + DecisionStatus.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == f.status) },
            schools: WorkspaceFormat.schoolOptions(schools, selected: f.schoolId, placeholder: "Все школы"),
            overdueOnly: f.overdueOnly,
            rows: list.map { d in
                let canEdit = Policy.mayManageWorkspace(scope, municipalityId: d.municipalityId)
                return .init(id: "decision-\(d.id)", yearTitle: d.year.title, kindTitle: d.kind.title, text: d.text, addressee: addresseeText(d),
                             responsible: d.responsible, due: d.dueOn.map { RussianDate.day(iso: $0) } ?? "бессрочно",
                             status: WorkspaceFormat.statusTag(d.status), isOverdue: d.isOverdue, note: d.executionNote,
                             municipalityName: isRegion && f.municipalityId == nil ? d.municipalityName : nil,
                             editHref: canEdit ? Paths.editDecision(d.id) : nil)
            },
            overdueCount: overdue, overdueHref: Paths.decisions(query: overdueFilter.query),
            newHref: canCreate ? Paths.newDecision(municipality: isRegion ? manageIn : nil) : nil,
            csvHref: Paths.decisionsExportCSV(query: f.query), xlsxHref: Paths.decisionsExportXLSX(query: f.query))
        return Responses.html(Templates.decisionList(page))
    }

    static func formPage(_ context: RequestContext, municipalityId: Int64, decisionId: Int64?, input: DecisionInput,
                         errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let database = context.services.database
        let schools = try ManagementDecisions(database: database).schoolOptions(scope, municipalityId: municipalityId)
        let name = try Municipalities(database: database).name(scope, id: municipalityId)
        let heading = decisionId == nil ? "Новое решение или рекомендация" : "Изменить решение"
        let page = DecisionFormPage(
            chrome: context.chrome(title: heading, current: Paths.decisions), heading: heading, municipalityName: name,
            municipalityId: municipalityId, action: decisionId.map(Paths.editDecision) ?? Paths.decisions, cancelHref: Paths.decisions,
            years: OrganisationFormat.yearOptions(selected: input.year, now: database.now),
            kinds: DecisionKind.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == input.kind) },
            addressees: DecisionAddressee.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == input.addressee) },
            statuses: DecisionStatus.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == input.status) },
            schools: WorkspaceFormat.checkboxes(schools, checked: input.addressee == DecisionAddressee.all.rawValue ? [] : input.schoolIds, prefix: "school"),
            input: input, errors: FormErrors(errors))
        return Responses.html(Templates.decisionForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
