import Core
import Foundation
import HTTPServer

/// A school's results with their chart, entry by hand, a municipality's figures and the results export.
enum ResultRoutes {
    static let routes: [Route] = [
        Route(.get, "/schools/{id}/results") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = context.query["year"].flatMap(ResultRoutes.year(parsing:))
            let overview = try Results(database: context.services.database).overview(scope, schoolId: id, year: year)
            let page = SchoolResultsPage(overview, chrome: context.chrome(title: "Результаты: \(overview.school.shortName)", current: Paths.schoolResults(id)))
            return Responses.html(Templates.resultsSchool(page))
        },
        Route(.get, "/schools/{id}/results/{year}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = try ResultRoutes.pathYear(context)
            let (school, grid) = try Results(database: context.services.database).editableGrid(scope, schoolId: id, year: year)
            return gridForm(context, school: school, grid: grid, submitted: nil)
        },
        Route(.post, "/schools/{id}/results/{year}/edit") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let year = try ResultRoutes.pathYear(context)
            let results = Results(database: context.services.database)
            let (school, grid) = try results.editableGrid(scope, schoolId: id, year: year)
            var forms: [Int64: ResultForm] = [:]
            for row in grid.rows {
                let pid = row.procedure.id!
                guard context.form["p\(pid).participants"] != nil else { continue }
                var f = ResultForm()
                func v(_ field: String) -> String { context.form["p\(pid).\(field)"] ?? "" }
                f.participants = v("participants"); f.mark2 = v("mark2"); f.mark3 = v("mark3"); f.mark4 = v("mark4"); f.mark5 = v("mark5")
                f.belowMinimum = v("belowMinimum"); f.meanScore = v("meanScore")
                f.lowered = v("lowered"); f.confirmed = v("confirmed"); f.raised = v("raised")
                forms[pid] = f
            }
            do {
                try results.saveGrid(scope, schoolId: id, year: year, forms: forms)
                return Responses.redirect(Notice.redirect(Paths.schoolResults(id, year: year.start), .saved))
            } catch DomainError.invalid(let errors) {
                return gridForm(context, school: school, grid: grid, submitted: context.form, errors: FormErrors(errors))
            }
        },
        Route(.get, "/municipalities/{id}/results") { context in
            let scope = try context.scope
            let id = try context.id("id")
            let overview = try Results(database: context.services.database).municipalityOverview(scope, municipalityId: id)
            let page = MunicipalityResultsPage(overview, chrome: context.chrome(title: "Результаты: \(overview.municipality.shortName)", current: Paths.municipalityResults(id)))
            return Responses.html(Templates.resultsMunicipality(page))
        },
        Route(.get, "/municipalities/{id}/results/export.csv") { context in
            let (table, name, ascii) = try ResultRoutes.export(context)
            return CSVExport.response(ResultsFileExport.csv(table), fileName: name + ".csv", asciiFallback: ascii + ".csv")
        },
        Route(.get, "/municipalities/{id}/results/export.xlsx") { context in
            let (table, name, ascii) = try ResultRoutes.export(context)
            return XLSXExport.response(try ResultsFileExport.xlsx(table), fileName: name + ".xlsx", asciiFallback: ascii + ".xlsx")
        },
    ]

    /// The results table of a municipality and year (`?year=`, else every year) and the download's names.
    static func export(_ context: RequestContext) throws -> (table: [[String]], name: String, ascii: String) {
        let scope = try context.scope
        let id = try context.id("id")
        let year = context.query["year"].flatMap(ResultRoutes.year(parsing:))
        let table = try ResultsExport(database: context.services.database).table(scope, municipalityId: id, year: year)
        let yearPart = year.map { " \($0.title.replacingOccurrences(of: "/", with: "-"))" } ?? ""
        return (table, "Результаты\(yearPart)", "results-\(id)\(year.map { "-\($0.start)" } ?? "")")
    }

    /// `2022` or `2022/2023`.
    static func year(parsing text: String) -> SchoolYear? {
        if let start = Int(text), (2000...2100).contains(start) { return SchoolYear(start) }
        return SchoolYear(parsing: text)
    }

    static func pathYear(_ context: RequestContext) throws -> SchoolYear {
        guard let text = context.parameters["year"], let start = Int(text), (2000...2100).contains(start) else { throw DomainError.notFound }
        return SchoolYear(start)
    }

    static func gridForm(_ context: RequestContext, school: School, grid: ResultGrid, submitted: FormData?,
                         errors: FormErrors = FormErrors()) -> HTTPResponse {
        let page = ResultGridPage(school: school, grid: grid, submitted: submitted, errors: errors,
                                  chrome: context.chrome(title: "Ввод результатов: \(school.shortName)"))
        return Responses.html(Templates.resultsGrid(page), status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
