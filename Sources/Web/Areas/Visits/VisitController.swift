import Core
import Foundation
import HTTPServer

/// Curators' visits to schools: the form (with an optional file), its edit, the file's download; the list is a
/// section of the school card.
enum VisitController {
    static let routes = VisitRoute.routes(handle)

    static func handle(_ route: VisitRoute, _ context: RequestContext) throws -> HTTPResponse {
        switch route {
        case .new(let school): try new(context, school: school)
        case .create(let school): try create(context, school: school)
        case .edit(let id): try edit(context, id: id)
        case .update(let id): try update(context, id: id)
        case .download(let id): DocumentRoutes.download(try context.services.visits.download(try context.scope, visitId: id))
        }
    }

    /// The visit form's fields.
    struct Form: Decodable {
        var visitedOn: String
        var purpose: String
        var curatorId: Int64?
        var participants: String
        var notes: String

        var input: VisitInput {
            VisitInput(visitedOn: visitedOn, purpose: purpose, curatorId: curatorId, participants: participants, notes: notes)
        }
    }

    static func new(_ context: RequestContext, school schoolId: Int64) throws -> HTTPResponse {
        let scope = try context.scope
        guard try context.services.visits.canRecord(scope, schoolId: schoolId) else { throw DomainError.forbidden }
        let input = VisitInput(curatorId: Policy.mayRecordVisitsForOthers(scope) ? nil : scope.userId)
        return try formPage(context, schoolId: schoolId, visit: nil, input: input, errors: [])
    }

    static func create(_ context: RequestContext, school schoolId: Int64) throws -> HTTPResponse {
        let scope = try context.scope
        guard try context.services.visits.canRecord(scope, schoolId: schoolId) else { throw DomainError.forbidden }
        let input = try context.form.decode(Form.self).input
        do {
            try context.services.visits.create(scope, schoolId: schoolId, input, file: file(context))
            return Responses.redirect(Notice.redirect(Paths.school(schoolId), .saved) + "#visits")
        } catch DomainError.invalid(let errors) {
            return try formPage(context, schoolId: schoolId, visit: nil, input: input, errors: errors)
        }
    }

    static func edit(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let visit = try context.services.visits.visit(try context.scope, id: id)
        guard visit.canEdit else { throw DomainError.forbidden }
        return try formPage(context, schoolId: visit.schoolId, visit: visit, input: visit.input, errors: [])
    }

    static func update(_ context: RequestContext, id: Int64) throws -> HTTPResponse {
        let scope = try context.scope
        let visit = try context.services.visits.visit(scope, id: id)
        guard visit.canEdit else { throw DomainError.forbidden }
        let input = try context.form.decode(Form.self).input
        do {
            try context.services.visits.update(scope, id: id, input, file: file(context))
            return Responses.redirect(Notice.redirect(Paths.school(visit.schoolId), .saved) + "#visits")
        } catch DomainError.invalid(let errors) {
            return try formPage(context, schoolId: visit.schoolId, visit: visit, input: input, errors: errors)
        }
    }

    static func file(_ context: RequestContext) -> (name: String, bytes: [UInt8])? {
        context.files.first { $0.name == "file" && !($0.fileName ?? "").isEmpty }.map { ($0.fileName ?? "", $0.body) }
    }

    static func formPage(_ context: RequestContext, schoolId: Int64, visit: Visit?, input: VisitInput, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let visits = context.services.visits
        let school = try context.services.schools.details(scope, id: schoolId).card.school
        let heading = visit == nil ? "Записать выезд в школу" : "Изменить запись о выезде"
        var curators: [SelectOption]? = nil
        if Policy.mayRecordVisitsForOthers(scope) {
            curators = [SelectOption(value: "", title: "Без куратора (выезд специалистов)", isSelected: input.curatorId == nil)]
                + (try visits.curatorOptions(scope, schoolId: schoolId)).map {
                    SelectOption(value: "\($0.curatorId)", title: $0.fullName, isSelected: $0.curatorId == input.curatorId)
                }
        }
        let page = VisitFormPage(
            chrome: context.chrome(title: heading), heading: heading, schoolName: school.shortName,
            action: (visit.map { VisitRoute.update($0.id) } ?? VisitRoute.create(school: schoolId)).path,
            cancelHref: Paths.school(schoolId) + "#visits",
            input: input, curators: curators, currentFile: visit?.fileName, accept: DocumentRoutes.accept,
            limitTitle: "\(Limits.upload >> 20) МБ", errors: FormErrors(errors))
        let status: HTTPStatus = errors.isEmpty ? .ok : (DocumentRoutes.tooLarge(context) ? .contentTooLarge : .unprocessableContent)
        return Responses.html(Templates.visitForm(page), status: status)
    }

    static func schoolSection(_ context: RequestContext, school schoolId: Int64) throws -> SchoolVisitsSection {
        let scope = try context.scope
        let visits = context.services.visits
        return SchoolVisitsSection(try visits.forSchool(scope, schoolId: schoolId), canRecord: try visits.canRecord(scope, schoolId: schoolId),
                                   schoolId: schoolId)
    }
}
