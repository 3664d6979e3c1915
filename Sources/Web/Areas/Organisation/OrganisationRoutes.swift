import Core
import Foundation
import HTTPServer

/// Municipalities, curators and their assignments, coordinators' appointments, partner groups.
enum OrganisationRoutes {
    static let routes: [Route] = municipalityRoutes + assignmentTableRoutes + curatorRoutes + partnershipRoutes

    // MARK: A municipality's assignments

    static let assignmentTableRoutes: [Route] = [
        Route(.get, "/municipalities/{id}/assignments") { context in
            let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
            return try assignmentTable(context, id: try context.id("id"), year: year, curatorId: nil, schoolId: nil,
                                       order: ("", ""), errors: [])
        },
        Route(.post, "/municipalities/{id}/assignments") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try Policy.requireManageMunicipality(scope, id)
            let year = context.form["year"].flatMap { SchoolYear(parsing: $0) }
            let curatorId = context.form["curatorId"].flatMap { Int64($0) }
            let schoolId = context.form["schoolId"].flatMap { Int64($0) }
            let order = (number: context.form["orderNumber"] ?? "", date: context.form["orderDate"] ?? "")
            do {
                guard let curatorId else {
                    var errors = [FieldError("curatorId", "Выберите куратора")]
                    if schoolId == nil { errors.append(FieldError("schoolId", "Выберите школу")) }
                    throw DomainError.invalid(errors)
                }
                try Assignments(database: context.services.database).assign(scope, curatorId: curatorId, schoolId: schoolId, year: year,
                                                                            orderNumber: order.number, orderDate: order.date)
                let target = year.map { Paths.municipalityAssignments(id, year: $0.start) } ?? Paths.municipalityAssignments(id)
                return Responses.redirect(Notice.redirect(target, .assigned))
            } catch DomainError.invalid(let errors) {
                return try assignmentTable(context, id: id, year: year, curatorId: curatorId, schoolId: schoolId, order: order, errors: errors)
            }
        },
    ]

    static func assignmentTable(_ context: RequestContext, id: Int64, year: SchoolYear?, curatorId: Int64?, schoolId: Int64?,
                                order: (number: String, date: String), errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let assignments = Assignments(database: context.services.database)
        let municipality = try Municipalities(database: context.services.database).detail(scope, id: id).municipality
        let year = try year ?? context.services.schools.defaultYear()
        let table = try assignments.municipalityTable(scope, municipalityId: id, year: year)
        let manages = Policy.mayManageMunicipality(scope, id)
        var form: AssignCuratorForm? = nil
        if manages {
            let curators = try assignments.curatorOptions(scope, municipalityId: id)
            let schools = try Partnerships(database: context.services.database).schoolOptions(scope, municipalityId: id)
            form = AssignCuratorForm(
                action: Paths.municipalityAssignments(id), csrf: context.csrfToken, year: "\(year.start)", yearTitle: year.title,
                curators: [SelectOption(value: "", title: "Выберите куратора", isSelected: curatorId == nil)]
                    + curators.map { SelectOption(value: "\($0.curatorId)", title: $0.fullName, isSelected: $0.curatorId == curatorId) },
                schools: OrganisationFormat.schoolOptions(schools, selected: schoolId, placeholder: "Выберите школу"),
                order: OrderFields(number: order.number, date: order.date, errors: FormErrors(errors)), errors: FormErrors(errors))
        }
        let covered = table.filter { !$0.curators.isEmpty }.count
        let page = AssignmentTablePage(
            chrome: context.chrome(title: "Закрепление кураторов"), municipalityName: municipality.name, municipalityHref: Paths.municipality(id),
            yearTitle: year.title, action: Paths.municipalityAssignments(id),
            years: OrganisationFormat.yearOptions(selected: year.start, now: context.services.database.now),
            rows: table.map { row in
                .init(href: Paths.school(row.school.id), shortName: row.school.shortName, name: row.school.name,
                      curators: row.curators.map {
                          .init(href: Paths.curator($0.curatorId), fullName: $0.fullName, position: $0.position,
                                order: OrganisationFormat.order(number: $0.orderNumber, date: $0.orderDate),
                                removeHref: manages ? Paths.unassignCurator($0.curatorId, school: row.school.id, year: year.start) : nil)
                      })
            },
            summary: "Школ с кураторами: \(covered) из \(table.count)", assign: form)
        return Responses.html(Templates.municipalityAssignments(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Municipalities

    static let municipalityRoutes: [Route] = [
        Route(.get, "/municipalities") { context in Responses.html(Templates.municipalityList(try municipalityListPage(context))) },
    ] + ListExport.routes("/municipalities") { try municipalityListPage($0).export } + [
        Route(.get, "/municipalities/new") { context in
            try Policy.requireRegionSettings(try context.scope)
            return municipalityForm(context, id: nil, name: "", shortName: "", errors: [])
        },
        Route(.post, "/municipalities/new") { context in
            let scope = try context.scope
            let input = MunicipalityInput(name: context.form["name"] ?? "", shortName: context.form["shortName"] ?? "")
            do {
                let m = try Municipalities(database: context.services.database).create(scope, input)
                return Responses.redirect(Notice.redirect(Paths.municipality(m.id!), .created))
            } catch DomainError.invalid(let errors) {
                return municipalityForm(context, id: nil, name: input.name, shortName: input.shortName, errors: errors)
            }
        },
        Route(.get, "/municipalities/{id}") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let d = try Municipalities(database: context.services.database).detail(scope, id: id)
            let region = Policy.mayEditRegionSettings(scope)
            let readsProgramme = Policy.mayReadMunicipalityProgramme(scope, municipalityId: id)
            let recordsOrders = Policy.mayRecordAppointment(scope)
            let archived = d.municipality.archivedAt != nil
            var page = MunicipalityPage(
                chrome: context.chrome(title: d.municipality.shortName), name: d.municipality.name, shortName: d.municipality.shortName,
                isArchived: archived, yearTitle: d.year.title, schoolCount: d.schoolCount, lowResultsCount: d.lowResultsCount,
                curatorCount: d.curatorCount,
                coordinators: d.coordinators.map {
                    .init(fullName: $0.fullName, position: $0.position, order: OrganisationFormat.order(number: $0.orderNumber, date: $0.orderDate),
                          appointmentHref: recordsOrders ? Paths.appointment(municipality: id, user: $0.userId) : nil)
                },
                curatorsHref: readsProgramme ? Paths.curators(municipality: id) : nil,
                assignmentsHref: readsProgramme ? Paths.municipalityAssignments(id) : nil,
                schoolsHref: SchoolRoute.list.path(query: [("municipality", "\(id)")]),
                partnershipsHref: readsProgramme ? Paths.partnerships(year: nil, municipality: id) : nil,
                resultsHref: readsProgramme ? Paths.municipalityResults(id) : nil,
                reportsHref: readsProgramme ? Paths.municipalityReports(id) : nil,
                reportPeriodsHref: readsProgramme ? Paths.reportPeriods(municipality: id) : nil,
                editHref: region ? Paths.editMunicipality(id) : nil,
                archiveHref: region && !archived ? Paths.archiveMunicipality(id) : nil,
                restoreAction: region && archived ? Paths.restoreMunicipality(id) : nil)
            if readsProgramme { page.planHref = Paths.municipalPlan(id, year: SchoolYear.containing(context.services.database.now).start) }
            page.publicLinks = PublicPageLinks.forMunicipality(scope, id, context.services.database)
            return Responses.html(Templates.municipalityPage(page))
        },
        Route(.get, "/municipalities/{id}/edit") { context in
            let m = try Municipalities(database: context.services.database).municipality(try context.scope, id: try context.id("id"))
            return municipalityForm(context, id: m.id, name: m.name, shortName: m.shortName, errors: [])
        },
        Route(.post, "/municipalities/{id}/edit") { context in
            let id = try context.id("id")
            let input = MunicipalityInput(name: context.form["name"] ?? "", shortName: context.form["shortName"] ?? "")
            do {
                try Municipalities(database: context.services.database).update(try context.scope, id: id, input)
                return Responses.redirect(Notice.redirect(Paths.municipality(id), .saved))
            } catch DomainError.invalid(let errors) {
                return municipalityForm(context, id: id, name: input.name, shortName: input.shortName, errors: errors)
            }
        },
        Route(.get, "/municipalities/{id}/archive") { context in
            let id = try context.id("id")
            let m = try Municipalities(database: context.services.database).municipality(try context.scope, id: id)
            let page = ConfirmPage(chrome: context.chrome(title: "Перенести в архив"), heading: "Перенести муниципалитет в архив?",
                                   explanation: "«\(m.name)» перестанет показываться как действующий. Школы, кураторы и история сохранятся; муниципалитет можно вернуть из архива.",
                                   action: Paths.archiveMunicipality(id), confirmLabel: "Перенести в архив", cancelHref: Paths.municipality(id))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/municipalities/{id}/archive") { context in
            let id = try context.id("id")
            try Municipalities(database: context.services.database).setArchived(try context.scope, id: id, true)
            return Responses.redirect(Notice.redirect(Paths.municipality(id), .archived))
        },
        Route(.post, "/municipalities/{id}/restore") { context in
            let id = try context.id("id")
            try Municipalities(database: context.services.database).setArchived(try context.scope, id: id, false)
            return Responses.redirect(Notice.redirect(Paths.municipality(id), .restored))
        },
        Route(.get, "/municipalities/{id}/coordinators/{user}") { context in
            let scope = try context.scope
            try Policy.requireRecordAppointment(scope)
            let id = try context.id("id"), userId = try context.id("user")
            let d = try Municipalities(database: context.services.database).detail(scope, id: id)
            guard let c = d.coordinators.first(where: { $0.userId == userId }) else { throw DomainError.notFound }
            return appointmentForm(context, municipality: d.municipality, coordinator: c, position: c.position,
                                   number: c.orderNumber ?? "", date: RussianDate.day(iso: c.orderDate), errors: [])
        },
        Route(.post, "/municipalities/{id}/coordinators/{user}") { context in
            let scope = try context.scope
            let id = try context.id("id"), userId = try context.id("user")
            let input = AppointmentInput(userId: userId, position: context.form["position"] ?? "",
                                         orderNumber: context.form["orderNumber"] ?? "", orderDate: context.form["orderDate"] ?? "")
            let service = Municipalities(database: context.services.database)
            do {
                try service.recordAppointment(scope, municipalityId: id, input)
                return Responses.redirect(Notice.redirect(Paths.municipality(id), .saved))
            } catch DomainError.invalid(let errors) {
                let d = try service.detail(scope, id: id)
                guard let c = d.coordinators.first(where: { $0.userId == userId }) else { throw DomainError.notFound }
                return appointmentForm(context, municipality: d.municipality, coordinator: c, position: input.position,
                                       number: input.orderNumber, date: input.orderDate, errors: errors)
            }
        },
    ]

    static func municipalityForm(_ context: RequestContext, id: Int64?, name: String, shortName: String, errors: [FieldError]) -> HTTPResponse {
        let heading = id == nil ? "Новый муниципалитет" : "Изменить муниципалитет"
        let page = MunicipalityFormPage(chrome: context.chrome(title: heading), heading: heading,
                                        action: id.map(Paths.editMunicipality) ?? Paths.newMunicipality,
                                        cancelHref: id.map(Paths.municipality) ?? Paths.municipalities,
                                        name: name, shortName: shortName, errors: FormErrors(errors))
        return Responses.html(Templates.municipalityForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func appointmentForm(_ context: RequestContext, municipality: Municipality, coordinator: CoordinatorItem,
                                position: String, number: String, date: String, errors: [FieldError]) -> HTTPResponse {
        let id = municipality.id!
        let page = AppointmentFormPage(chrome: context.chrome(title: "Назначение координатора"), municipalityName: municipality.name,
                                       coordinatorName: coordinator.fullName, action: Paths.appointment(municipality: id, user: coordinator.userId),
                                       cancelHref: Paths.municipality(id), position: position,
                                       order: OrderFields(number: number, date: date, errors: FormErrors(errors)), errors: FormErrors(errors))
        return Responses.html(Templates.municipalityAppointment(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Curators

    static let curatorRoutes: [Route] = [
        Route(.get, "/curators") { context in Responses.html(Templates.curatorList(try curatorListPage(context))) },
    ] + ListExport.routes("/curators") { try curatorListPage($0).export } + [
        Route(.get, "/curators/{id}") { context in
            try curatorPage(context, id: try context.id("id"), schoolId: nil, year: nil, order: ("", ""), errors: [])
        },
        Route(.post, "/curators/{id}/assignments") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let schoolId = context.form["schoolId"].flatMap { Int64($0) }
            let year = context.form["year"].flatMap { SchoolYear(parsing: $0) }
            let order = (number: context.form["orderNumber"] ?? "", date: context.form["orderDate"] ?? "")
            do {
                try Assignments(database: context.services.database).assign(scope, curatorId: id, schoolId: schoolId, year: year,
                                                                            orderNumber: order.number, orderDate: order.date)
                return Responses.redirect(Notice.redirect(Paths.curator(id), .assigned))
            } catch DomainError.invalid(let errors) {
                return try curatorPage(context, id: id, schoolId: schoolId, year: year?.start, order: order, errors: errors)
            }
        },
        Route(.get, "/curators/{id}/schools/{school}/{year}/remove") { context in
            let id = try context.id("id"), schoolId = try context.id("school")
            guard let year = context.parameters["year"].flatMap({ SchoolYear(parsing: $0) }) else { throw DomainError.notFound }
            let (curator, school) = try Assignments(database: context.services.database).assignment(try context.scope, curatorId: id, schoolId: schoolId, year: year)
            let page = ConfirmPage(chrome: context.chrome(title: "Снять закрепление"), heading: "Снять закрепление?",
                                   explanation: "Куратор \(curator.fullName) больше не будет закреплён за школой «\(school.shortName)» в \(year.title) учебном году и потеряет доступ к ней, если не закреплён за ней в другие годы.",
                                   action: Paths.unassignCurator(id, school: schoolId, year: year.start), confirmLabel: "Снять закрепление",
                                   cancelHref: Paths.curator(id))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/curators/{id}/schools/{school}/{year}/remove") { context in
            let id = try context.id("id"), schoolId = try context.id("school")
            guard let year = context.parameters["year"].flatMap({ SchoolYear(parsing: $0) }) else { throw DomainError.notFound }
            try Assignments(database: context.services.database).remove(try context.scope, curatorId: id, schoolId: schoolId, year: year)
            return Responses.redirect(Notice.redirect(Paths.curator(id), .unassigned))
        },
        Route(.get, "/curators/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let detail = try Curators(database: context.services.database).detail(scope, id: id)
            return try curatorForm(context, detail: detail, workplace: detail.workplace, schoolId: detail.workplaceSchoolId,
                                   position: detail.position, errors: [])
        },
        Route(.post, "/curators/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let input = CuratorProfileInput(workplace: context.form["workplace"] ?? "",
                                            workplaceSchoolId: context.form["workplaceSchoolId"].flatMap { Int64($0) },
                                            position: context.form["position"] ?? "")
            let service = Curators(database: context.services.database)
            do {
                try service.updateProfile(scope, curatorId: id, input)
                return Responses.redirect(Notice.redirect(Paths.curator(id), .saved))
            } catch DomainError.invalid(let errors) {
                return try curatorForm(context, detail: try service.detail(scope, id: id), workplace: input.workplace,
                                       schoolId: input.workplaceSchoolId, position: input.position, errors: errors)
            }
        },
    ]

    static func earlierText(_ item: CuratorListItem) -> String? {
        guard let year = item.earlierYear else { return nil }
        return "в \(year.title): " + item.earlierSchools.joined(separator: ", ")
    }

    static func curatorPage(_ context: RequestContext, id: Int64, schoolId: Int64?, year: Int?, order: (number: String, date: String),
                            errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let curators = Curators(database: context.services.database)
        let d = try curators.detail(scope, id: id)
        var facts = [CuratorPage.Fact(label: "Муниципалитет", value: d.municipality.name),
                     CuratorPage.Fact(label: "Логин", value: d.curator.login)]
        var workplace = d.workplace
        if let school = d.workplaceSchoolName, !workplace.contains(school) { workplace = workplace.isEmpty ? school : "\(school); \(workplace)" }
        facts.append(.init(label: "Место работы", value: workplace.isEmpty ? "не указано" : workplace))
        facts.append(.init(label: "Должность", value: d.position.isEmpty ? "не указана" : d.position))
        if !d.curator.isActive { facts.append(.init(label: "Учётная запись", value: "отключена")) }
        var assign: AssignForm? = nil
        if d.canManage {
            let defaultYear = try context.services.schools.defaultYear()
            assign = AssignForm(action: Paths.assignCurator(id), csrf: context.csrfToken,
                                schools: OrganisationFormat.schoolOptions(try curators.schoolOptions(scope, curatorId: id), selected: schoolId,
                                                                          placeholder: "Выберите школу"),
                                years: OrganisationFormat.yearOptions(selected: year ?? defaultYear.start, now: context.services.database.now),
                                order: OrderFields(number: order.number, date: order.date, errors: FormErrors(errors)),
                                errors: FormErrors(errors))
        }
        var page = CuratorPage(
            chrome: context.chrome(title: d.curator.fullName), fullName: d.curator.fullName, facts: facts,
            years: d.schoolsByYear.map { entry in
                .init(title: entry.year.title, schools: entry.schools.map {
                    .init(href: Paths.school($0.schoolId), shortName: $0.shortName, name: $0.name,
                          order: OrganisationFormat.order(number: $0.orderNumber, date: $0.orderDate),
                          removeHref: d.canManage ? Paths.unassignCurator(id, school: $0.schoolId, year: entry.year.start) : nil)
                })
            },
            editHref: d.canManage ? Paths.editCurator(id) : nil, assign: assign)
        page.review = ReviewItemsView(try ReviewQueue(database: context.services.database).items(scope, curatorId: id),
                                      emptyText: "Ничего не ждёт проверки куратора.")
        return Responses.html(Templates.curatorPage(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func curatorForm(_ context: RequestContext, detail: CuratorDetail, workplace: String, schoolId: Int64?,
                            position: String, errors: [FieldError]) throws -> HTTPResponse {
        let id = detail.curator.id!
        let schools = try Curators(database: context.services.database).schoolOptions(try context.scope, curatorId: id)
        let page = CuratorFormPage(chrome: context.chrome(title: "Место работы куратора"), fullName: detail.curator.fullName,
                                   action: Paths.editCurator(id), cancelHref: Paths.curator(id), workplace: workplace, position: position,
                                   schools: OrganisationFormat.schoolOptions(schools, selected: schoolId, placeholder: "Не в школе муниципалитета"),
                                   errors: FormErrors(errors))
        return Responses.html(Templates.curatorForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Partner groups

    static let partnershipRoutes: [Route] = [
        Route(.get, "/partnerships") { context in Responses.html(Templates.partnershipList(try partnershipListPage(context))) },
    ] + ListExport.routes("/partnerships") { try partnershipListPage($0).export } + [
        Route(.get, "/partnerships/new") { context in
            let scope = try context.scope
            guard Policy.mayRunMunicipalProgramme(scope) else { throw DomainError.forbidden }
            let municipalityId = Policy.municipalityInFocus(scope, asked: context.query["municipality"].flatMap { Int64($0) })
            guard let municipalityId else {
                let list = try Municipalities(database: context.services.database).list(scope, includeArchived: false)
                let page = ChooseMunicipalityPage(chrome: context.chrome(title: "Новая группа партнёров"), action: Paths.newPartnership,
                                                  municipalities: list.items.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: false) })
                return Responses.html(Templates.partnershipChoose(page))
            }
            let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
            return try partnershipForm(context, id: nil, municipalityId: municipalityId,
                                       input: PartnershipInput(lowResultsSchoolId: nil, partnerSchoolIds: [], year: year, forms: ""), errors: [])
        },
        Route(.post, "/partnerships/new") { context in
            let scope = try context.scope
            let input = partnershipInput(context.form)
            do {
                let id = try Partnerships(database: context.services.database).create(scope, input)
                let item = try Partnerships(database: context.services.database).partnership(scope, id: id)
                return Responses.redirect(Notice.redirect(Paths.partnerships(year: item.year.start, municipality: Policy.isFixedToMunicipality(scope) ? nil : item.municipalityId), .created))
            } catch DomainError.invalid(let errors) {
                let municipalityId = Policy.municipalityInFocus(scope, asked: context.form["municipality"].flatMap { Int64($0) })
                guard let municipalityId else { throw DomainError.invalid(errors) }
                return try partnershipForm(context, id: nil, municipalityId: municipalityId, input: input, errors: errors)
            }
        },
        Route(.get, "/partnerships/{id}/edit") { context in
            let item = try Partnerships(database: context.services.database).partnership(try context.scope, id: try context.id("id"))
            return try partnershipForm(context, id: item.id, municipalityId: item.municipalityId,
                                       input: PartnershipInput(lowResultsSchoolId: item.lowResultsSchool.id, partnerSchoolIds: item.partners.map(\.id),
                                                               year: item.year, forms: item.forms), errors: [])
        },
        Route(.post, "/partnerships/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let service = Partnerships(database: context.services.database)
            let input = partnershipInput(context.form)
            do {
                try service.update(scope, id: id, input)
                let item = try service.partnership(scope, id: id)
                return Responses.redirect(Notice.redirect(Paths.partnerships(year: item.year.start, municipality: Policy.isFixedToMunicipality(scope) ? nil : item.municipalityId), .saved))
            } catch DomainError.invalid(let errors) {
                let item = try service.partnership(scope, id: id)
                return try partnershipForm(context, id: id, municipalityId: item.municipalityId, input: input, errors: errors)
            }
        },
        Route(.get, "/partnerships/{id}/delete") { context in
            let id = try context.id("id")
            let item = try Partnerships(database: context.services.database).partnership(try context.scope, id: id)
            let partners = item.partners.map(\.shortName).joined(separator: ", ")
            let page = ConfirmPage(chrome: context.chrome(title: "Удалить группу партнёров"), heading: "Удалить группу партнёров?",
                                   explanation: "Группа школы «\(item.lowResultsSchool.shortName)» (\(item.year.title)) с партнёрами: \(partners) будет удалена.",
                                   action: Paths.deletePartnership(id), confirmLabel: "Удалить группу",
                                   cancelHref: Paths.partnerships(year: item.year.start, municipality: nil))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/partnerships/{id}/delete") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try Partnerships(database: context.services.database).delete(scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.partnerships, .deleted))
        },
    ]

    static func partnershipInput(_ form: FormData) -> PartnershipInput {
        PartnershipInput(lowResultsSchoolId: form["lowResultsSchoolId"].flatMap { Int64($0) },
                         partnerSchoolIds: form.values("partner").compactMap { Int64($0) },
                         year: form["year"].flatMap { SchoolYear(parsing: $0) }, forms: form["forms"] ?? "",
                         confirmsKind: form["confirmKind"] == "1")
    }

    static func partnershipForm(_ context: RequestContext, id: Int64?, municipalityId: Int64, input: PartnershipInput,
                                errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let schools = try Partnerships(database: context.services.database).schoolOptions(scope, municipalityId: municipalityId)
        let municipality = try Municipalities(database: context.services.database).detail(scope, id: municipalityId).municipality
        let defaultYear = try context.services.schools.defaultYear()
        let heading = id == nil ? "Новая группа партнёров" : "Изменить группу партнёров"
        let page = PartnershipFormPage(
            chrome: context.chrome(title: heading), heading: heading,
            action: id.map(Paths.editPartnership) ?? Paths.newPartnership, cancelHref: Paths.partnerships,
            municipalityId: "\(municipalityId)", municipalityName: municipality.name,
            lowResultsSchools: OrganisationFormat.schoolOptions(schools, selected: input.lowResultsSchoolId, placeholder: "Выберите школу"),
            partners: schools.map { CheckOption(id: "partner-\($0.id)", value: "\($0.id)", title: $0.shortName,
                                                isChecked: input.partnerSchoolIds.contains($0.id)) },
            years: OrganisationFormat.yearOptions(selected: (input.year ?? defaultYear).start, now: context.services.database.now),
            forms: input.forms, errors: FormErrors(errors))
        return Responses.html(Templates.partnershipForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

extension OrganisationRoutes {
    static func municipalityListPage(_ context: RequestContext) throws -> MunicipalityListPage {
        let scope = try context.scope
        let list = try Municipalities(database: context.services.database).list(scope)
        let page = MunicipalityListPage(
            chrome: context.chrome(title: "Муниципалитеты", current: Paths.municipalities), yearTitle: list.year.title,
            rows: list.items.map {
                .init(href: Paths.municipality($0.id), name: $0.name, shortName: $0.shortName, isArchived: $0.isArchived,
                      schoolCount: $0.schoolCount, lowResultsCount: $0.lowResultsCount, curatorCount: $0.curatorCount)
            },
            newHref: Policy.mayEditRegionSettings(scope) ? Paths.newMunicipality : nil,
            exports: ExportLinks(Paths.municipalities, query: context.query))
        return page
    }
}

extension OrganisationRoutes {
    static func curatorListPage(_ context: RequestContext) throws -> CuratorListPage {
        let scope = try context.scope
        let filter = Policy.isFixedToMunicipality(scope) ? nil : context.query["municipality"].flatMap { Int64($0) }
        let list = try Curators(database: context.services.database).list(scope, municipalityId: filter)
        let region = Policy.mayReadRegion(scope)
        let municipalities = region ? try Municipalities(database: context.services.database).list(scope).items : []
        let page = CuratorListPage(
            chrome: context.chrome(title: "Кураторы", current: Paths.curators), yearTitle: list.year.title, showMunicipality: region,
            municipalityFilter: [SelectOption(value: "", title: "Все", isSelected: filter == nil)]
                + municipalities.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == filter) },
            action: Paths.curators,
            rows: list.items.map {
                .init(href: Paths.curator($0.id), fullName: $0.fullName, municipalityName: $0.municipalityName, workplace: $0.workplace,
                      position: $0.position, schools: $0.schools.joined(separator: ", "),
                      earlier: earlierText($0), isActive: $0.isActive)
            },
            countText: RussianPlural.count(list.items.count, "куратор", "куратора", "кураторов"),
            exports: ExportLinks(Paths.curators, query: context.query))
        return page
    }
}

extension OrganisationRoutes {
    static func partnershipListPage(_ context: RequestContext) throws -> PartnershipListPage {
        let scope = try context.scope
        let filter = Policy.isFixedToMunicipality(scope) ? nil : context.query["municipality"].flatMap { Int64($0) }
        let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
        let list = try Partnerships(database: context.services.database).list(scope, municipalityId: filter, year: year)
        let region = Policy.mayReadRegion(scope)
        let municipalities = region ? try Municipalities(database: context.services.database).list(scope).items : []
        let target = Policy.municipalityInFocus(scope, asked: filter)
        let canCreate = Policy.mayRunMunicipalProgramme(scope)
        let page = PartnershipListPage(
            chrome: context.chrome(title: "Группы партнёров", current: Paths.partnerships), yearTitle: list.year.title,
            action: Paths.partnerships, years: OrganisationFormat.yearOptions(selected: list.year.start, now: context.services.database.now),
            municipalityFilter: [SelectOption(value: "", title: "Все", isSelected: filter == nil)]
                + municipalities.map { SelectOption(value: "\($0.id)", title: $0.name, isSelected: $0.id == filter) },
            showMunicipality: region,
            rows: list.items.map { item in
                let manages = Policy.mayManageMunicipality(scope, item.municipalityId)
                return .init(lowResultsSchool: item.lowResultsSchool.shortName, lowResultsHref: Paths.school(item.lowResultsSchool.id),
                             municipalityName: item.municipalityName,
                             partners: item.partners.map { .init(href: Paths.school($0.id), shortName: $0.shortName) },
                             forms: item.forms, editHref: manages ? Paths.editPartnership(item.id) : nil,
                             deleteHref: manages ? Paths.deletePartnership(item.id) : nil)
            },
            newHref: canCreate ? (target.map(Paths.newPartnership(municipality:)) ?? Paths.newPartnership) : nil,
            exports: ExportLinks(Paths.partnerships, query: context.query))
        return page
    }
}
