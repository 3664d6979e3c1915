import Core
import HTTPServer
import Templating

/// The schools: the list and its export, creating and editing a school's card, archiving and restoring it, its
/// yearly statuses, and the card that gathers every area's section about the school.
enum SchoolController {
    static let routes = SchoolRoute.routes(handle)

    static func handle(_ route: SchoolRoute, _ context: RequestContext) throws -> HTTPResponse {
        switch route {
        case .list: try list(context)
        case .export(let format): try export(context, format)
        case .new: try new(context)
        case .create: try create(context)
        case .edit(let id): try edit(context, id: id)
        case .update(let id): try update(context, id: id)
        case .confirmArchive(let id): try confirmArchive(context, id: id)
        case .archive(let id): try archive(context, id: id)
        case .confirmRestore(let id): try confirmRestore(context, id: id)
        case .restore(let id): try restore(context, id: id)
        case .statusForm(let id): try statusForm(context, id: id)
        case .changeStatus(let id): try changeStatus(context, id: id)
        case .card(let id): try card(context, id: id)
        }
    }

    /// The school form's fields as sent. The choices stay text: an unknown municipality or kind is «not chosen», and
    /// the editor says so next to the field.
    struct SchoolForm: Decodable {
        var municipalityId: String
        var name: String
        var shortName: String
        var kind: String
        var code: String
        var address: String
        var directorName: String
        var phone: String
        var email: String
        var notes: String

        var draft: SchoolDraft {
            var draft = SchoolDraft()
            draft.municipalityId = Int64(municipalityId)
            draft.name = name; draft.shortName = shortName; draft.kind = SchoolKind(rawValue: kind)
            draft.code = code; draft.address = address; draft.directorName = directorName
            draft.phone = phone; draft.email = email; draft.notes = notes
            return draft
        }
    }

    /// The status form's fields, checked by the editor (`SchoolEditor.changeStatus`).
    struct StatusForm: Decodable {
        var year: String
        var flag: String
        var action: String
        var cohortYear: String
        var reason: String

        var input: StatusChangeInput {
            StatusChangeInput(year: year, flag: flag, action: action, cohortYear: cohortYear, reason: reason)
        }
    }

    /// The status form's pre-filling from the card's links: `?year=2022&flag=lowResults&action=clear`.
    struct StatusQuery: Decodable {
        var year: String
        var flag: String
        var action: String?

        var input: StatusChangeInput {
            StatusChangeInput(year: SchoolYear(parsing: year)?.title ?? year, flag: flag, action: action ?? "set")
        }
    }

    /// `/schools/new?municipality=3`: the municipality the list was filtered by.
    struct NewSchoolQuery: Decodable {
        var municipality: String
    }

    // MARK: List

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let query = SchoolListQuery(context.query)
        let schools = context.services.schools
        var filter = query.filter, errors = FormErrors()
        let list: SchoolList
        do {
            list = try schools.list(scope, filter: filter)
        } catch DomainError.invalid(let fieldErrors) {
            errors = FormErrors(fieldErrors)
            filter.silentDays = nil
            list = try schools.list(scope, filter: filter)
        }
        let municipalities = try schools.municipalities(scope)
        var filters = SchoolFilters(query, municipalities: municipalities, years: try schools.yearsPresent(scope), listedYear: list.year)
        filters.showSilent = list.showsActivity
        filters.silentError = errors.message("silent")
        let newSchool = SchoolRoute.new.path(query: [
            ("municipality", Policy.isFixedToMunicipality(scope) ? nil : query.filter.municipalityId.map(String.init))])
        let page = SchoolListPage(chrome: context.chrome(title: "Школы", current: SchoolRoute.list.path),
                                  filters: filters,
                                  table: SchoolTable(list, showMunicipality: municipalities.count > 1),
                                  newSchoolHref: Policy.canCreateSchools(scope) ? newSchool : nil)
        var out = HTMLWriter(capacity: page.table.renderCapacity)
        Templates.schoolList(page, into: &out)
        return Responses.html(out.bytes, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func export(_ context: RequestContext, _ format: ExportFormat) throws -> HTTPResponse {
        let query = SchoolListQuery(context.query)
        return try SchoolExport.list(try context.services.schools.export(try context.scope, filter: query.filter)).response(format)
    }

    // MARK: Card

    static func new(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        guard Policy.canCreateSchools(scope) else { throw DomainError.forbidden }
        var draft = SchoolDraft()
        draft.municipalityId = Policy.municipalityInFocus(scope, asked: Int64(try context.query.decode(NewSchoolQuery.self).municipality))
        return try newSchoolForm(context, scope, draft: draft)
    }

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        guard Policy.canCreateSchools(scope) else { throw DomainError.forbidden }
        var draft = try context.form.decode(SchoolForm.self).draft
        if draft.municipalityId == nil { draft.municipalityId = Policy.coordinatedMunicipality(scope) }
        do {
            let id = try context.services.schoolEditor.create(scope, draft)
            return Responses.redirect(Notice.redirect(SchoolRoute.card(id).path, .created))
        } catch DomainError.invalid(let errors) {
            return try newSchoolForm(context, scope, draft: draft, errors: FormErrors(errors))
        }
    }

    static func edit(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let school = try context.services.schoolEditor.editable(try context.scope, id: id)
        return editForm(context, school: school, draft: SchoolDraft(school))
    }

