import Core
import Foundation
import HTTPServer

/// The municipal events registry: a calendar-like list by month with filters and exports, the event's page, its
/// form, archive, materials (links and files).
enum EventRoutes {
    static let routes: [Route] = [
        Route(.get, "/events") { context in try listPage(context) },
    ] + ListExport.routes("/events") { context in
        let (header, rows) = try table(context)
        return ListExport(title: "Мероприятия", asciiName: "events", header: header, rows: rows, widths: [12, 11, 20, 60, 20, 40, 30], dates: [0])
    } + [
        Route(.get, "/events/new") { context in
            let scope = try context.scope
            let municipalityId = try municipalityForNew(context, scope, requested: context.query["municipality"])
            return try formPage(context, municipalityId: municipalityId, eventId: nil, input: EventInput(), errors: [])
        },
        Route(.post, "/events") { context in
            let scope = try context.scope
            let municipalityId = try municipalityForNew(context, scope, requested: context.form["municipality"])
            let input = input(context.form)
            do {
                let id = try MunicipalEvents(database: context.services.database).create(scope, municipalityId: municipalityId, input)
                return Responses.redirect(Notice.redirect(Paths.event(id), .created))
            } catch DomainError.invalid(let errors) {
                return try formPage(context, municipalityId: municipalityId, eventId: nil, input: input, errors: errors)
            }
        },
        Route(.get, "/events/{id}") { context in try eventPage(context, id: try context.id("id"), errors: []) },
        Route(.get, "/events/{id}/edit") { context in
            let id = try context.id("id")
            let detail = try MunicipalEvents(database: context.services.database).event(try context.scope, id: id)
            return try formPage(context, municipalityId: detail.summary.municipalityId, eventId: id, input: detail.input, errors: [])
        },
        Route(.post, "/events/{id}/edit") { context in
            let scope = try context.scope, id = try context.id("id")
            let events = MunicipalEvents(database: context.services.database)
            let detail = try events.event(scope, id: id)
            try Policy.requireManageWorkspace(scope, municipalityId: detail.summary.municipalityId)
            let input = input(context.form)
            do {
                try events.update(scope, id: id, input)
                return Responses.redirect(Notice.redirect(Paths.event(id), .saved))
            } catch DomainError.invalid(let errors) {
                return try formPage(context, municipalityId: detail.summary.municipalityId, eventId: id, input: input, errors: errors)
            }
        },
        Route(.get, "/events/{id}/archive") { context in
            let scope = try context.scope, id = try context.id("id")
            let detail = try MunicipalEvents(database: context.services.database).event(scope, id: id)
            try Policy.requireManageWorkspace(scope, municipalityId: detail.summary.municipalityId)
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Перенести мероприятие в архив"),
                heading: "Перенести в архив «\(detail.summary.title)»?",
                explanation: "Мероприятие исчезнет из списка и карточек школ; запись и материалы сохранятся в журнале изменений.",
                action: Paths.archiveEvent(id), confirmLabel: "Перенести в архив", cancelHref: Paths.event(id))))
        },
        Route(.post, "/events/{id}/archive") { context in
            try MunicipalEvents(database: context.services.database).archive(try context.scope, id: try context.id("id"))
            return Responses.redirect(Notice.redirect(Paths.events, .archived))
        },
        Route(.post, "/events/{id}/materials", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope, id = try context.id("id")
            let events = MunicipalEvents(database: context.services.database)
            let detail = try events.event(scope, id: id)
            try Policy.requireManageWorkspace(scope, municipalityId: detail.summary.municipalityId)
            let title = context.form["materialTitle"] ?? ""
            do {
                if let file = context.files.first(where: { $0.name == "file" && !($0.fileName ?? "").isEmpty }) {
                    try events.addFile(scope, eventId: id, title: title, fileName: file.fileName ?? "", bytes: file.body)
                } else {
                    try events.addLink(scope, eventId: id, title: title, url: context.form["url"] ?? "")
                }
            } catch DomainError.invalid(let errors) {
                return try eventPage(context, id: id, errors: errors, status: DocumentRoutes.tooLarge(context) ? .contentTooLarge : .unprocessableContent)
            }
            return Responses.redirect(Notice.redirect(Paths.event(id), .saved) + "#materials")
        },
        Route(.get, "/event-materials/{id}/download") { context in
            DocumentRoutes.download(try MunicipalEvents(database: context.services.database)
                .download(try context.scope, materialId: try context.id("id")))
        },
    ]

    static func input(_ form: FormData) -> EventInput {
        EventInput(format: form["format"] ?? "", title: form["title"] ?? "", heldOn: form["heldOn"] ?? "",
                   hostSchoolId: form["hostSchool"].flatMap { Int64($0) }, organisers: form["organisers"] ?? "",
                   participantIds: form.values("participant").compactMap { Int64($0) }, goal: form["goal"] ?? "",
                   tasks: form["tasks"] ?? "", expectedResults: form["expectedResults"] ?? "", keyIdeas: form["keyIdeas"] ?? "",
                   outcomes: form["outcomes"] ?? "", groups: form["groups"] ?? "")
    }

    /// The municipality a new record belongs to: the coordinator's own; for the region the one asked for (or the first).
    static func municipalityForNew(_ context: RequestContext, _ scope: Scope, requested: String?) throws -> Int64 {
        if let id = Policy.ownMunicipality(scope) { return id }
        if let id = requested.flatMap({ Int64($0) }) { return id }
        guard let first = try context.services.schools.municipalities(scope).first?.id else { throw DomainError.notFound }
        return first
    }

    struct Filter {
        var municipalityId: Int64?
        var year: Int?
        var format: EventFormat?
        var schoolId: Int64?
        var query: [(String, String?)] {
            [("municipality", municipalityId.map(String.init)), ("year", year.map(String.init)), ("format", format?.rawValue),
             ("school", schoolId.map(String.init))]
        }
    }

    static func filter(_ context: RequestContext, _ scope: Scope) -> Filter {
        let q = context.query
        return Filter(municipalityId: WorkspaceFormat.municipality(scope, requested: q["municipality"].flatMap { Int64($0) }),
                      year: q["year"].flatMap { SchoolYear(parsing: $0)?.start }, format: q["format"].flatMap(EventFormat.init(rawValue:)),
                      schoolId: q["school"].flatMap { Int64($0) })
    }

    static func events(_ context: RequestContext, _ scope: Scope, _ f: Filter) throws -> [EventSummary] {
        try MunicipalEvents(database: context.services.database).list(
            scope, municipalityId: f.municipalityId, filter: EventFilter(years: f.year.map { $0...$0 }, format: f.format, schoolId: f.schoolId))
    }

    static func table(_ context: RequestContext) throws -> ([String], [[String]]) {
        let scope = try context.scope
        let list = try events(context, scope, filter(context, scope))
        let header = ["Дата", "Учебный год", "Форма", "Тема", "На базе", "Школы-участники", "Муниципалитет"]
        return (header, list.map { e in
            [RussianDate.day(iso: e.heldOn), e.year.title, e.format.title, e.title, e.hostSchool?.shortName ?? "",
             WorkspaceFormat.schoolNames(e.participants), e.municipalityName]
        })
    }

    static func listPage(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let f = filter(context, scope)
        let list = try events(context, scope, f)
        let isRegion = Policy.mayReadRegion(scope)
        var months: [EventListPage.Month] = []
        for e in list {
            let title = WorkspaceFormat.monthTitle(e.heldOn)
            let row = EventListPage.Row(href: Paths.event(e.id), date: RussianDate.day(iso: e.heldOn), formatTitle: e.format.title,
                                        title: e.title, host: e.hostSchool?.shortName ?? "",
                                        participants: WorkspaceFormat.schoolNames(e.participants),
                                        municipalityName: isRegion && f.municipalityId == nil ? e.municipalityName : nil)
            if months.last?.title == title { months[months.count - 1].rows.append(row) } else { months.append(.init(title: title, rows: [row])) }
        }
        let schools = try f.municipalityId.map { try MunicipalEvents(database: context.services.database).filterSchools(scope, municipalityId: $0) } ?? []
        let manageIn = f.municipalityId ?? (isRegion ? nil : scope.municipalityId)
        let canCreate = manageIn.map { m in Policy.mayManageWorkspace(scope, municipalityId: m) } ?? false
        let page = EventListPage(
            chrome: context.chrome(title: "Городские мероприятия", current: Paths.events), action: Paths.events,
            municipalities: isRegion ? WorkspaceFormat.municipalityOptions(try context.services.schools.municipalities(scope), selected: f.municipalityId) : nil,
            years: WorkspaceFormat.yearOptions(selected: f.year, now: context.services.database.now, allTitle: "Все годы"),
            formats: [SelectOption(value: "", title: "Все формы", isSelected: f.format == nil)]
                + EventFormat.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == f.format) },
            schools: WorkspaceFormat.schoolOptions(schools, selected: f.schoolId, placeholder: "Все школы"),
            months: months, count: list.count,
            newHref: canCreate ? Paths.newEvent(municipality: isRegion ? manageIn : nil) : nil,
            csvHref: Paths.eventsExportCSV(query: f.query), xlsxHref: Paths.eventsExportXLSX(query: f.query))
        return Responses.html(Templates.eventList(page))
    }

    static func formPage(_ context: RequestContext, municipalityId: Int64, eventId: Int64?, input: EventInput, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let database = context.services.database
        let schools = try MunicipalEvents(database: database).schoolOptions(scope, municipalityId: municipalityId)
        let name = try Municipalities(database: database).name(scope, id: municipalityId)
        let heading = eventId == nil ? "Новое городское мероприятие" : "Изменить мероприятие"
        let page = EventFormPage(
            chrome: context.chrome(title: heading, current: Paths.events), heading: heading, municipalityName: name, municipalityId: municipalityId,
            action: eventId.map(Paths.editEvent) ?? Paths.events, cancelHref: eventId.map(Paths.event) ?? Paths.events,
            formats: [SelectOption(value: "", title: "Выберите форму", isSelected: EventFormat(rawValue: input.format) == nil)]
                + EventFormat.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == input.format) },
            input: input,
            hostSchools: WorkspaceFormat.schoolOptions(schools, selected: input.hostSchoolId, placeholder: "Не указана"),
            participants: WorkspaceFormat.checkboxes(schools, checked: input.participantIds, prefix: "participant"),
            errors: FormErrors(errors))
        return Responses.html(Templates.eventForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func eventPage(_ context: RequestContext, id: Int64, errors: [FieldError], status: HTTPStatus? = nil) throws -> HTTPResponse {
        let scope = try context.scope
        let d = try MunicipalEvents(database: context.services.database).event(scope, id: id)
        let e = d.summary
        let facts: [EventPage.Fact] = [
            .init(label: "Форма", value: e.format.title),
            .init(label: "Дата", value: RussianDate.day(iso: e.heldOn)),
            .init(label: "Учебный год", value: e.year.title),
            .init(label: "На базе", value: e.hostSchool?.name ?? "не указано"),
            .init(label: "Организаторы", value: d.organisers),
            .init(label: "Цель", value: d.goal),
            .init(label: "Задачи", value: d.tasks),
            .init(label: "Ожидаемые результаты", value: d.expectedResults),
            .init(label: "Ключевые идеи", value: d.keyIdeas),
            .init(label: "Итоги", value: d.outcomes),
        ].filter { !$0.value.isEmpty }
        let canManage = d.canManage && !e.isArchived
        var page = EventPage(
            chrome: context.chrome(title: e.title, current: Paths.events), title: e.title, formatTitle: e.format.title,
            municipalityName: e.municipalityName, isArchived: e.isArchived, facts: facts,
            participants: e.participants.map { LinkItem(title: $0.name, href: Paths.school($0.id)) },
            groups: e.groups.map(\.text),
            materials: d.materials.map { m in
                if let url = m.url { return .init(title: m.title, href: url, details: "ссылка") }
                return .init(title: m.title, href: Paths.eventMaterialDownload(m.id),
                             details: "\(m.fileName ?? "файл"), \(max(1, (m.size ?? 0) / 1024)) КБ")
            },
            editHref: canManage ? Paths.editEvent(id) : nil, archiveHref: canManage ? Paths.archiveEvent(id) : nil,
            listHref: Paths.events, materialAction: canManage ? Paths.eventMaterials(id) : nil,
            accept: DocumentRoutes.accept, limitTitle: "\(Limits.upload >> 20) МБ",
            materialTitle: errors.isEmpty ? "" : context.form["materialTitle"] ?? "", url: errors.isEmpty ? "" : context.form["url"] ?? "",
            errors: FormErrors(errors))
        page.practices = try Practices(database: context.services.database).presented(scope, eventId: id).map { LinkItem(title: $0.title, href: Paths.practice($0.id)) }
        return Responses.html(Templates.eventPage(page), status: status ?? .ok)
    }
}
