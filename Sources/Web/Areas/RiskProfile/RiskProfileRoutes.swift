import Core
import Foundation
import HTTPServer

/// Risk factors, risk profiles, comments (one POST for every target) and «Ждёт моей проверки».
enum RiskProfileRoutes {
    static let routes: [Route] = factorRoutes + profileRoutes + commentRoutes + reviewRoutes

    // MARK: Risk factors

    static let factorRoutes: [Route] = [
        Route(.get, "/risk-factors") { context in Responses.html(Templates.riskFactorList(try riskFactorListPage(context))) },
    ] + ListExport.routes("/risk-factors") { try riskFactorListPage($0).export } + [
        Route(.get, "/risk-factors/{id}/edit") { context in
            let f = try RiskFactors(database: context.services.database).factor(try context.scope, id: try context.id("id"))
            return factorForm(context, id: f.id, title: f.title, sortOrder: "\(f.sortOrder)", errors: [])
        },
        Route(.post, "/risk-factors/{id}/edit") { context in
            let id = try context.id("id")
            let input = RiskFactorInput(title: context.form["title"] ?? "", sortOrder: context.form["sortOrder"] ?? "")
            do {
                try RiskFactors(database: context.services.database).update(try context.scope, id: id, input)
                return Responses.redirect(Notice.redirect(Paths.riskFactors, .saved))
            } catch DomainError.invalid(let errors) {
                return factorForm(context, id: id, title: input.title, sortOrder: input.sortOrder, errors: errors)
            }
        },
        Route(.get, "/risk-factors/{id}/archive") { context in
            let id = try context.id("id")
            let f = try RiskFactors(database: context.services.database).factor(try context.scope, id: id)
            if f.isArchived { throw DomainError.conflict("Фактор риска уже в архиве.") }
            return Responses.html(Templates.confirm(ConfirmPage(
                chrome: context.chrome(title: "Перенести в архив"), heading: "Перенести фактор риска в архив?",
                explanation: "«\(f.title)» не будет предлагаться в новых рисковых профилях. Заполненные профили сохранят его уровень; фактор можно вернуть из архива.",
                action: Paths.archiveRiskFactor(id), confirmLabel: "Перенести в архив", cancelHref: Paths.riskFactors)))
        },
        Route(.post, "/risk-factors/{id}/archive") { context in
            try RiskFactors(database: context.services.database).setArchived(try context.scope, id: try context.id("id"), true)
            return Responses.redirect(Notice.redirect(Paths.riskFactors, .archived))
        },
        Route(.post, "/risk-factors/{id}/restore") { context in
            try RiskFactors(database: context.services.database).setArchived(try context.scope, id: try context.id("id"), false)
            return Responses.redirect(Notice.redirect(Paths.riskFactors, .restored))
        },
    ]

