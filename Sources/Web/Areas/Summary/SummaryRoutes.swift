import Core
import HTTPServer

/// The summary report of a municipality over school years: the form, the printable page and its workbook.
enum SummaryRoutes {
    static let routes: [Route] = [
        // The form; with all three values it leads to the report.
        Route(.get, "/summary") { context in
            let scope = try context.scope
            let service = SummaryReports(database: context.services.database)
            let municipalities = try service.municipalities(scope)
            let asked = context.query["municipality"].flatMap { Int64($0) } ?? Policy.coordinatedMunicipality(scope)
            let from = context.query["from"].flatMap(SummaryRoutes.year(parsing:))
            let to = context.query["to"].flatMap(SummaryRoutes.year(parsing:))
            let submitted = context.query["from"] != nil || context.query["to"] != nil
            var errors: [FieldError] = []
            if submitted {
                if asked == nil || !municipalities.contains(where: { $0.id == asked }) {
                    errors.append(FieldError("municipality", "Выберите муниципалитет"))
                }
                errors += SummaryReports.validate(from: from, to: to)
                if errors.isEmpty, let asked, let from, let to {
                    return Responses.redirect(Paths.municipalitySummary(asked, from: from.start, to: to.start), status: .found)
                }
            }
            var chosenFrom = from, chosenTo = to
            if !submitted, let asked, let range = try? service.defaultRange(scope, municipalityId: asked) {
                chosenFrom = range.from; chosenTo = range.to
            }
            let page = SummaryFormPage(
                chrome: context.chrome(title: "Итоговая справка", current: Paths.summary),
                municipalities: municipalities, selected: asked, years: try service.availableYears(scope),
                from: chosenFrom, to: chosenTo, fixed: Policy.isFixedToMunicipality(scope), errors: FormErrors(errors))
            return Responses.html(Templates.summaryForm(page), status: errors.isEmpty ? .ok : .unprocessableContent)
        },
        Route(.get, "/municipalities/{id}/summary") { context in
            let (report, _) = try SummaryRoutes.report(context)
            var page = SummaryPage(report, chrome: context.chrome(title: "Итоговая справка: \(report.municipalityName)", current: Paths.summary))
            page.publicLinks = PublicPageLinks.forSummary(try context.scope, report.municipalityId, context.services.database)
            return Responses.html(Templates.summaryPage(page))
        },
        Route(.get, "/municipalities/{id}/summary.xlsx") { context in
            let (report, _) = try SummaryRoutes.report(context)
            let name = "Итоговая справка \(report.municipalityName) \(report.from.start)-\(report.to.start + 1).xlsx"
            return XLSXExport.response(try SummaryWorkbook.bytes(report), fileName: name,
                                       asciiFallback: "summary-\(report.municipalityId)-\(report.from.start)-\(report.to.start).xlsx")
        },
        Route(.get, "/municipalities/{id}/summary.docx") { context in
            let (report, _) = try SummaryRoutes.report(context)
            let name = "Итоговая справка \(report.municipalityName) \(report.from.start)-\(report.to.start + 1).docx"
            return XLSXExport.response(try SummaryDocument.bytes(report), fileName: name,
                                       asciiFallback: "summary-\(report.municipalityId)-\(report.from.start)-\(report.to.start).docx",
                                       contentType: XLSXExport.docxType)
        },
    ]

    /// The report of the path's municipality over `?from=&to=` (default: the last two years of the list).
    /// A bad range is a 404 for the page (the form checks what people type).
    static func report(_ context: RequestContext) throws -> (SummaryReport, Bool) {
        let scope = try context.scope
        let id = try context.id("id")
        let service = SummaryReports(database: context.services.database)
        try Policy.requireReadSummary(scope, municipalityId: id)
        var from = context.query["from"].flatMap(year(parsing:))
        var to = context.query["to"].flatMap(year(parsing:))
        let isDefault = from == nil && to == nil
        if isDefault {
            let range = try service.defaultRange(scope, municipalityId: id)
            from = range.from; to = range.to
        } else if from == nil {
            from = to
        } else if to == nil {
            to = from
        }
        do {
            return (try service.make(scope, municipalityId: id, from: from!, to: to!), isDefault)
        } catch DomainError.invalid {
            throw DomainError.notFound
        }
    }

    /// `2022` or `2022/2023`.
    static func year(parsing text: String) -> SchoolYear? {
        if let start = Int(text), (2000...2100).contains(start) { return SchoolYear(start) }
        return SchoolYear(parsing: text)
    }
}

/// The summary report in the navigation: those who may make one.
enum SummaryNavigation {
    static func items(for scope: Scope) -> [NavigationItem] {
        Policy.maySummaryForm(scope) ? [NavigationItem(title: "Итоговая справка", href: Paths.summary)] : []
    }
}
