import Core
import Foundation
import HTTPServer

/// School roadmaps and municipal plans: the table, the edit forms, the workflow, the XLSX export.
enum RoadmapRoutes {
    static let routes: [Route] = pageRoutes + measureRoutes + sectionRoutes + workflowRoutes

    static func service(_ context: RequestContext) -> Roadmaps { Roadmaps(database: context.services.database) }

    static func year(_ context: RequestContext) throws -> SchoolYear {
        guard let text = context.parameters["year"], let value = Int(text), (2000...2100).contains(value) else { throw DomainError.notFound }
        return SchoolYear(value)
    }

    /// The page a roadmap lives on.
    static func home(_ d: RoadmapDetail) -> String {
        if let schoolId = d.schoolId { return Paths.roadmap(school: schoolId, year: d.year.start) }
        return Paths.municipalPlan(d.municipalityId, year: d.year.start)
    }

    // MARK: Pages

    static let pageRoutes: [Route] = [
        Route(.get, "/schools/{id}/roadmap/{year}") { context in
            let scope = try context.scope
            let id = try context.id("id"), year = try year(context)
            let owner = try service(context).owner(scope, school: id, year: year)
            let detail = try service(context).roadmap(scope, school: id, year: year)
            return page(context, detail: detail, owner: owner, ownerHref: Paths.school(id), year: year,
                        createAction: Paths.createRoadmap(school: id, year: year.start), exportHref: Paths.roadmapExport(school: id, year: year.start),
                        yearHref: { Paths.roadmap(school: id, year: $0) })
        },
        Route(.post, "/schools/{id}/roadmap/{year}/create") { context in
            let id = try context.id("id"), year = try year(context)
            let copy = context.form["copy"] == "1"
            // The page offers last year's measures one by one; a form without that offer copies them all.
            let selected = copy && context.form["offered"] == "1" ? Set(context.form.values("measure").compactMap { Int64($0) }) : nil
            try service(context).create(try context.scope, school: id, year: year, copyLastYear: copy, measureIds: selected)
            return Responses.redirect(Notice.redirect(Paths.roadmap(school: id, year: year.start), .created))
        },
        Route(.get, "/schools/{id}/roadmap/{year}/export.xlsx") { context in
            let id = try context.id("id"), year = try year(context)
            guard let detail = try service(context).roadmap(try context.scope, school: id, year: year) else { throw DomainError.notFound }
            return try RoadmapExport.response(detail)
        },
        Route(.get, "/municipalities/{id}/plan/{year}") { context in
            let scope = try context.scope
            let id = try context.id("id"), year = try year(context)
            let owner = try service(context).owner(scope, municipality: id, year: year)
            let detail = try service(context).plan(scope, municipality: id, year: year)
            return page(context, detail: detail, owner: owner, ownerHref: Paths.municipality(id), year: year,
                        createAction: Paths.createMunicipalPlan(id, year: year.start), exportHref: nil,
                        yearHref: { Paths.municipalPlan(id, year: $0) })
        },
        Route(.post, "/municipalities/{id}/plan/{year}/create") { context in
            let id = try context.id("id"), year = try year(context)
            try service(context).createPlan(try context.scope, municipality: id, year: year, copyLastYear: context.form["copy"] == "1")
            return Responses.redirect(Notice.redirect(Paths.municipalPlan(id, year: year.start), .created))
        },
    ]

    static func page(_ context: RequestContext, detail: RoadmapDetail?, owner: RoadmapOwner, ownerHref: String, year: SchoolYear,
                     createAction: String, exportHref: String?, yearHref: (Int) -> String) -> HTTPResponse {
        var response = render(context, detail: detail, owner: owner, ownerHref: ownerHref, year: year, createAction: createAction, exportHref: exportHref)
        response.previousYearHref = owner.previousYear.map { yearHref($0.start) }
        response.previousYearTitle = owner.previousYear?.title ?? ""
        response.nextYearHref = owner.nextYear.map { yearHref($0.start) }
        response.nextYearTitle = owner.nextYear?.title ?? ""
        return Responses.html(Templates.roadmapPage(response))
    }

