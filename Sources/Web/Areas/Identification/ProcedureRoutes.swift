import Core
import Foundation
import HTTPServer

/// The procedure catalogue: everyone signed in reads it; admin and the regional coordinator edit it.
enum ProcedureRoutes {
    static let routes: [Route] = [
        Route(.get, "/procedures") { context in Responses.html(Templates.procedureList(try procedureListPage(context))) },
    ] + ListExport.routes("/procedures") { try procedureListPage($0).export } + [
        Route(.get, "/procedures/new") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            return form(context, procedure: nil, fields: Fields(), scores: [])
        },
        Route(.post, "/procedures/new") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            let fields = Fields(context.form)
            do {
                _ = try Procedures(database: context.services.database).create(scope, try fields.input())
                return Responses.redirect(Notice.redirect(Paths.procedures, .created))
            } catch DomainError.invalid(let errors) {
                return form(context, procedure: nil, fields: fields, scores: [], errors: FormErrors(errors))
            }
        },
        Route(.get, "/procedures/{id}/edit") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            let service = Procedures(database: context.services.database)
            let p = try service.get(scope, id: try context.id("id"))
            return form(context, procedure: p, fields: Fields(p), scores: try service.minimumScores(scope, procedureId: p.id!))
        },
        Route(.post, "/procedures/{id}/edit") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            let service = Procedures(database: context.services.database)
            let p = try service.get(scope, id: try context.id("id"))
            let fields = Fields(context.form)
            do {
                _ = try service.update(scope, id: p.id!, try fields.input())
                return Responses.redirect(Notice.redirect(Paths.procedures, .saved))
            } catch DomainError.invalid(let errors) {
                return form(context, procedure: p, fields: fields, scores: try service.minimumScores(scope, procedureId: p.id!), errors: FormErrors(errors))
            }
        },
        Route(.post, "/procedures/{id}/minimum-score") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            let service = Procedures(database: context.services.database)
            let p = try service.get(scope, id: try context.id("id"))
            let yearText = context.form.trimmed("year") ?? ""
            let scoreText = context.form.trimmed("score") ?? ""
            var errors: [FieldError] = []
            let year = SchoolYear(parsing: yearText)
            if year == nil { errors.append(FieldError("year", "Укажите учебный год, например 2023/2024")) }
            let score = scoreText.isEmpty ? nil : Int(scoreText)
            if !scoreText.isEmpty && score == nil { errors.append(FieldError("score", "Минимальный балл — целое число")) }
            do {
                if !errors.isEmpty { throw DomainError.invalid(errors) }
                try service.setMinimumScore(scope, procedureId: p.id!, year: year!, score: score)
                return Responses.redirect(Notice.redirect(Paths.editProcedure(p.id!), .saved))
            } catch DomainError.invalid(let errors) {
                var fields = Fields(p)
                fields.minimumYear = yearText; fields.minimumScore = scoreText
                return form(context, procedure: p, fields: fields, scores: try service.minimumScores(scope, procedureId: p.id!), errors: FormErrors(errors))
            }
        },
        Route(.get, "/procedures/{id}/archive") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            let p = try Procedures(database: context.services.database).get(scope, id: try context.id("id"))
            if p.archivedAt != nil { throw DomainError.conflict("Процедура уже в архиве.") }
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Перенести процедуру в архив"), heading: "Перенести «\(p.title)» в архив?",
                explanation: "Результаты по процедуре сохранятся, но она пропадёт из таблиц ввода, шаблона загрузки и выявления ШНОР. Процедуру можно вернуть из архива.",
                action: Paths.archiveProcedure(p.id!), confirmLabel: "Перенести в архив", cancelHref: Paths.editProcedure(p.id!))))
        },
        Route(.post, "/procedures/{id}/archive") { context in
            let id = try context.id("id")
            try Procedures(database: context.services.database).setArchived(try context.scope, id: id, true)
            return Responses.redirect(Notice.redirect(Paths.procedures, .archived))
        },
        Route(.get, "/procedures/{id}/restore") { context in
            let scope = try context.scope
            try Policy.requireRegionSettings(scope)
            let p = try Procedures(database: context.services.database).get(scope, id: try context.id("id"))
            if p.archivedAt == nil { throw DomainError.conflict("Процедура не в архиве.") }
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Вернуть процедуру из архива"), heading: "Вернуть «\(p.title)» из архива?",
                explanation: "Процедура снова появится в таблицах ввода, в шаблоне загрузки и, если она отмечена как анализируемая, в выявлении ШНОР.",
                action: Paths.restoreProcedure(p.id!), confirmLabel: "Вернуть из архива", cancelHref: Paths.editProcedure(p.id!))))
        },
        Route(.post, "/procedures/{id}/restore") { context in
            let id = try context.id("id")
            try Procedures(database: context.services.database).setArchived(try context.scope, id: id, false)
            return Responses.redirect(Notice.redirect(Paths.procedures, .restored))
        },
    ]

    /// The form's text as typed.
    struct Fields {
        var family = ""
        var subject = ""
        var grade = ""
        var variant = ""
        var lowRule = ""
        var sortOrder = "0"
        var isAnalysed = false
        var minimumYear = ""
        var minimumScore = ""

        init() {}
        init(_ form: FormData) {
            family = form["family"] ?? ""; subject = form["subject"] ?? ""; grade = form.trimmed("grade") ?? ""
            variant = form["variant"] ?? ""; lowRule = form["lowRule"] ?? ""; sortOrder = form.trimmed("sortOrder") ?? ""
            isAnalysed = form["isAnalysed"] == "1"
        }
        init(_ p: Procedure) {
            family = p.family.rawValue; subject = p.subject; grade = p.grade.map(String.init) ?? ""; variant = p.variant
            lowRule = p.lowRule.rawValue; sortOrder = String(p.sortOrder); isAnalysed = p.isAnalysed
        }

        func input() throws -> ProcedureInput {
            var errors: [FieldError] = []
            let family = ProcedureFamily(rawValue: self.family)
            if family == nil { errors.append(FieldError("family", "Выберите вид процедуры")) }
            let lowRule = LowRule(rawValue: self.lowRule)
            if lowRule == nil { errors.append(FieldError("lowRule", "Выберите, как считается низкий результат")) }
            let grade = grade.isEmpty ? nil : Int(grade)
            if !self.grade.isEmpty && grade == nil { errors.append(FieldError("grade", "Класс — число от 1 до 11")) }
            let sortOrder = sortOrder.isEmpty ? 0 : Int(sortOrder)
            if sortOrder == nil { errors.append(FieldError("sortOrder", "Порядок — целое число")) }
            if subject.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.append(FieldError("subject", "Укажите предмет")) }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            return ProcedureInput(family: family!, subject: subject, grade: grade, variant: variant, lowRule: lowRule!,
                                  isAnalysed: isAnalysed, sortOrder: sortOrder!)
        }
    }

    static func form(_ context: RequestContext, procedure: Procedure?, fields: Fields,
                     scores: [(year: SchoolYear, score: Int)], errors: FormErrors = FormErrors()) -> HTTPResponse {
        let id = procedure?.id
        let page = ProcedureFormPage(
            chrome: context.chrome(title: procedure == nil ? "Новая процедура" : "Изменить процедуру", current: Paths.identificationSettings),
            heading: procedure.map { "Процедура «\($0.title)»" } ?? "Новая оценочная процедура",
            action: id.map(Paths.editProcedure) ?? Paths.newProcedure,
            cancelHref: Paths.procedures,
            submitLabel: procedure == nil ? "Добавить процедуру" : "Сохранить",
            families: [SelectOption(value: "", title: "Выберите вид", isSelected: ProcedureFamily(rawValue: fields.family) == nil)]
                + ProcedureFamily.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == fields.family) },
            lowRules: [SelectOption(value: "", title: "Выберите", isSelected: LowRule(rawValue: fields.lowRule) == nil)]
                + LowRule.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == fields.lowRule) },
            subject: fields.subject, grade: fields.grade, variant: fields.variant, sortOrder: fields.sortOrder,
            isAnalysed: fields.isAnalysed, errors: errors,
            minimumScores: scores.map { ProcedureFormPage.MinimumScore(year: $0.year.title, score: $0.score) },
            minimumScoreAction: id.map(Paths.procedureMinimumScore),
            minimumYear: fields.minimumYear, minimumScore: fields.minimumScore,
            archiveHref: procedure.flatMap { $0.archivedAt == nil ? Paths.archiveProcedure($0.id!) : nil },
            restoreHref: procedure.flatMap { $0.archivedAt != nil ? Paths.restoreProcedure($0.id!) : nil })
        return Responses.html(Templates.procedureForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

extension ProcedureRoutes {
    static func procedureListPage(_ context: RequestContext) throws -> ProcedureListPage {
        let scope = try context.scope
        let service = Procedures(database: context.services.database)
        let showArchived = context.query["archived"] == "1"
        let canEdit = Policy.mayEditRegionSettings(scope)
        let rows = try service.list(scope, includeArchived: showArchived).map { p -> ProcedureRow in
            let scores = try service.minimumScores(scope, procedureId: p.id!)
            return ProcedureRow(title: p.title, family: p.family.title, subject: p.subject, grade: p.grade.map(String.init) ?? "—",
                                variant: p.variant.isEmpty ? "—" : p.variant, lowRule: p.lowRule.title, isAnalysed: p.isAnalysed,
                                minimumScores: scores.isEmpty ? "—" : scores.map { "\($0.year.title): \($0.score)" }.joined(separator: "; "),
                                isArchived: p.archivedAt != nil, editHref: canEdit ? Paths.editProcedure(p.id!) : nil)
        }
        let page = ProcedureListPage(chrome: context.chrome(title: "Оценочные процедуры", current: Paths.identificationSettings),
                                     rows: rows, newHref: canEdit ? Paths.newProcedure : nil, showArchived: showArchived,
                                     toggleArchivedHref: showArchived ? Paths.procedures : Paths.proceduresWithArchived,
                                     settingsHref: Policy.mayReadIdentification(scope) ? Paths.identificationSettings : nil,
                                     exports: ExportLinks(Paths.procedures, query: context.query))
        return page
    }
}