    static func factorForm(_ context: RequestContext, id: Int64, title: String, sortOrder: String, errors: [FieldError]) -> HTTPResponse {
        let page = RiskFactorFormPage(chrome: context.chrome(title: "Фактор риска", current: Paths.riskFactors),
                                      action: Paths.editRiskFactor(id), cancelHref: Paths.riskFactors,
                                      title: title, sortOrder: sortOrder, errors: FormErrors(errors))
        return Responses.html(Templates.riskFactorForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Risk profiles

    static let profileRoutes: [Route] = [
        Route(.get, "/schools/{id}/risk-profile") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
            let d = try RiskProfiles(database: context.services.database).detail(scope, school: id, year: year)
            // The running year too: a new year's profile is reached from here, not by editing the URL.
            var years = d.years
            for y in [d.year, SchoolYear.containing(context.services.database.now)] where !years.contains(y) { years.append(y) }
            years.sort(by: >)
            var updated: String? = nil
            if let at = d.updatedAt {
                updated = "Заполнен \(RussianDate.dateTime(at))" + (d.updatedByName.map { ", \($0)" } ?? "")
            }
            let returnPath = Paths.riskProfile(school: id, year: d.year.start)
            let page = RiskProfilePage(
                chrome: context.chrome(title: "Рисковый профиль"), schoolName: d.schoolShortName, schoolHref: Paths.school(id),
                yearTitle: d.year.title,
                years: years.count > 1 ? years.map { .init(title: $0.title, href: Paths.riskProfile(school: id, year: $0.start), isCurrent: $0 == d.year) } : [],
                isFilled: d.profileId != nil, updatedText: updated, previousYearTitle: d.previousYear?.title,
                rows: d.lines.filter { $0.level != nil }.map { line in
                    .init(title: line.factor.title, levelTitle: line.level?.title ?? "", levelCode: line.level?.rawValue ?? "",
                          isChosen: line.isChosen, note: line.note, changeText: RiskProfilePage.changeText(line.change),
                          changeCode: line.change?.rawValue ?? "none",
                          previousText: d.previousYear != nil ? "было: \(line.previousLevel?.title ?? "не оценивался")" : nil)
                },
                editHref: d.canEdit ? Paths.editRiskProfile(school: id, year: d.year.start) : nil,
                editLabel: d.profileId == nil ? "Заполнить рисковый профиль" : "Изменить рисковый профиль",
                comments: try d.profileId.map { try CommentThreadView.make(context, CommentTarget(.riskProfile, $0), returnPath: returnPath,
                                                                            heading: "Комментарии куратора и координатора") })
            return Responses.html(Templates.riskProfile(page))
        },
        Route(.get, "/schools/{id}/risk-profile/{year}/edit") { context in
            let id = try context.id("id")
            let year = try profileYear(context)
            let d = try RiskProfiles(database: context.services.database).editable(try context.scope, school: id, year: year)
            return profileForm(context, d, inputs: nil, errors: [])
        },
        Route(.post, "/schools/{id}/risk-profile/{year}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = try profileYear(context)
            let service = RiskProfiles(database: context.services.database)
            let d = try service.editable(scope, school: id, year: year)
            let inputs = d.lines.filter { !$0.factor.isArchived }.map { line in
                RiskProfileEntryInput(factorId: line.factor.id, level: context.form["level-\(line.factor.id)"],
                                      isChosen: context.form["chosen-\(line.factor.id)"] == "1",
                                      note: context.form["note-\(line.factor.id)"] ?? "")
            }
            do {
                try service.save(scope, school: id, year: year, entries: inputs)
                return Responses.redirect(Notice.redirect(Paths.riskProfile(school: id, year: year.start), .saved))
            } catch DomainError.invalid(let errors) {
                return profileForm(context, d, inputs: inputs, errors: errors)
            }
        },
    ]

    static func profileYear(_ context: RequestContext) throws -> SchoolYear {
        guard let text = context.parameters["year"], let start = Int(text), (2000...2100).contains(start) else { throw DomainError.notFound }
        return SchoolYear(start)
    }

    static func profileForm(_ context: RequestContext, _ d: RiskProfileDetail, inputs: [RiskProfileEntryInput]?, errors: [FieldError]) -> HTTPResponse {
        let formErrors = FormErrors(errors)
        let byId = Dictionary((inputs ?? []).map { ($0.factorId, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = d.lines.filter { !$0.factor.isArchived }.map { line -> RiskProfileFormPage.Row in
            let fid = line.factor.id
            let input = byId[fid]
            let level = input.map { $0.level ?? "" } ?? line.level?.rawValue ?? ""
            return .init(factorId: "\(fid)", title: line.factor.title, levelField: RiskProfiles.levelField(fid),
                         options: RiskLevel.allCases.map { .init(id: "level-\(fid)-\($0.rawValue)", value: $0.rawValue, title: $0.title,
                                                                 isChecked: $0.rawValue == level) },
                         chosenField: "chosen-\(fid)", isChosen: input?.isChosen ?? line.isChosen,
                         noteField: RiskProfiles.noteField(fid), note: input?.note ?? line.note,
                         previousText: d.previousYear.map { y in "В \(y.title): \(line.previousLevel?.title ?? "не оценивался")" },
                         error: formErrors.message(RiskProfiles.levelField(fid)) ?? formErrors.message(RiskProfiles.noteField(fid)))
        }
        let page = RiskProfileFormPage(
            chrome: context.chrome(title: "Рисковый профиль"), schoolName: d.schoolShortName, yearTitle: d.year.title,
            action: Paths.editRiskProfile(school: d.schoolId, year: d.year.start),
            cancelHref: Paths.riskProfile(school: d.schoolId, year: d.year.start), rows: rows,
            startedFromPrevious: d.profileId == nil && d.previousYear != nil && inputs == nil, errors: formErrors)
        return Responses.html(Templates.riskProfileForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The school page's section: the latest profile's factors in work.
    static func schoolSection(_ context: RequestContext, school id: Int64) throws -> SchoolRiskSection {
        let summary = try RiskProfiles(database: context.services.database).latestSummary(try context.scope, school: id)
        return SchoolRiskSection(
            yearTitle: summary?.year.title, chosen: summary?.chosen ?? [],
            highText: summary.flatMap { $0.highCount > 0 ? "Высокий уровень: \(RussianPlural.count($0.highCount, "фактор", "фактора", "факторов"))" : nil },
            href: summary.map { Paths.riskProfile(school: id, year: $0.year.start) } ?? Paths.riskProfile(school: id))
    }

    // MARK: Comments

    static let commentRoutes: [Route] = [
        Route(.post, "/comments") { context in
            let scope = try context.scope
            guard let kind = context.form["targetKind"].flatMap(CommentTargetKind.init(rawValue:)),
                  let targetId = context.form["targetId"].flatMap({ Int64($0) }) else { throw DomainError.notFound }
            let target = CommentTarget(kind, targetId)
            let parentText = context.form["parentId"] ?? ""
            let parentId = Int64(parentText)
            if !parentText.isEmpty && parentId == nil { throw DomainError.notFound }
            let back = returnPath(context.form["return"])
            let body = context.form["body"] ?? ""
            let comments = Comments(database: context.services.database)
            do {
                let id = try comments.add(scope, target, parentId: parentId, body: body)
                return Responses.redirect(back + "#comment-\(id)")
            } catch DomainError.invalid(let errors) {
                let page = CommentRetryPage(
                    chrome: context.chrome(title: "Комментарий"), targetTitle: try comments.targetTitle(scope, target),
                    form: .init(action: Paths.comments, csrf: context.csrfToken, targetKind: kind.rawValue, targetId: "\(targetId)",
                                parentId: parentId.map { "\($0)" } ?? "", returnPath: back, fieldId: "body"),
                    isReply: parentId != nil, body: body, cancelHref: back, errors: FormErrors(errors))
                return Responses.html(Templates.commentForm(page), status: .unprocessableContent)
            }
        },
    ]

    /// The page a comment form returns to: a local path only (as the login's `next`), without its fragment.
    static func returnPath(_ value: String?) -> String {
        let path = SafeRedirect.path(value)
        return path.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? Paths.home
    }

    // MARK: Review queue

    static let reviewRoutes: [Route] = [
        Route(.get, "/review") { context in Responses.html(Templates.reviewList(try reviewPage(context))) },
    ] + ListExport.routes("/review") { try reviewPage($0).export } + [
    ]
}

extension RiskProfileRoutes {
    static func riskFactorListPage(_ context: RequestContext) throws -> RiskFactorListPage {
        let scope = try context.scope
        let factors = try RiskFactors(database: context.services.database).list(scope)
        let canEdit = Policy.mayEditRegionSettings(scope)
        let page = RiskFactorListPage(
            chrome: context.chrome(title: "Факторы риска", current: Paths.riskFactors),
            rows: factors.map { f in
                .init(number: f.sortOrder, title: f.title, isArchived: f.isArchived,
                             editHref: canEdit ? Paths.editRiskFactor(f.id) : nil,
                             archiveHref: canEdit && !f.isArchived ? Paths.archiveRiskFactor(f.id) : nil,
                             restoreAction: canEdit && f.isArchived ? Paths.restoreRiskFactor(f.id) : nil)
            },
            canEdit: canEdit,
            exports: ExportLinks(Paths.riskFactors, query: context.query))
        return page
    }
}

extension RiskProfileRoutes {
    static func reviewPage(_ context: RequestContext) throws -> ReviewPage {
        let raw = context.query["year"] ?? ""
        let choice: ReviewQueue.YearChoice = raw == "all" ? .all : SchoolYear(parsing: raw).map { .year($0) } ?? .running
        let s = try ReviewQueue(database: context.services.database).selection(try context.scope, choice)
        let empty = s.year.map { "За \($0.title) учебный год ничего не ждёт вашей проверки." } ?? "Ничего не ждёт вашей проверки."
        let page = ReviewPage(chrome: context.chrome(title: "Ждёт моей проверки", current: Paths.review),
                              action: Paths.review,
                              years: [SelectOption(value: "all", title: "Все годы (\(s.total))", isSelected: s.year == nil)]
                                + s.years.map { y in
                                    SelectOption(value: "\(y.year.start)", title: "\(y.year.title)\(y.year == s.running ? ", текущий" : "") (\(y.count))",
                                                 isSelected: y.year == s.year)
                                },
                              otherYears: s.year == nil ? 0 : s.total - s.items.count,
                              allHref: Paths.review + "?year=all",
                              items: ReviewItemsView(s.items, emptyText: empty),
                              exports: ExportLinks(Paths.review, query: context.query))
        return page
    }
}
