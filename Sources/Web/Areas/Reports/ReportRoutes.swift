import Core
import Foundation
import HTTPServer

/// Report periods per municipality, half-year reports on roadmaps, their review, and the overviews.
enum ReportRoutes {
    static let routes: [Route] = periodRoutes + reportRoutes + overviewRoutes

    // MARK: Periods

    static let periodRoutes: [Route] = [
        Route(.get, "/municipalities/{id}/report-periods") { context in
            try periodsPage(context, municipalityId: try context.id("id"), year: nil, half: nil, dueDate: "", errors: [])
        },
    ] + ListExport.routes("/municipalities/{id}/report-periods") { context in
        try periodsPageModel(context, municipalityId: try context.id("id"), year: nil, half: nil, dueDate: "", errors: []).export
    } + [
        Route(.post, "/municipalities/{id}/report-periods") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = context.form["year"].flatMap { SchoolYear(parsing: $0) }
            let half = context.form["half"].flatMap { Int($0) }
            let dueDate = context.form["dueDate"] ?? ""
            do {
                try ReportPeriods(database: context.services.database).create(scope, municipalityId: id, year: year, half: half, dueDate: dueDate)
                return Responses.redirect(Notice.redirect(Paths.reportPeriods(municipality: id), .created))
            } catch DomainError.invalid(let errors) {
                return try periodsPage(context, municipalityId: id, year: year, half: half, dueDate: dueDate, errors: errors)
            }
        },
        Route(.post, "/report-periods/{id}/open") { context in
            let service = ReportPeriods(database: context.services.database)
            let id = try context.id("id")
            try service.setOpen(try context.scope, id: id, true)
            let period = try service.period(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.reportPeriods(municipality: period.municipalityId), .periodOpened))
        },
        Route(.post, "/report-periods/{id}/due-date") { context in
            let scope = try context.scope
            let service = ReportPeriods(database: context.services.database)
            let id = try context.id("id")
            let period = try service.period(scope, id: id)
            let text = context.form["dueDate"] ?? ""
            do {
                try service.setDueDate(scope, id: id, text)
                return Responses.redirect(Notice.redirect(Paths.reportPeriods(municipality: period.municipalityId), .saved))
            } catch DomainError.invalid(let errors) {
                return try periodsPage(context, municipalityId: period.municipalityId, year: nil, half: nil, dueDate: "", errors: errors,
                                       editedDueDate: (id, text))
            }
        },
        Route(.get, "/report-periods/{id}/close") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let period = try ReportPeriods(database: context.services.database).period(scope, id: id)
            try Policy.requireManageMunicipality(scope, period.municipalityId)
            let page = ConfirmPage(chrome: context.chrome(title: "Закрыть период"), heading: "Закрыть «\(period.title)»?",
                                   explanation: "Школы больше не смогут сдавать отчёты за этот период. Сданные отчёты можно будет проверить; период можно открыть снова.",
                                   action: Paths.closeReportPeriod(id), confirmLabel: "Закрыть период",
                                   cancelHref: Paths.reportPeriods(municipality: period.municipalityId))
            return Responses.html(Templates.confirm(page))
        },
        Route(.post, "/report-periods/{id}/close") { context in
            let service = ReportPeriods(database: context.services.database)
            let id = try context.id("id")
            try service.setOpen(try context.scope, id: id, false)
            let period = try service.period(try context.scope, id: id)
            return Responses.redirect(Notice.redirect(Paths.reportPeriods(municipality: period.municipalityId), .periodClosed))
        },
    ]

    static func periodsPage(_ context: RequestContext, municipalityId: Int64, year: SchoolYear?, half: Int?, dueDate: String,
                            errors: [FieldError], editedDueDate: (Int64, String)? = nil) throws -> HTTPResponse {
        let page = try periodsPageModel(context, municipalityId: municipalityId, year: year, half: half, dueDate: dueDate, errors: errors,
                                        editedDueDate: editedDueDate)
        return Responses.html(Templates.reportPeriods(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    static func periodsPageModel(_ context: RequestContext, municipalityId: Int64, year: SchoolYear?, half: Int?, dueDate: String,
                                 errors: [FieldError], editedDueDate: (Int64, String)? = nil) throws -> ReportPeriodsPage {
        let scope = try context.scope
        try Policy.requireReadMunicipalityProgramme(scope, municipalityId: municipalityId)
        let municipality = try Municipalities(database: context.services.database).detail(scope, id: municipalityId).municipality
        let periods = try ReportPeriods(database: context.services.database).list(scope, municipalityId: municipalityId)
        let manages = Policy.mayManageMunicipality(scope, municipalityId)
        let defaultYear = try year?.start ?? context.services.schools.defaultYear().start
        let page = ReportPeriodsPage(
            chrome: context.chrome(title: "Отчётные периоды"), municipalityName: municipality.name,
            municipalityHref: Paths.municipality(municipalityId),
            rows: periods.map { p in
                .init(title: p.title, dueDate: RussianDate.day(iso: p.dueDate), state: p.stateTitle, isOpen: p.isOpen,
                      overviewHref: Paths.municipalityReports(municipalityId, period: p.id),
                      openAction: manages && !p.isOpen ? Paths.openReportPeriod(p.id) : nil,
                      closeHref: manages && p.isOpen ? Paths.closeReportPeriod(p.id) : nil,
                      dueDateAction: manages ? Paths.reportPeriodDueDate(p.id) : nil, dueDateField: "dueDate-\(p.id)",
                      dueDateValue: editedDueDate?.0 == p.id ? editedDueDate!.1 : RussianDate.day(iso: p.dueDate),
                      dueDateError: FormErrors(errors).message("dueDate-\(p.id)"))
            },
            create: manages ? .init(
                action: Paths.reportPeriods(municipality: municipalityId),
                years: OrganisationFormat.yearOptions(selected: defaultYear, now: context.services.database.now),
                halves: [SelectOption(value: "1", title: "I полугодие (срок по умолчанию — 15 января)", isSelected: half != 2),
                         SelectOption(value: "2", title: "II полугодие (срок по умолчанию — 15 июня)", isSelected: half == 2)],
                dueDate: dueDate, errors: FormErrors(errors.filter { !$0.field.hasPrefix("dueDate-") })) : nil,
            errors: FormErrors(errors),
            exports: ExportLinks(Paths.reportPeriods(municipality: municipalityId), query: context.query))
        return page
    }

    // MARK: Reports

    static let reportRoutes: [Route] = [
        Route(.get, "/schools/{id}/reports") { context in Responses.html(Templates.reportSchool(try schoolReportsPage(context))) },
    ] + ListExport.routes("/schools/{id}/reports") { try schoolReportsPage($0).export } + [
        Route(.post, "/schools/{id}/reports") { context in
            let id = try context.id("id")
            guard let periodId = context.form["period"].flatMap({ Int64($0) }) else {
                throw DomainError.invalid([FieldError("period", "Выберите отчётный период")])
            }
            let reportId = try Reports(database: context.services.database).start(try context.scope, schoolId: id, periodId: periodId)
            return Responses.redirect(Notice.redirect(Paths.editReport(reportId), .reportStarted))
        },
        Route(.get, "/reports/{id}") { context in
            try reportPage(context, id: try context.id("id"), comment: "", errors: [])
        },
        Route(.get, "/reports/{id}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let d = try Reports(database: context.services.database).detail(scope, id: id)
            guard d.canEdit else {
                try Policy.requireEditSchoolContent(scope, school: d.schoolId, in: context.services.database)
                throw DomainError.conflict(d.status == .accepted ? "Отчёт принят и больше не изменяется."
                                           : "Отчёт сдан и ждёт проверки: изменить его можно, только если проверяющий вернёт его на доработку.")
            }
            return try reportForm(context, d, input: nil, errors: [])
        },
        Route(.post, "/reports/{id}/edit", bodyLimit: DocumentRoutes.uploadBodyLimit, multipart: true) { context in
            let scope = try context.scope
            let id = try context.id("id")
            let service = Reports(database: context.services.database)
            let d = try service.detail(scope, id: id)
            let input = reportInput(context, d)
            do {
                if context.form["action"] == "submit" {
                    try service.submit(scope, id: id, saving: input)
                    return Responses.redirect(Notice.redirect(Paths.report(id), .reportSubmitted))
                }
                try service.save(scope, id: id, input)
                return Responses.redirect(Notice.redirect(Paths.report(id), .saved))
            } catch DomainError.invalid(let errors) {
                return try reportForm(context, d, input: input, errors: errors)
            }
        },
        Route(.post, "/reports/{id}/submit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let service = Reports(database: context.services.database)
            do {
                try service.submit(scope, id: id)
                return Responses.redirect(Notice.redirect(Paths.report(id), .reportSubmitted))
            } catch DomainError.invalid(let errors) {
                // What is missing is asked next to its field, on the form.
                return try reportForm(context, try service.detail(scope, id: id), input: nil, errors: errors)
            }
        },
        Route(.post, "/reports/{id}/accept") { context in
            let id = try context.id("id")
            try Reports(database: context.services.database).accept(try context.scope, id: id, comment: context.form["comment"] ?? "")
            return Responses.redirect(Notice.redirect(Paths.report(id), .reportAccepted))
        },
        Route(.post, "/reports/{id}/return") { context in
            let id = try context.id("id")
            let comment = context.form["comment"] ?? ""
            do {
                try Reports(database: context.services.database).returnForRework(try context.scope, id: id, comment: comment)
                return Responses.redirect(Notice.redirect(Paths.report(id), .reportReturned))
            } catch DomainError.invalid(let errors) {
                return try reportPage(context, id: id, comment: comment, errors: errors)
            }
        },
        Route(.get, "/reports/{id}/export.xlsx") { context in
            let id = try context.id("id")
            let (d, header, rows) = try Reports(database: context.services.database).exportRows(try context.scope, id: id)
            let bytes = try XLSXExport.document(sheet: "Отчёт", header: header, rows: rows,
                                                columnWidths: [5, 50, 16, 28, 40, 22, 50, 36, 20])
            let name = "Отчёт \(d.schoolShortName) \(d.period.halfTitle) \(d.period.year.title).xlsx"
                .replacingOccurrences(of: "/", with: "-")
            return XLSXExport.response(bytes, fileName: name, asciiFallback: "report-\(id).xlsx")
        },
    ]

    static func reportPage(_ context: RequestContext, id: Int64, comment: String, errors: [FieldError]) throws -> HTTPResponse {
        let scope = try context.scope
        let d = try Reports(database: context.services.database).detail(scope, id: id)
        let incomplete = d.items.contains { $0.isPastDue && $0.status.needsReasonWhenPastDue && $0.reason.isEmpty }
        let evidence = try Documents(database: context.services.database).evidence(scope, reportId: id)
        var page = ReportPage(
            chrome: context.chrome(title: "Отчёт за \(d.period.halfTitle)"),
            heading: "Отчёт за \(d.period.title)", schoolName: d.schoolName, schoolHref: Paths.school(d.schoolId),
            executionHref: Paths.schoolReports(d.schoolId, year: d.period.year.start),
            periodTitle: d.period.title, dueDate: RussianDate.day(iso: d.period.dueDate), tag: ReportFormat.statusTag(d.status),
            isLate: d.isLate, submittedAt: d.submittedAt.map(RussianDate.format),
            returned: d.pendingReturn.map { ReturnedBanner(heading: "Отчёт возвращён на доработку", comment: $0.comment, actor: $0.actorName, at: $0.at) },
            share: d.share.text,
            summary: d.summary, selfAssessment: d.selfAssessment,
            items: d.items.map { item in
                .init(rowId: "item-\(item.id)", number: item.number, title: item.measureTitle, sectionTitle: item.sectionTitle,
                      dueText: item.dueText, responsible: item.responsible, expectedResult: item.expectedResult,
                      tag: ReportFormat.itemTag(item.status), reason: item.reason, whatWasDone: item.whatWasDone,
                      evidenceUrl: item.evidenceUrl.isEmpty ? nil : item.evidenceUrl, evidenceNote: item.evidenceNote,
                      indicator: [item.indicator, item.target.isEmpty ? "" : "цель: \(item.target)"].filter { !$0.isEmpty }.joined(separator: ", "),
                      indicatorValue: item.indicatorValue, isOverdue: item.isOverdue)
            },
            events: d.events.map {
                .init(at: RussianDate.dateTime($0.at), actor: $0.actorName ?? "—", action: $0.actionTitle, comment: $0.comment)
            },
            exportHref: Paths.reportXLSX(id),
            editHref: d.canEdit ? Paths.editReport(id) : nil,
            submitAction: d.canSubmit ? Paths.submitReport(id) : nil,
            submitBlocked: d.canEdit && !d.canSubmit ? "Период «\(d.period.title)» закрыт: сдать отчёт нельзя."
                : (d.canSubmit && incomplete ? "Перед сдачей укажите причины для просроченных мероприятий, которые не начаты или отменены." : nil),
            acceptAction: d.canReview ? Paths.acceptReport(id) : nil,
            returnAction: d.canReview ? Paths.returnReport(id) : nil,
            comment: comment, errors: FormErrors(errors))
        for (i, item) in d.items.enumerated() where i < page.items.count {
            page.items[i].evidenceFiles = evidence.filter { $0.reportItemId == item.id }
                .map { EvidenceLink(fileName: $0.file.originalName, href: Paths.evidenceDownload($0.file.id)) }
            page.items[i].evidenceAction = d.canEdit ? Paths.reportItemEvidence(item.id) : nil
        }
        return Responses.html(Templates.reportPage(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The form's fields per item (`status-N`, `reason-N`, `done-N`, `note-N`, `evidence-N`, `value-N`, file `file-N`);
    /// items without a status field keep their values.
    static func reportInput(_ context: RequestContext, _ d: ReportDetail) -> ReportInput {
        ReportInput(
            summary: context.form["summary"] ?? d.summary, selfAssessment: context.form["selfAssessment"] ?? d.selfAssessment,
            items: Dictionary(uniqueKeysWithValues: d.items.compactMap { item -> (Int64, ReportItemInput)? in
                guard let status = context.form["status-\(item.id)"] else { return nil }
                let file = context.files.first { $0.name == "file-\(item.id)" && !($0.fileName ?? "").isEmpty }
                return (item.id, ReportItemInput(status: status, reason: context.form["reason-\(item.id)"] ?? "",
                                                 whatWasDone: context.form["done-\(item.id)"] ?? "",
                                                 evidenceUrl: context.form["evidence-\(item.id)"] ?? "",
                                                 evidenceNote: context.form["note-\(item.id)"] ?? "",
                                                 indicatorValue: context.form["value-\(item.id)"] ?? "",
                                                 file: file.map { EvidenceUpload(fileName: $0.fileName ?? "", bytes: $0.body) }))
            }))
    }

    static func reportForm(_ context: RequestContext, _ d: ReportDetail, input: ReportInput?, errors: [FieldError]) throws -> HTTPResponse {
        let formErrors = FormErrors(errors)
        let evidence = try Documents(database: context.services.database).evidence(try context.scope, reportId: d.id)
        let page = ReportFormPage(
            chrome: context.chrome(title: "Заполнить отчёт"), heading: "Отчёт за \(d.period.title)", schoolName: d.schoolName,
            action: Paths.editReport(d.id), cancelHref: Paths.report(d.id),
            items: d.items.map { item in
                let given = input?.items[item.id]
                let status = given?.status ?? item.status.rawValue
                return .init(id: item.id, rowId: "item-\(item.id)", number: item.number, title: item.measureTitle, dueText: item.dueText,
                             isPastDue: item.isPastDue,
                             indicator: [item.indicator, item.indicatorUnit].filter { !$0.isEmpty }.joined(separator: ", "),
                             statuses: ReportItemStatus.allCases.map { SelectOption(value: $0.rawValue, title: $0.title, isSelected: $0.rawValue == status) },
                             reason: given?.reason ?? item.reason, whatWasDone: given?.whatWasDone ?? item.whatWasDone,
                             evidenceUrl: given?.evidenceUrl ?? item.evidenceUrl, evidenceNote: given?.evidenceNote ?? item.evidenceNote,
                             indicatorValue: given?.indicatorValue ?? item.indicatorValue,
                             files: evidence.filter { $0.reportItemId == item.id }
                                 .map { EvidenceLink(fileName: $0.file.originalName, href: Paths.evidenceDownload($0.file.id)) },
                             statusError: formErrors.message("status-\(item.id)"), reasonError: formErrors.message("reason-\(item.id)"),
                             evidenceError: formErrors.message("evidence-\(item.id)"), noteError: formErrors.message("note-\(item.id)"),
                             fileError: formErrors.message("file-\(item.id)").map { $0 + " Выберите файл ещё раз." },
                             doneError: formErrors.message("done-\(item.id)"), valueError: formErrors.message("value-\(item.id)"))
            },
            summary: input?.summary ?? d.summary, selfAssessment: input?.selfAssessment ?? d.selfAssessment,
            canSubmit: d.canSubmit, errors: formErrors)
        return Responses.html(Templates.reportForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: Overview

    static let overviewRoutes: [Route] = [
        Route(.get, "/municipalities/{id}/reports") { context in Responses.html(Templates.reportOverview(try reportOverviewPage(context))) },
    ] + ListExport.routes("/municipalities/{id}/reports") { try reportOverviewPage($0).export } + [
    ]
}

extension ReportRoutes {
    static func reportOverviewPage(_ context: RequestContext) throws -> ReportOverviewPage {
        let scope = try context.scope
        let id = try context.id("id")
        let periodId = context.query["period"].flatMap { Int64($0) }
        let filter = context.query["status"].flatMap { ReportOverview.Category(rawValue: $0) }
        let municipality = try Municipalities(database: context.services.database).detail(scope, id: id).municipality
        let overview = try Reports(database: context.services.database).overview(scope, municipalityId: id, periodId: periodId)
        let pid = overview?.period.id
        let page = ReportOverviewPage(
            chrome: context.chrome(title: "Полугодовые отчёты", current: Paths.municipalityReports(id)), municipalityName: municipality.name,
            municipalityHref: Paths.municipality(id), periodsHref: Paths.reportPeriods(municipality: id),
            action: Paths.municipalityReports(id),
            periods: overview?.periods.map { SelectOption(value: "\($0.id)", title: $0.title, isSelected: $0.id == pid) } ?? [],
            periodTitle: overview?.period.title, dueDate: overview.map { RussianDate.day(iso: $0.period.dueDate) } ?? "",
            total: overview.map { .init(title: "Школ с дорожной картой", count: $0.rows.count,
                                        href: Paths.municipalityReports(id, period: pid), isCurrent: filter == nil) },
            counts: overview.map { o in
                ReportOverview.Category.allCases.map { c in
                    .init(title: c.title, count: o.count(c), href: Paths.municipalityReports(id, period: pid, status: c.rawValue),
                          isCurrent: c == filter)
                }
            } ?? [],
            filterTitle: filter?.title,
            rows: (overview?.rows ?? []).filter { $0.matches(filter) }.map { row in
                .init(schoolHref: Paths.school(row.schoolId), shortName: row.schoolShortName, name: row.schoolName,
                      tag: row.status == .draft || row.status == nil ? StatusTag(title: "не сдан", css: "tag tag--grey") : ReportFormat.statusTag(row.status),
                      isLate: row.isLate, share: row.share?.text ?? "—", reportHref: row.reportId.map(Paths.report),
                      executionHref: Paths.schoolReports(row.schoolId, year: overview?.period.year.start))
            },
            exports: ExportLinks(Paths.municipalityReports(id), query: context.query))
        return page
    }
}

extension ReportRoutes {
    static func schoolReportsPage(_ context: RequestContext) throws -> SchoolReportsPage {
        let scope = try context.scope
        let id = try context.id("id")
        let year = context.query["year"].flatMap { SchoolYear(parsing: $0) }
        let s = try Reports(database: context.services.database).school(scope, schoolId: id, year: year)
        let yearStarts = Set(s.years.map(\.start) + [s.year.start])
        let page = SchoolReportsPage(
            chrome: context.chrome(title: "Отчёты \(s.schoolShortName)", current: Paths.schoolReports(id)), schoolName: s.schoolName, schoolHref: Paths.school(id),
            yearTitle: s.year.title,
            years: yearStarts.sorted(by: >).map { SelectOption(value: "\($0)", title: SchoolYear($0).title, isSelected: $0 == s.year.start) },
            action: Paths.schoolReports(id), roadmapStatus: s.roadmapStatus.map(RoadmapStatusTitle.title),
            periods: s.periods.map { row in
                .init(anchor: "period-\(row.period.half)", title: row.period.title, dueDate: RussianDate.day(iso: row.period.dueDate),
                      state: row.period.stateTitle, tag: ReportFormat.statusTag(row.status), isLate: row.isLate,
                      share: row.share?.text, overdue: row.overdueCount > 0 ? "Просрочено мероприятий: \(row.overdueCount)" : nil,
                      reportHref: row.reportId.map(Paths.report), startAction: row.canStart ? Paths.schoolReports(id) : nil,
                      startLabel: "Начать отчёт за \(row.period.halfTitle)", periodId: "\(row.period.id)",
                      startBlocker: row.startBlocker,
                      measures: row.measures.map {
                          .init(number: $0.number, title: $0.title, dueText: $0.dueText, tag: ReportFormat.itemTag($0.status),
                                isOverdue: $0.isOverdue)
                      })
            },
            hasRoadmap: s.roadmapId != nil,
            exports: ExportLinks(Paths.schoolReports(id), query: context.query))
        return page
    }
}