    static func update(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let scope = try context.scope
        let school = try context.services.schoolEditor.editable(scope, id: id)
        var draft = try context.form.decode(SchoolForm.self).draft
        draft.municipalityId = school.municipalityId
        do {
            try context.services.schoolEditor.update(scope, id: id, draft)
            return Responses.redirect(Notice.redirect(SchoolRoute.card(id).path, .saved))
        } catch DomainError.invalid(let errors) {
            return editForm(context, school: school, draft: draft, errors: FormErrors(errors))
        }
    }

    // MARK: Archive

    static func confirmArchive(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let school = try context.services.schoolEditor.archivable(try context.scope, id: id)
        return Responses.html(Templates.confirm(ConfirmPage(
            chrome: context.chrome(title: "Перенести в архив"), heading: "Перенести «\(school.shortName)» в архив?",
            explanation: "Школа пропадёт из списков (её можно будет найти с отметкой «показать архивные»). История статусов, кураторов и партнёрств сохранится; школу можно вернуть из архива.",
            action: SchoolRoute.archive(id).path, confirmLabel: "Перенести в архив", cancelHref: SchoolRoute.card(id).path)))
    }

    static func archive(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        try context.services.schoolEditor.archive(try context.scope, id: id)
        return Responses.redirect(Notice.redirect(SchoolRoute.card(id).path, .archived))
    }

    static func confirmRestore(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let school = try context.services.schoolEditor.restorable(try context.scope, id: id)
        return Responses.html(Templates.confirm(ConfirmPage(
            chrome: context.chrome(title: "Вернуть из архива"), heading: "Вернуть «\(school.shortName)» из архива?",
            explanation: "Школа снова появится в списках.",
            action: SchoolRoute.restore(id).path, confirmLabel: "Вернуть из архива", cancelHref: SchoolRoute.card(id).path)))
    }

    static func restore(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        try context.services.schoolEditor.restore(try context.scope, id: id)
        return Responses.redirect(Notice.redirect(SchoolRoute.card(id).path, .restored))
    }

    // MARK: Statuses

    static func statusForm(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let school = try context.services.schoolEditor.editable(try context.scope, id: id)
        return statusPage(context, school: school, input: try context.query.decode(StatusQuery.self).input)
    }

    static func changeStatus(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let scope = try context.scope
        let school = try context.services.schoolEditor.editable(scope, id: id)
        let input = try context.form.decode(StatusForm.self).input
        do {
            try context.services.schoolEditor.changeStatus(scope, school: id, input)
            return Responses.redirect(Notice.redirect(SchoolRoute.card(id).path, .statusChanged) + "#history")
        } catch DomainError.invalid(let errors) {
            return statusPage(context, school: school, input: input, errors: FormErrors(errors))
        }
    }

    // MARK: The card

    /// The school's card with each area's section about it.
    static func card(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let scope = try context.scope
        let details = try context.services.schools.details(scope, id: id)
        var page = SchoolPage(details, chrome: context.chrome(title: details.card.school.shortName))
        let roadmaps = context.services.roadmaps
        let year = try roadmaps.displayYear(scope, school: id)
        let status = try roadmaps.status(scope, school: id, year: year)
        page.roadmap = RoadmapLink(yearTitle: year.title, statusTitle: status?.title ?? "не составлена",
                                   href: Paths.roadmap(school: id, year: year.start))
        page.workYears = WorkYearRow.rows(try roadmaps.workYears(scope, school: id), school: id)
        page.riskProfile = try RiskProfileRoutes.schoolSection(context, school: id)
        page.practices = try PracticeRoutes.schoolSection(context, school: id)
        page.pupilsAtRisk = try PupilsAtRiskRoutes.schoolSection(context, school: id)
        page.workspace = try StaffRoutes.schoolSection(context, school: id)
        page.visits = try VisitController.schoolSection(context, school: id)
        page.watch = try HomeRoutes.schoolWatchButton(context, scope, school: id)
        return Responses.html(Templates.schoolCard(page))
    }

    // MARK: Pages

    static func newSchoolForm(_ context: RequestContext, _ scope: Scope, draft: SchoolDraft, errors: FormErrors = FormErrors()) throws -> HTTPResponse {
        let municipalities = try context.services.schools.manageableMunicipalities(scope)
        let page = SchoolFormPage(chrome: context.chrome(title: "Новая школа", current: SchoolRoute.list.path), heading: "Новая школа",
                                  action: SchoolRoute.create.path, cancelHref: SchoolRoute.list.path, submitLabel: "Создать школу",
                                  draft: draft, municipalities: municipalities, errors: errors)
        return Responses.html(Templates.schoolForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func editForm(_ context: RequestContext, school: School, draft: SchoolDraft, errors: FormErrors = FormErrors()) -> HTTPResponse {
        let id = school.id ?? 0
        let page = SchoolFormPage(chrome: context.chrome(title: "Изменить карточку школы"), heading: "Карточка школы «\(school.shortName)»",
                                  action: SchoolRoute.update(id).path, cancelHref: SchoolRoute.card(id).path, submitLabel: "Сохранить",
                                  draft: draft, municipalities: nil, errors: errors)
        return Responses.html(Templates.schoolForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func statusPage(_ context: RequestContext, school: School, input: StatusChangeInput, errors: FormErrors = FormErrors()) -> HTTPResponse {
        let page = StatusFormPage(chrome: context.chrome(title: "Статус школы"), school: school, input: input, errors: errors)
        return Responses.html(Templates.schoolStatusForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
