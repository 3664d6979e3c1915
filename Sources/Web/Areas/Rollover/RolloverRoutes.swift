import Core
import HTTPServer

/// «Новый учебный год»: the check-your-answers page and its apply.
enum RolloverRoutes {
    static let routes: [Route] = [
        Route(.get, "/municipalities/{id}/new-year") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let target = context.query["year"].flatMap { SchoolYear(parsing: $0) }
            let proposal = try YearRollover(database: context.services.database).proposal(scope, municipalityId: id, target: target)
            return Responses.html(Templates.yearRollover(RolloverViews.page(context, proposal)))
        },
        Route(.post, "/municipalities/{id}/new-year") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let service = YearRollover(database: context.services.database)
            let target = context.form["year"].flatMap { SchoolYear(parsing: $0) }
            let sections = Set(context.form.values("section").compactMap(RolloverSection.init(rawValue:)))
            let schools = Set(context.form.values("school").compactMap { Int64($0) })
            do {
                guard let target else { throw DomainError.invalid([FieldError("year", "Не указан учебный год")]) }
                let outcome = try service.apply(scope, municipalityId: id, target: target,
                                                selection: RolloverSelection(sections: sections, schoolIds: schools))
                return Responses.html(Templates.yearRolloverDone(RolloverViews.done(context, outcome)))
            } catch DomainError.invalid(let errors) {
                let proposal = try service.proposal(scope, municipalityId: id, target: target)
                return Responses.html(Templates.yearRollover(RolloverViews.page(context, proposal, sections: sections, schools: schools,
                                                                                errors: FormErrors(errors))),
                                      status: .unprocessableContent)
            }
        },
    ]
}
