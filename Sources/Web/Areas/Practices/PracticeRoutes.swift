import Core
import Foundation
import HTTPServer

/// The bank of practices: search and filters with exports, a practice's page with its workflow (propose, publish,
/// return with a comment) and materials (links and files), the form, and the school card's section.
enum PracticeRoutes {
    static let routes: [Route] = [
        Route(.get, "/practices") { context in
            try listPage(context)
        },
    ] + ListExport.routes("/practices") { try export($0) } + [
        Route(.get, "/practices/new") { context in
            let scope = try context.scope
            let chosen = context.query["school"].flatMap { Int64($0) }
            return try formPage(context, scope: scope, practiceId: nil, schoolId: chosen, draft: PracticeDraft(), errors: [])
        },
        Route(.post, "/practices") { context in
            let scope = try context.scope
            let draft = draft(context)
            let practices = Practices(database: context.services.database)
            let choices = try practices.schoolsForProposal(scope)
            guard !choices.isEmpty else { throw DomainError.forbidden }
            let schoolId = context.form["school"].flatMap { Int64($0) } ?? (choices.count == 1 ? choices[0].id : nil)
            guard let schoolId else {
                return try formPage(context, scope: scope, practiceId: nil, schoolId: nil, draft: draft,
                                    errors: [FieldError("school", "Выберите школу")])
            }
            do {
                let id = try practices.create(scope, schoolId: schoolId, draft: draft)
                return Responses.redirect(Notice.redirect(Paths.practice(id), .created))
            } catch DomainError.invalid(let errors) {
                return try formPage(context, scope: scope, practiceId: nil, schoolId: schoolId, draft: draft, errors: errors)
            }
        },
        Route(.get, "/practices/{id}") { context in
            try practicePage(context, id: try context.id("id"), errors: [])
        },
        Route(.get, "/practices/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let draft = try Practices(database: context.services.database).draft(scope, id: id)
            return try formPage(context, scope: scope, practiceId: id, schoolId: nil, draft: draft, errors: [])
        },
        Route(.post, "/practices/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let draft = draft(context)
            do {
                try Practices(database: context.services.database).update(scope, id: id, draft: draft)
            } catch DomainError.invalid(let errors) {
                return try formPage(context, scope: scope, practiceId: id, schoolId: nil, draft: draft, errors: errors)
            }
            return Responses.redirect(Notice.redirect(Paths.practice(id), .saved))
        },
        Route(.post, "/practices/{id}/propose") { context in
            let id = try context.id("id")
            try Practices(database: context.services.database).propose(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.practice(id), .practiceProposed))
        },
        Route(.post, "/practices/{id}/publish") { context in
            let id = try context.id("id")
            try Practices(database: context.services.database).publish(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.practice(id), .practicePublished))
        },
        Route(.post, "/practices/{id}/return") { context in
            let id = try context.id("id")
            do {
                try Practices(database: context.services.database).returnToSchool(try context.scope, id: id, comment: context.form["comment"] ?? "")
            } catch DomainError.invalid(let errors) {
                return try practicePage(context, id: id, errors: errors)
            }
            return Responses.redirect(Notice.redirect(Paths.practice(id), .practiceReturned))
        },
        Route(.post, "/practices/{id}/materials", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope
            let id = try context.id("id")
            let practices = Practices(database: context.services.database)
            // Access first: a refused user learns nothing about the form.
            guard try practices.detail(scope, id: id).canEdit else { throw DomainError.forbidden }
            let title = context.form["title"] ?? ""
            let url = (context.form["url"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                if let file = context.files.first(where: { $0.name == "file" && !($0.fileName ?? "").isEmpty }) {
                    try practices.addFile(scope, practiceId: id, title: title, fileName: file.fileName!, bytes: file.body)
                } else if !url.isEmpty {
                    try practices.addLink(scope, practiceId: id, title: title, url: url)
                } else {
                    throw DomainError.invalid([FieldError("url", "Введите адрес ссылки или выберите файл")])
                }
            } catch DomainError.invalid(let errors) {
                return try practicePage(context, id: id, errors: errors, status: DocumentRoutes.tooLarge(context) ? .contentTooLarge : nil)
            }
            return Responses.redirect(Notice.redirect(Paths.practice(id), .materialAdded))
        },
        Route(.get, "/practice-materials/{id}/download") { context in
            DocumentRoutes.download(try Practices(database: context.services.database).download(try context.scope, materialId: try context.id("id")))
        },
        Route(.get, "/practice-materials/{id}/remove") { context in
            let id = try context.id("id")
            let (practiceId, title) = try Practices(database: context.services.database).materialPractice(try context.scope, materialId: id)
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Убрать материал"), heading: "Убрать материал «\(title)»?",
                explanation: "Материал больше не будет показан у практики.",
                action: Paths.removePracticeMaterial(id), confirmLabel: "Убрать материал", cancelHref: Paths.practice(practiceId))))
        },
        Route(.post, "/practice-materials/{id}/remove") { context in
            let practiceId = try Practices(database: context.services.database).removeMaterial(try context.scope, materialId: try context.id("id"))
            return Responses.redirect(Notice.redirect(Paths.practice(practiceId), .deleted))
        },
    ]

    // MARK: Input

    static func draft(_ context: RequestContext) -> PracticeDraft {
        PracticeDraft(title: context.form["title"] ?? "", category: context.form["category"] ?? "", authors: context.form["authors"] ?? "",
                      authorsConsent: context.form["authorsConsent"] == "1", description: context.form["description"] ?? "",
                      eventId: context.form["event"].flatMap { Int64($0) }, tags: context.form["tags"] ?? "")
    }

    static func filter(_ context: RequestContext) -> PracticeFilter {
        let q = context.query
        return PracticeFilter(query: q["q"] ?? "", category: q["category"].flatMap(PracticeCategory.init(rawValue:)),
                              schoolId: q["school"].flatMap { Int64($0) }, municipalityId: q["municipality"].flatMap { Int64($0) },
                              tag: q["tag"].flatMap { $0.isEmpty ? nil : $0 }, status: q["status"].flatMap(PracticeStatus.init(rawValue:)))
    }

    static func filterItems(_ f: PracticeFilter) -> [(String, String?)] {
        [("q", f.query), ("category", f.category?.rawValue), ("school", f.schoolId.map(String.init)),
         ("municipality", f.municipalityId.map(String.init)), ("tag", f.tag), ("status", f.status?.rawValue)]
    }

    // MARK: Pages

    static func listPage(_ context: RequestContext) throws -> HTTPResponse {
        let scope = try context.scope
        let practices = Practices(database: context.services.database)
        let f = filter(context)
        let rows = try practices.list(scope, filter: f)
        let options = try practices.filterOptions(scope)
        let canPropose = try !practices.schoolsForProposal(scope).isEmpty
        let items = filterItems(f)
        let page = PracticeListPage(
            chrome: context.chrome(title: "Банк практик", current: Paths.practices), action: Paths.practices, query: f.query,
            categories: [SelectOption(value: "", title: "Все направления", isSelected: f.category == nil)]
                + PracticeCategory.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == f.category) },
            schools: [SelectOption(value: "", title: "Все школы", isSelected: f.schoolId == nil)]
                + options.schools.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == f.schoolId) },
            municipalities: [SelectOption(value: "", title: "Все муниципалитеты", isSelected: f.municipalityId == nil)]
                + options.municipalities.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == f.municipalityId) },
            showMunicipalityFilter: options.municipalities.count > 1 || f.municipalityId != nil,
            tags: [SelectOption(value: "", title: "Все теги", isSelected: f.tag == nil)]
                + options.tags.map { SelectOption(value: $0, title: $0, isSelected: $0 == f.tag.map { Practices.normaliseTags($0).first ?? "" }) },
            statuses: [SelectOption(value: "", title: "Все доступные", isSelected: f.status == nil)]
                + PracticeStatus.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0 == f.status) },
            countText: "Найдено: " + PracticeFormat.count(rows.count),
            rows: rows.map { p in
                .init(title: p.title, href: Paths.practice(p.id), categoryTitle: p.category.title, schoolName: p.schoolName,
                      municipalityName: p.municipalityName, tag: PracticeFormat.tag(p.status), tags: p.tags.joined(separator: ", "),
                      excerpt: PracticeFormat.excerpt(p.description))
            },
            csvHref: ExportLinks(Paths.practices, items: items).csv, xlsxHref: ExportLinks(Paths.practices, items: items).xlsx,
            newHref: canPropose ? Paths.newPractice : nil,
            isFiltered: f != PracticeFilter())
        return Responses.html(Templates.practiceList(page))
    }

    /// The list's rows under the same filter (the same `Practices.list` call as the page).
    static func export(_ context: RequestContext) throws -> ListExport {
        let rows = try Practices(database: context.services.database).list(try context.scope, filter: filter(context))
        let widths: [Double] = [50, 28, 18, 40, 28, 30, 30, 30, 14, 80]
        let header = ["Название", "Направление", "Статус", "Школа", "Муниципалитет", "Авторы", "Мероприятие", "Теги", "Опубликована", "Описание"]
        return ListExport(title: "Банк практик", asciiName: "practices",
                          columns: zip(header, widths).map { ExportColumn($0, width: $1) }, rows: rows.map { p in
            [p.title, p.category.title, p.status.title, p.schoolName, p.municipalityName, p.authors, p.eventTitle ?? "",
             p.tags.joined(separator: ", "), p.publishedAt.map(RussianDate.format) ?? "", p.description]
        })
    }

    static func practicePage(_ context: RequestContext, id: Int64, errors: [FieldError], status: HTTPStatus? = nil) throws -> HTTPResponse {
        let scope = try context.scope
        let d = try Practices(database: context.services.database).detail(scope, id: id)
        let p = d.summary
        let formErrors = FormErrors(errors)
        let page = PracticePage(
            chrome: context.chrome(title: p.title), title: p.title, categoryTitle: p.category.title, tag: PracticeFormat.tag(p.status),
            schoolName: p.schoolName, schoolHref: Paths.school(p.schoolId), municipalityName: p.municipalityName,
            authors: p.authors.isEmpty ? "не указаны" : p.authors,
            consentText: p.authorsConsent ? "Авторы согласны на публикацию имён" : "Имена авторов не публикуются на открытой странице",
            description: p.description,
            eventTitle: d.summary.eventTitle.map { title in d.eventDate.map { "\(title), \(RussianDate.day(iso: $0))" } ?? title },
            tags: p.tags.map { .init(title: $0, href: Paths.practices(query: [("tag", $0)])) },
            reviewComment: d.reviewComment.isEmpty ? nil : d.reviewComment,
            materials: d.materials.map { m in
                let isFile = m.fileId != nil
                let name = m.title.isEmpty ? (m.fileName ?? m.url ?? "") : m.title
                return .init(title: name, href: isFile ? Paths.practiceMaterialDownload(m.id) : (m.url ?? ""),
                             detail: isFile ? "файл \(m.fileName ?? ""), \(DocumentFormat.size(m.fileSize ?? 0))" : "ссылка",
                             removeHref: d.canEdit ? Paths.removePracticeMaterial(m.id) : nil)
            },
            editHref: d.canEdit ? Paths.editPractice(id) : nil,
            proposeAction: d.canPropose ? Paths.proposePractice(id) : nil,
            publishAction: d.canReview && p.status == .proposed ? Paths.publishPractice(id) : nil,
            returnAction: d.canReview ? Paths.returnPractice(id) : nil,
            returnComment: context.form["comment"] ?? "", commentError: formErrors.message("comment"),
            material: d.canEdit ? PracticeMaterialForm(
                action: Paths.practiceMaterials(id), csrf: context.csrfToken, linkTitle: context.form["title"] ?? "",
                url: context.form["url"] ?? "", urlError: formErrors.message("url"), fileError: formErrors.message("file"),
                accept: DocumentRoutes.accept, formats: AcceptedFileType.listTitle, limitTitle: "\(Documents.maximumFileSize >> 20) МБ") : nil,
            listHref: Paths.practices, errors: formErrors)
        return Responses.html(Templates.practicePage(page), status: status ?? (errors.isEmpty ? .ok : .unprocessableContent))
    }

    static func formPage(_ context: RequestContext, scope: Scope, practiceId: Int64?, schoolId requested: Int64?, draft: PracticeDraft,
                         errors: [FieldError]) throws -> HTTPResponse {
        let practices = Practices(database: context.services.database)
        let formErrors = FormErrors(errors)
        var schoolOptions: [SelectOption]? = nil
        var schoolName: String? = nil
        let eventSchool: Int64?
        if let practiceId {
            let d = try practices.detail(scope, id: practiceId)
            guard d.canEdit else { throw DomainError.forbidden }
            schoolName = d.summary.schoolName
            eventSchool = d.summary.schoolId
        } else {
            let choices = try practices.schoolsForProposal(scope)
            guard !choices.isEmpty else { throw DomainError.forbidden }
            if choices.count == 1 {
                schoolName = choices[0].name
                eventSchool = choices[0].id
            } else {
                let selected = requested.flatMap { r in choices.first { $0.id == r }?.id }
                schoolOptions = [SelectOption(value: "", title: "Выберите школу", isSelected: selected == nil)]
                    + choices.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == selected) }
                eventSchool = selected ?? choices.first?.id
            }
        }
        let events = try eventSchool.map { try practices.events(scope, schoolId: $0) } ?? []
        let page = PracticeFormPage(
            chrome: context.chrome(title: practiceId == nil ? "Новая практика" : "Изменить практику", current: Paths.practices),
            heading: practiceId == nil ? "Новая практика в банк практик" : "Изменить практику",
            action: practiceId.map(Paths.editPractice) ?? Paths.practices,
            cancelHref: practiceId.map(Paths.practice) ?? Paths.practices,
            submitLabel: practiceId == nil ? "Сохранить черновик" : "Сохранить",
            schools: schoolOptions, schoolName: schoolName, schoolError: formErrors.message("school"),
            title: draft.title, titleError: formErrors.message("title"),
            categories: [SelectOption(value: "", title: "Выберите направление", isSelected: PracticeCategory(rawValue: draft.category) == nil)]
                + PracticeCategory.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == draft.category) },
            categoryError: formErrors.message("category"),
            authors: draft.authors, authorsError: formErrors.message("authors"), consentChecked: draft.authorsConsent,
            description: draft.description, descriptionError: formErrors.message("description"),
            events: [SelectOption(value: "", title: "Не представлялась", isSelected: draft.eventId == nil)]
                + events.map { SelectOption(value: "\($0.id)", title: "\(RussianDate.day(iso: $0.heldOn)) — \($0.title)", isSelected: $0.id == draft.eventId) },
            eventError: formErrors.message("event"),
            tags: draft.tags, tagsError: formErrors.message("tags"), errors: formErrors)
        return Responses.html(Templates.practiceForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The school card's section: the practices of the school the scope may read.
    static func schoolSection(_ context: RequestContext, school schoolId: Int64) throws -> SchoolPracticesSection {
        let scope = try context.scope
        let practices = Practices(database: context.services.database)
        let rows = try practices.forSchool(scope, schoolId: schoolId)
        let canPropose = try practices.canPropose(scope, schoolId: schoolId)
        return SchoolPracticesSection(
            rows: rows.map { .init(title: $0.title, href: Paths.practice($0.id), categoryTitle: $0.category.title, tag: PracticeFormat.tag($0.status)) },
            listHref: Paths.schoolPractices(schoolId), newHref: canPropose ? Paths.newPractice(school: schoolId) : nil)
    }
}