    static func render(_ context: RequestContext, detail: RoadmapDetail?, owner: RoadmapOwner, ownerHref: String, year: SchoolYear,
                       createAction: String, exportHref: String?) -> RoadmapPage {
        let isPlan = createAction.hasPrefix("/municipalities")
        let heading = isPlan ? "Муниципальный план" : "Дорожная карта"
        let caption = isPlan ? "Муниципальный план сопровождения" : "Дорожная карта школы"
        let chrome = context.chrome(title: "\(heading) \(year.title)")
        guard let d = detail else {
            return RoadmapPage(
                chrome: chrome, caption: caption, heading: heading, ownerHref: ownerHref, ownerName: owner.name, yearTitle: year.title,
                exists: false, statusCode: "", statusTitle: "", revision: 0, sections: [], overdueCount: nil,
                createAction: owner.canCreate ? createAction : nil,
                copyLastYearTitle: owner.canCreate && owner.lastYearExists ? "Скопировать из \(SchoolYear(year.start - 1).title)" : nil,
                copyCandidates: owner.canCreate ? owner.lastYearMeasures.map {
                    CheckOption(id: "measure-\($0.measureId)", value: String($0.measureId),
                                title: "\($0.sectionTitle): \($0.title)" + ($0.isFinished ? " (выполнено или отменено)" : ""), isChecked: !$0.isFinished)
                } : [],
                exportHref: nil, newSectionAction: nil, submitAction: nil, approveAction: nil, approveLabel: "", returnHref: nil,
                reviseAction: nil, events: [], revisions: [], hasChanges: false, changesTitle: "", added: [], removed: [], changed: [],
                emptyMessage: isPlan ? "План на этот учебный год ещё не составлен." : "Дорожная карта на этот учебный год ещё не составлена.")
        }
        let today = Moscow.day(context.services.database.now)
        var number = 0, overdue = 0
        let sections = d.content.sections.map { section in
            RoadmapPage.Section(
                title: section.title,
                editHref: d.canEdit ? section.id.map { Paths.editSection(roadmap: d.id, section: $0) } : nil,
                deleteHref: d.canEdit ? section.id.map { Paths.deleteSection(roadmap: d.id, section: $0) } : nil,
                moveAction: d.canEdit ? section.id.map { Paths.moveSection(roadmap: d.id, section: $0) } : nil,
                newMeasureHref: d.canEdit ? section.id.map { Paths.newMeasure(roadmap: d.id, section: $0) } : nil,
                measures: section.measures.map { m in
                    number += 1
                    let late = m.due.isOverdue(today: today, done: false)
                    if late { overdue += 1 }
                    var indicator = m.indicator
                    if !m.indicatorUnit.isEmpty { indicator += indicator.isEmpty ? m.indicatorUnit : ", \(m.indicatorUnit)" }
                    if !m.baseline.isEmpty || !m.target.isEmpty {
                        indicator += (indicator.isEmpty ? "" : ": ") + "\(m.baseline.isEmpty ? "—" : m.baseline) → \(m.target.isEmpty ? "—" : m.target)"
                    }
                    return RoadmapPage.MeasureRow(
                        anchor: "measure-\(m.id)", measureId: m.id, number: "\(number)", title: m.title, description: m.description,
                        due: m.dueText, isOverdue: late, responsible: m.responsible, expectedResult: m.expectedResult, indicator: indicator,
                        riskFactors: m.riskFactors, participants: MeasureParticipant.text(m.participants),
                        editHref: d.canEdit ? Paths.editMeasure(roadmap: d.id, measure: m.id) : nil,
                        deleteHref: d.canEdit ? Paths.deleteMeasure(roadmap: d.id, measure: m.id) : nil,
                        moveAction: d.canEdit ? Paths.moveMeasure(roadmap: d.id, measure: m.id) : nil,
                        copyHref: d.canCopyToSchools ? Paths.copyMeasure(roadmap: d.id, measure: m.id) : nil)
                })
        }
        let changes = d.changes
        let page = RoadmapPage(
            chrome: chrome, caption: caption, heading: heading, ownerHref: ownerHref, ownerName: owner.name, yearTitle: d.year.title,
            exists: true, statusCode: d.status.rawValue,
            statusTitle: isPlan && d.status == .approved ? "утверждён" : d.status.title,
            revision: d.revision,
            returned: d.pendingReturn.map { ReturnedBanner(heading: "Дорожная карта возвращена на доработку", comment: $0.comment, actor: $0.actorName, at: $0.at) },
            sections: sections, overdueCount: overdue > 0 ? "\(overdue)" : nil, createAction: nil, copyLastYearTitle: nil, exportHref: exportHref,
            newSectionAction: d.canEdit ? Paths.newSection(roadmap: d.id) : nil,
            submitAction: d.canSubmit ? Paths.submitRoadmap(d.id) : nil,
            approveAction: d.canReview ? Paths.approveRoadmap(d.id) : nil,
            approveLabel: isPlan ? "Отметить «утверждён»" : "Утвердить",
            returnHref: d.canReview && !isPlan ? Paths.returnRoadmap(d.id) : nil,
            reviseAction: d.canStartRevision ? Paths.reviseRoadmap(d.id) : nil,
            events: d.events.reversed().map {
                .init(when: RussianDate.format($0.at), revision: $0.revision, action: $0.actionTitle, who: $0.actorName, comment: $0.comment)
            },
            revisions: d.revisions.map { r in
                .init(number: r.number, started: "\(RussianDate.format(r.startedAt)), \(r.startedBy)",
                      approved: r.approvedAt.map { "\(RussianDate.format($0)), \(r.approvedBy ?? "")" } ?? "—")
            },
            hasChanges: changes.map { !$0.isEmpty } ?? false,
            changesTitle: changes == nil ? "Это первая редакция: сравнивать не с чем."
                : (changes!.isEmpty ? "По сравнению с редакцией \(d.revision - 1) изменений нет."
                   : "По сравнению с утверждённой редакцией \(d.revision - 1):"),
            added: changes?.added.map(\.title) ?? [], removed: changes?.removed.map(\.title) ?? [],
            changed: changes?.changed.map { .init(title: $0.title, fields: $0.fields) } ?? [],
            emptyMessage: "В дорожной карте нет разделов.")
        return page
    }

