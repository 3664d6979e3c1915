import Core
import Foundation
import HTTPServer

/// Curators' visits to schools: the form (with an optional file), its edit, the file's download; the list is a
/// section of the school card.
enum VisitRoutes {
    static let routes: [Route] = [
        Route(.get, "/schools/{id}/visits/new") { context in
            let scope = try context.scope, schoolId = try context.id("id")
            guard try CuratorVisits(database: context.services.database).canRecord(scope, schoolId: schoolId) else { throw DomainError.forbidden }
            let input = VisitInput(curatorId: Policy.recordsVisitsForOthers(scope) ? nil : scope.userId)
            return try formPage(context, schoolId: schoolId, visit: nil, input: input, errors: [])
        },
        Route(.post, "/schools/{id}/visits", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope, schoolId = try context.id("id")
            let visits = CuratorVisits(database: context.services.database)
            guard try visits.canRecord(scope, schoolId: schoolId) else { throw DomainError.forbidden }
            let input = input(context.form)
            do {
                try visits.create(scope, schoolId: schoolId, input, file: file(context))
                return Responses.redirect(Notice.redirect(Paths.school(schoolId), .saved) + "#visits")
            } catch DomainError.invalid(let errors) {
                return try formPage(context, schoolId: schoolId, visit: nil, input: input, errors: errors)
            }
        },
        Route(.get, "/visits/{id}/edit") { context in
            let scope = try context.scope
            let visit = try CuratorVisits(database: context.services.database).visit(scope, id: try context.id("id"))
            guard visit.canEdit else { throw DomainError.forbidden }
            return try formPage(context, schoolId: visit.schoolId, visit: visit, input: visit.input, errors: [])
        },
        Route(.post, "/visits/{id}/edit", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope, id = try context.id("id")
            let visits = CuratorVisits(database: context.services.database)
            let visit = try visits.visit(scope, id: id)
            guard visit.canEdit else { throw DomainError.forbidden }
            let input = input(context.form)
            do {
                try visits.update(scope, id: id, input, file: file(context))
                return Responses.redirect(Notice.redirect(Paths.school(visit.schoolId), .saved) + "#visits")
            } catch DomainError.invalid(let errors) {
                return try formPage(context, schoolId: visit.schoolId, visit: visit, input: input, errors: errors)
            }
        },
        Route(.get, "/visits/{id}/download") { context in
            DocumentRoutes.download(try CuratorVisits(database: context.services.database).download(try context.scope, visitId: try context.id("id")))
        },
    ]

    static func input(_ form: FormData) -> VisitInput {
        VisitInput(visitedOn: form["visitedOn"] ?? "", purpose: form["purpose"] ?? "", curatorId: form["curatorId"].flatMap { Int64($0) },
                   participants: form["participants"] ?? "", notes: form["notes"] ?? "")
    }

    static func file(_ context: RequestContext) -> (name: String, bytes: [UInt8])? {
        context.files.first { $0.name == "file" && !($0.fileName ?? "").isEmpty }.map { ($0.fileName ?? "", $0.body) }
    }

    static func formPage(_ context: RequestContext, schoolId: Int64, visit: Visit?, input: VisitInput, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let visits = CuratorVisits(database: context.services.database)
        let school = try context.services.schools.details(scope, id: schoolId).card.school
        let heading = visit == nil ? "Записать выезд в школу" : "Изменить запись о выезде"
        var curators: [SelectOption]? = nil
        if Policy.recordsVisitsForOthers(scope) {
            curators = [SelectOption(value: "", title: "Без куратора (выезд специалистов)", isSelected: input.curatorId == nil)]
                + (try visits.curatorOptions(scope, schoolId: schoolId)).map {
                    SelectOption(value: "\($0.curatorId)", title: $0.fullName, isSelected: $0.curatorId == input.curatorId)
                }
        }
        let page = VisitFormPage(
            chrome: context.chrome(title: heading), heading: heading, schoolName: school.shortName,
            action: visit.map { Paths.editVisit($0.id) } ?? Paths.schoolVisits(schoolId), cancelHref: Paths.school(schoolId) + "#visits",
            input: input, curators: curators, currentFile: visit?.fileName, accept: DocumentRoutes.accept,
            limitTitle: "\(Limits.upload >> 20) МБ", errors: FormErrors(errors))
        let status: HTTPStatus = errors.isEmpty ? .ok : (DocumentRoutes.tooLarge(context) ? .contentTooLarge : .unprocessableContent)
        return Responses.html(Templates.visitForm(page), status: status)
    }

    static func schoolSection(_ context: RequestContext, school schoolId: Int64) throws -> SchoolVisitsSection {
        let scope = try context.scope
        let visits = CuratorVisits(database: context.services.database)
        return SchoolVisitsSection(try visits.forSchool(scope, schoolId: schoolId), canRecord: try visits.canRecord(scope, schoolId: schoolId),
                                   schoolId: schoolId)
    }
}
