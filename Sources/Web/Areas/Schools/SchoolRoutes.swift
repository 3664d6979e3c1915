import Core
import HTTPServer
import Templating

enum SchoolRoutes {
    static let routes: [Route] = [
        Route(.get, "/schools") { context in
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
            let page = SchoolListPage(chrome: context.chrome(title: "Школы", current: Paths.schools),
                                      filters: filters,
                                      table: SchoolTable(list, showMunicipality: municipalities.count > 1),
                                      newSchoolHref: Policy.canCreateSchools(scope)
                                        ? Paths.newSchool(municipality: Policy.isFixedToMunicipality(scope) ? nil : query.filter.municipalityId) : nil)
            var out = HTMLWriter(capacity: page.table.renderCapacity)
            Templates.schoolList(page, into: &out)
            return Responses.html(out.bytes, status: errors.isEmpty ? .ok : .unprocessableContent)
        },
    ] + ListExport.routes("/schools") { context in
        let query = SchoolListQuery(context.query)
        return SchoolExport.list(try context.services.schools.export(try context.scope, filter: query.filter))
    } + [
        Route(.get, "/schools/new") { context in
            let scope = try context.scope
            guard Policy.canCreateSchools(scope) else { throw DomainError.forbidden }
            var draft = SchoolDraft()
            draft.municipalityId = Policy.municipalityInFocus(scope, asked: context.query["municipality"].flatMap { Int64($0) })
            return try newSchoolForm(context, scope, draft: draft)
        },
        Route(.post, "/schools/new") { context in
            let scope = try context.scope
            guard Policy.canCreateSchools(scope) else { throw DomainError.forbidden }
            var draft = SchoolFormPage.draft(from: context.form)
            if draft.municipalityId == nil { draft.municipalityId = Policy.coordinatedMunicipality(scope) }
            do {
                let id = try context.services.schoolEditor.create(scope, draft)
                return Responses.redirect(Notice.redirect(Paths.school(id), .created))
            } catch DomainError.invalid(let errors) {
                return try newSchoolForm(context, scope, draft: draft, errors: FormErrors(errors))
            }
        },
        Route(.get, "/schools/{id}/edit") { context in
            let scope = try context.scope
            let school = try context.services.schoolEditor.editable(scope, id: try context.id("id"))
            return editForm(context, school: school, draft: SchoolDraft(school))
        },
        Route(.post, "/schools/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let school = try context.services.schoolEditor.editable(scope, id: id)
            var draft = SchoolFormPage.draft(from: context.form)
            draft.municipalityId = school.municipalityId
            do {
                try context.services.schoolEditor.update(scope, id: id, draft)
                return Responses.redirect(Notice.redirect(Paths.school(id), .saved))
            } catch DomainError.invalid(let errors) {
                return editForm(context, school: school, draft: draft, errors: FormErrors(errors))
            }
        },
        Route(.get, "/schools/{id}/archive") { context in
            let school = try context.services.schoolEditor.editable(try context.scope, id: try context.id("id"))
            if school.archivedAt != nil { throw DomainError.conflict("Школа уже в архиве.") }
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Перенести в архив"), heading: "Перенести «\(school.shortName)» в архив?",
                explanation: "Школа пропадёт из списков (её можно будет найти с отметкой «показать архивные»). История статусов, кураторов и партнёрств сохранится; школу можно вернуть из архива.",
                action: Paths.archiveSchool(school.id!), confirmLabel: "Перенести в архив", cancelHref: Paths.school(school.id!))))
        },
        Route(.post, "/schools/{id}/archive") { context in
            let id = try context.id("id")
            try context.services.schoolEditor.archive(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.school(id), .archived))
        },
        Route(.get, "/schools/{id}/restore") { context in
            let school = try context.services.schoolEditor.editable(try context.scope, id: try context.id("id"))
            if school.archivedAt == nil { throw DomainError.conflict("Школа не в архиве.") }
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Вернуть из архива"), heading: "Вернуть «\(school.shortName)» из архива?",
                explanation: "Школа снова появится в списках.",
                action: Paths.restoreSchool(school.id!), confirmLabel: "Вернуть из архива", cancelHref: Paths.school(school.id!))))
        },
        Route(.post, "/schools/{id}/restore") { context in
            let id = try context.id("id")
            try context.services.schoolEditor.restore(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.school(id), .restored))
        },
        Route(.get, "/schools/{id}/status") { context in
            let school = try context.services.schoolEditor.editable(try context.scope, id: try context.id("id"))
            let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }?.title ?? context.query["year"] ?? ""
            let input = StatusChangeInput(year: year, flag: context.query["flag"] ?? "",
                                          action: context.query["action"] ?? "set")
            return statusForm(context, school: school, input: input)
        },
        Route(.post, "/schools/{id}/status") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let school = try context.services.schoolEditor.editable(scope, id: id)
            let input = StatusFormPage.input(from: context.form)
            do {
                try context.services.schoolEditor.changeStatus(scope, school: id, input)
                return Responses.redirect(Notice.redirect(Paths.school(id), .statusChanged) + "#history")
            } catch DomainError.invalid(let errors) {
                return statusForm(context, school: school, input: input, errors: FormErrors(errors))
            }
        },
        Route(.get, "/schools/{id}") { context in
            let scope = try context.scope, id = try context.id("id")
            let details = try context.services.schools.details(scope, id: id)
            var page = SchoolPage(details, chrome: context.chrome(title: details.card.school.shortName))
            let roadmaps = Roadmaps(database: context.services.database)
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
        },
    ]

    static func newSchoolForm(_ context: RequestContext, _ scope: Scope, draft: SchoolDraft, errors: FormErrors = FormErrors()) throws -> HTTPResponse {
        let municipalities = try context.services.schools.manageableMunicipalities(scope)
        let page = SchoolFormPage(chrome: context.chrome(title: "Новая школа", current: Paths.schools), heading: "Новая школа",
                                  action: Paths.newSchool, cancelHref: Paths.schools, submitLabel: "Создать школу",
                                  draft: draft, municipalities: municipalities, errors: errors)
        return Responses.html(Templates.schoolForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func editForm(_ context: RequestContext, school: School, draft: SchoolDraft, errors: FormErrors = FormErrors()) -> HTTPResponse {
        let id = school.id ?? 0
        let page = SchoolFormPage(chrome: context.chrome(title: "Изменить карточку школы"), heading: "Карточка школы «\(school.shortName)»",
                                  action: Paths.editSchool(id), cancelHref: Paths.school(id), submitLabel: "Сохранить",
                                  draft: draft, municipalities: nil, errors: errors)
        return Responses.html(Templates.schoolForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func statusForm(_ context: RequestContext, school: School, input: StatusChangeInput, errors: FormErrors = FormErrors()) -> HTTPResponse {
        let page = StatusFormPage(chrome: context.chrome(title: "Статус школы"), school: school, input: input, errors: errors)
        return Responses.html(Templates.schoolStatusForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