    // MARK: Measures

    static func input(_ context: RequestContext) -> MeasureInput {
        let f = context.form
        return MeasureInput(sectionId: f["sectionId"].flatMap { Int64($0) }, title: f["title"] ?? "", description: f["description"] ?? "",
                            due: f["due"] ?? "", responsible: f["responsible"] ?? "", expectedResult: f["expectedResult"] ?? "",
                            indicator: f["indicator"] ?? "", indicatorUnit: f["indicatorUnit"] ?? "", baseline: f["baseline"] ?? "",
                            target: f["target"] ?? "", riskFactorIds: f.values("riskFactor").compactMap { Int64($0) },
                            participants: f.values("participant"))
    }

    static func measureForm(_ context: RequestContext, detail d: RoadmapDetail, measureId: Int64?, input: MeasureInput,
                            errors: [FieldError]) throws -> HTTPResponse {
        let heading = measureId == nil ? "Новое мероприятие" : "Изменить мероприятие"
        let factors = try service(context).riskFactors()
        let selected = Set(input.riskFactorIds)
        let page = MeasureFormPage(
            chrome: context.chrome(title: heading), heading: heading,
            caption: (d.schoolName ?? d.municipalityName) + " · " + d.year.title,
            action: measureId.map { Paths.editMeasure(roadmap: d.id, measure: $0) } ?? Paths.newMeasure(roadmap: d.id),
            cancelHref: home(d),
            sections: d.content.sections.compactMap { s in
                s.id.map { SelectOption(value: "\($0)", title: s.title, isSelected: $0 == input.sectionId) }
            },
            title: input.title, description: input.description, due: input.due, responsible: input.responsible,
            responsibleLabel: d.isMunicipalPlan ? "Ответственный исполнитель (муниципальная служба)" : "Ответственный",
            expectedResult: input.expectedResult, indicator: input.indicator, indicatorUnit: input.indicatorUnit,
            baseline: input.baseline, target: input.target,
            riskFactors: factors.map { CheckOption(id: "riskFactor-\($0.id)", value: "\($0.id)", title: $0.title, isChecked: selected.contains($0.id)) },
            participants: MeasureParticipant.allCases.map {
                CheckOption(id: "participant-\($0.rawValue)", value: $0.rawValue, title: $0.title, isChecked: input.participants.contains($0.rawValue))
            },
            errors: FormErrors(errors))
        return Responses.html(Templates.roadmapMeasureForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static let measureRoutes: [Route] = [
        Route(.get, "/roadmaps/{id}/measures/new") { context in
            let d = try service(context).editable(try context.scope, roadmap: try context.id("id"))
            let section = context.query["section"].flatMap { Int64($0) } ?? d.content.sections.first?.id
            return try measureForm(context, detail: d, measureId: nil, input: MeasureInput(sectionId: section, title: "", due: ""), errors: [])
        },
        Route(.post, "/roadmaps/{id}/measures/new") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let input = input(context)
            do {
                let measureId = try service(context).addMeasure(scope, roadmap: id, input)
                let d = try service(context).detail(scope, id: id)
                return Responses.redirect(Notice.redirect(home(d), .saved) + "#measure-\(measureId)")
            } catch DomainError.invalid(let errors) {
                return try measureForm(context, detail: try service(context).editable(scope, roadmap: id), measureId: nil, input: input, errors: errors)
            }
        },
        Route(.get, "/roadmaps/{id}/measures/{measure}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id"), measureId = try context.id("measure")
            let m = try service(context).measure(scope, roadmap: id, measure: measureId)
            return try measureForm(context, detail: try service(context).editable(scope, roadmap: id), measureId: measureId, input: m.input, errors: [])
        },
        Route(.post, "/roadmaps/{id}/measures/{measure}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id"), measureId = try context.id("measure")
            let input = input(context)
            do {
                try service(context).updateMeasure(scope, roadmap: id, measure: measureId, input)
                let d = try service(context).detail(scope, id: id)
                return Responses.redirect(Notice.redirect(home(d), .saved) + "#measure-\(measureId)")
            } catch DomainError.invalid(let errors) {
                return try measureForm(context, detail: try service(context).editable(scope, roadmap: id), measureId: measureId, input: input, errors: errors)
            }
        },
        Route(.get, "/roadmaps/{id}/measures/{measure}/delete") { context in
            let scope = try context.scope
            let id = try context.id("id"), measureId = try context.id("measure")
            let m = try service(context).measure(scope, roadmap: id, measure: measureId)
            let d = try service(context).editable(scope, roadmap: id)
            let page = ConfirmPage(chrome: context.chrome(title: "Удалить мероприятие"), heading: "Удалить мероприятие?",
                                   explanation: "«\(m.title)» будет удалено из дорожной карты.",
                                   action: Paths.deleteMeasure(roadmap: id, measure: measureId), confirmLabel: "Удалить", cancelHref: home(d))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/roadmaps/{id}/measures/{measure}/delete") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try service(context).deleteMeasure(scope, roadmap: id, measure: try context.id("measure"))
            return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .deleted))
        },
        Route(.post, "/roadmaps/{id}/measures/{measure}/move") { context in
            let scope = try context.scope
            let id = try context.id("id"), measureId = try context.id("measure")
            try service(context).moveMeasure(scope, roadmap: id, measure: measureId, up: context.form["direction"] != "down")
            return Responses.redirect(home(try service(context).detail(scope, id: id)) + "#measure-\(measureId)")
        },
        Route(.get, "/roadmaps/{id}/measures/{measure}/copy") { context in
            try copyPage(context, chosen: [], outcome: nil, errors: [])
        },
        Route(.post, "/roadmaps/{id}/measures/{measure}/copy") { context in
            let chosen = context.form.values("school").compactMap { Int64($0) }
            do {
                let outcome = try service(context).copyMeasure(try context.scope, roadmap: try context.id("id"), measure: try context.id("measure"),
                                                               toSchools: chosen)
                return try copyPage(context, chosen: chosen, outcome: outcome, errors: [])
            } catch DomainError.invalid(let errors) {
                return try copyPage(context, chosen: chosen, outcome: nil, errors: errors)
            }
        },
    ]

    static func copyPage(_ context: RequestContext, chosen: [Int64], outcome: Roadmaps.CopyOutcome?, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let id = try context.id("id"), measureId = try context.id("measure")
        let schools = try service(context).copyTargets(scope, roadmap: id)
        let m = try service(context).measure(scope, roadmap: id, measure: measureId)
        let d = try service(context).detail(scope, id: id)
        let page = MeasureCopyPage(
            chrome: context.chrome(title: "Копировать мероприятие в школы"), measureTitle: m.title, yearTitle: d.year.title,
            action: Paths.copyMeasure(roadmap: id, measure: measureId), cancelHref: home(d),
            schools: schools.map { CheckOption(id: "school-\($0.id)", value: "\($0.id)", title: $0.shortName, isChecked: chosen.contains($0.id)) },
            copied: outcome?.copied ?? [], skipped: outcome?.skipped ?? [], isDone: outcome != nil, errors: FormErrors(errors))
        return Responses.html(Templates.roadmapCopy(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Sections

    static func sectionForm(_ context: RequestContext, roadmap id: Int64, section: Int64?, title: String, cancel: String,
                            errors: [FieldError]) -> HTTPResponse {
        let heading = section == nil ? "Новый раздел" : "Переименовать раздел"
        let page = SectionFormPage(chrome: context.chrome(title: heading), heading: heading,
                                   action: section.map { Paths.editSection(roadmap: id, section: $0) } ?? Paths.newSection(roadmap: id),
                                   cancelHref: cancel, title: title, errors: FormErrors(errors))
        return Responses.html(Templates.roadmapSectionForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static let sectionRoutes: [Route] = [
        Route(.post, "/roadmaps/{id}/sections/new") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let title = context.form["title"] ?? ""
            do {
                try service(context).addSection(scope, roadmap: id, title: title)
                return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .saved))
            } catch DomainError.invalid(let errors) {
                return sectionForm(context, roadmap: id, section: nil, title: title, cancel: home(try service(context).detail(scope, id: id)), errors: errors)
            }
        },
        Route(.get, "/roadmaps/{id}/sections/{section}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id"), sectionId = try context.id("section")
            let title = try service(context).section(scope, roadmap: id, section: sectionId)
            let d = try service(context).editable(scope, roadmap: id)
            return sectionForm(context, roadmap: id, section: sectionId, title: title, cancel: home(d), errors: [])
        },
        Route(.post, "/roadmaps/{id}/sections/{section}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id"), sectionId = try context.id("section")
            let title = context.form["title"] ?? ""
            do {
                try service(context).renameSection(scope, roadmap: id, section: sectionId, title: title)
                return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .saved))
            } catch DomainError.invalid(let errors) {
                return sectionForm(context, roadmap: id, section: sectionId, title: title, cancel: home(try service(context).detail(scope, id: id)), errors: errors)
            }
        },
        Route(.get, "/roadmaps/{id}/sections/{section}/delete") { context in
            let scope = try context.scope
            let id = try context.id("id"), sectionId = try context.id("section")
            let title = try service(context).section(scope, roadmap: id, section: sectionId)
            let d = try service(context).editable(scope, roadmap: id)
            let count = d.content.sections.first { $0.id == sectionId }?.measures.count ?? 0
            let page = ConfirmPage(chrome: context.chrome(title: "Удалить раздел"), heading: "Удалить раздел?",
                                   explanation: "Раздел «\(title)» будет удалён" + (count > 0 ? " вместе с мероприятиями (\(count))." : "."),
                                   action: Paths.deleteSection(roadmap: id, section: sectionId), confirmLabel: "Удалить", cancelHref: home(d))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/roadmaps/{id}/sections/{section}/delete") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try service(context).deleteSection(scope, roadmap: id, section: try context.id("section"))
            return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .deleted))
        },
        Route(.post, "/roadmaps/{id}/sections/{section}/move") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try service(context).moveSection(scope, roadmap: id, section: try context.id("section"), up: context.form["direction"] != "down")
            return Responses.redirect(home(try service(context).detail(scope, id: id)))
        },
    ]

    // MARK: Workflow

    static let workflowRoutes: [Route] = [
        Route(.post, "/roadmaps/{id}/submit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try service(context).submit(scope, roadmap: id)
            return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .roadmapSubmitted))
        },
        Route(.post, "/roadmaps/{id}/approve") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try service(context).approve(scope, roadmap: id)
            return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .roadmapApproved))
        },
        Route(.get, "/roadmaps/{id}/return") { context in
            let d = try service(context).reviewable(try context.scope, roadmap: try context.id("id"))
            return returnForm(context, d, errors: [])
        },
        Route(.post, "/roadmaps/{id}/return") { context in
            let scope = try context.scope
            let id = try context.id("id")
            do {
                try service(context).returnForRework(scope, roadmap: id, comment: context.form["reason"] ?? "")
                return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .roadmapReturned))
            } catch DomainError.invalid(let errors) {
                return returnForm(context, try service(context).reviewable(scope, roadmap: id), errors: errors)
            }
        },
        Route(.post, "/roadmaps/{id}/revision") { context in
            let scope = try context.scope
            let id = try context.id("id")
            try service(context).startRevision(scope, roadmap: id)
            return Responses.redirect(Notice.redirect(home(try service(context).detail(scope, id: id)), .revisionStarted))
        },
    ]

    static func returnForm(_ context: RequestContext, _ d: RoadmapDetail, errors: [FieldError]) -> HTTPResponse {
        let page = ConfirmPage(chrome: context.chrome(title: "Вернуть на доработку"), heading: "Вернуть дорожную карту на доработку?",
                               explanation: "Директор увидит комментарий на странице дорожной карты «\(d.schoolName ?? "")» и сможет её исправить.",
                               action: Paths.returnRoadmap(d.id), confirmLabel: "Вернуть на доработку", cancelHref: home(d),
                               asksReason: true, reasonLabel: "Что нужно доработать", errors: FormErrors(errors))
        return Responses.html(Templates.confirm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
